"""What a logged-in user is shown is never kept by a shared cache: staff pages and exports say ``no-store``,
private photos ``private`` (never ``public``); the app's own assets and product photos stay cacheable."""

from __future__ import annotations

import os

from tests.factories import make_business, make_inspection, make_item, make_product, make_report
from traceapp.extensions import db
from traceapp.models import InspectionPhoto, Role


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_staff_pages_and_exports_are_not_stored(client, login_as):
    login_as(Role.OFFICER)
    for url in ("/businesses", "/inspections", "/reports/export/workbook.xlsx", "/reports/export/package.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _directives(response) == {"no-store"}, url


def test_a_business_owners_pages_are_not_stored(client, login_as):
    business = make_business()
    login_as(Role.BUSINESS, business=business)
    response = client.get("/business")
    assert response.status_code == 200 and "no-store" in _directives(response)


def _stored(app, folder: str, name: str) -> None:
    os.makedirs(os.path.join(app.config["UPLOAD_FOLDER"], folder), exist_ok=True)
    with open(os.path.join(app.config["UPLOAD_FOLDER"], folder, name), "wb") as handle:
        handle.write(b"\xff\xd8\xff\xd9")


def test_private_photos_may_stay_in_the_browser_but_never_in_a_shared_cache(app, client, login_as):
    inspection = make_inspection()
    item = make_item(inspection=inspection)
    evidence, complaint = "ab" * 12 + ".jpg", "ef" * 12 + ".jpg"
    item.photos.append(InspectionPhoto(file_name=evidence, created_by_id=inspection.created_by_id))
    make_report(photo_name=complaint)
    db.session.commit()
    _stored(app, "inspections", evidence)
    _stored(app, "reports", complaint)
    login_as(inspection.created_by)
    for url in (f"/inspections/photos/{evidence}", f"/consumer-reports/photos/{complaint}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in _directives(response) and "public" not in _directives(response), url


def test_public_assets_stay_cacheable_for_everyone(app, client, login_as):
    product = make_product()
    os.makedirs(os.path.join(app.config["UPLOAD_FOLDER"], "products"), exist_ok=True)
    name = "cd" * 12 + ".jpg"
    with open(os.path.join(app.config["UPLOAD_FOLDER"], "products", name), "wb") as handle:
        handle.write(b"\xff\xd8\xff\xd9")
    login_as(Role.OFFICER)
    image = client.get(f"/media/products/{name}")
    assert image.status_code == 200 and "public" in _directives(image) and "no-store" not in _directives(image)
    assert "no-store" not in _directives(client.get("/static/css/app.css"))
    client.post("/logout")
    scan = client.get(f"/q/{product.public_code}")
    assert "no-store" not in _directives(scan)
