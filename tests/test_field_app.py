"""The installable app: the manifest Android reads to offer "Thêm vào màn hình chính", the service worker's script
with what it keeps for offline work, and the field home linked from the inspector's pages."""

from __future__ import annotations

import json
import re

from PIL import Image

from tests.factories import make_user
from traceapp.field import offline_files
from traceapp.models import Role


def precache(client) -> list[dict[str, str]]:
    body = client.get("/sw.js").get_data(as_text=True)
    settings = re.match(r"self\.TRACEAPP_FIELD = (.*);\n", body)
    assert settings is not None
    return json.loads(settings.group(1))["precache"]


def test_the_manifest_makes_an_installable_vietnamese_app(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["lang"] == "vi" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/field" and manifest["scope"] == "/"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        with Image.open(__import__("io").BytesIO(image.data)) as png:
            assert f"{png.width}x{png.height}" == icon["sizes"]


def test_the_service_worker_is_served_at_the_root_and_keeps_the_offline_files(client):
    response = client.get("/sw.js")

    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # checked on every visit, so updates arrive
    body = response.get_data(as_text=True)
    assert "importScripts" in body and "workbox-precaching.prod.js" in body and "cdn" not in body.lower()
    urls = {entry["url"] for entry in precache(client)}
    assert {"/static/css/app.css", "/static/vendor/dexie/dexie.min.js", "/static/js/field/app.js"} <= urls
    assert "/static/js/field/sw.js" not in urls  # the worker itself is not precached
    if (offline_files.STATIC / "vendor/barcode-detector/zxing_reader.wasm").exists():
        assert "/static/vendor/barcode-detector/zxing_reader.wasm" in urls  # the camera scanner works offline
    for entry in precache(client):
        assert client.get(entry["url"]).status_code == 200, entry["url"]


def test_a_changed_file_gets_a_new_revision(tmp_path, monkeypatch):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body{}")
    monkeypatch.setattr(offline_files, "STATIC", tmp_path)
    before = dict(offline_files.files(fresh=True))
    (tmp_path / "css" / "app.css").write_text("body{color:red}")
    after = dict(offline_files.files(fresh=True))
    assert before["css/app.css"] != after["css/app.css"]


def test_field_staff_pages_link_the_manifest_and_register_the_worker(client, login_as):
    login_as(Role.INSPECTOR)
    work = client.get("/work").get_data(as_text=True)
    assert 'rel="manifest"' in work and "js/field/register.js" in work
    assert 'href="/field"' in work  # "Làm việc không cần mạng" on the work home
    shell = client.get("/field").get_data(as_text=True)
    assert 'name="csrf-token"' in shell and "vendor/dexie/dexie.min.js" in shell


def test_other_roles_get_no_field_app(client, login_as):
    login_as(make_user(role=Role.OFFICER))
    page = client.get("/work").get_data(as_text=True)
    assert 'rel="manifest"' not in page and "register.js" not in page
