"""Benchmark of the field kit (issue 13, item 6), in Debian's Chromium through Playwright, against the app served
on 127.0.0.1 (a SQLite file in a temporary folder):

1. What the service worker downloads on the first visit: every response fetched by the worker (its precache, the
   Workbox scripts it imports, the kept field page), counted in bytes as sent (no compression: the app's server
   sends none), with the camera scanner's WebAssembly decoder on its own line. Goal: under 1.5 MB.
2. How long the offline work home takes to open, no network, with the CPU slowed ×4 (CDP
   ``Emulation.setCPUThrottlingRate``): from ``goto`` to the page's ``data-ready`` (records drawn from IndexedDB).
   Reference, same run: the same at ×1, and the online "My work" page (/work) at ×4.
3. How long one inspection with five photos (1600 px JPEGs, as the phone keeps them) takes to sync, from "send" to
   the server's answer stored: reference, same run: the same inspection with no photo.

    python -m bench.field [--runs 5] [--out /tmp/bench-W.md]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import platform
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

from PIL import Image
from werkzeug.serving import make_server

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT
from tests.factories import PASSWORD, make_batch, make_business, make_product, make_user
from traceapp import create_app
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.models import Role

GOAL_BYTES = 1_500_000
PHOTOS = 5


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _photo(seed: int) -> str:
    """A 1600×1200 JPEG with some detail (a flat colour would compress to nothing), base64."""
    image = Image.effect_noise((400, 300), 60 + seed).convert("RGB").resize((1600, 1200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return base64.b64encode(buffer.getvalue()).decode()


def _login(page, base: str, user) -> None:
    page.goto(base + "/login")
    page.fill("input[name=identifier]", user.phone)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/work")


def first_visit_bytes(browser, base: str, user) -> dict[str, int]:
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="vi-VN", service_workers="allow")
    sizes: dict[str, int] = {}

    def count(response) -> None:
        if response.request.service_worker is not None or response.url.endswith("/sw.js"):
            try:
                sizes[response.url.replace(base, "")] = len(response.body())
            except Exception:  # an opaque redirect has no body to count
                sizes[response.url.replace(base, "")] = 0

    context.on("response", count)
    page = context.new_page()
    _login(page, base, user)
    page.goto(base + "/field")
    page.wait_for_selector("#field[data-ready]")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_timeout(1500)
    context.close()
    return sizes


def _timed_open(browser, base: str, user, *, rate: float, offline: bool, path: str, ready: str, runs: int):
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="vi-VN")
    page = context.new_page()
    _login(page, base, user)
    page.goto(base + "/field")
    page.wait_for_selector("#field[data-ready]")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_selector("#field[data-ready]")
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    context.set_offline(offline)
    times = []
    for _ in range(runs + 1):
        page.goto("about:blank")
        start = time.perf_counter()
        page.goto(base + path)
        page.wait_for_selector(ready, timeout=60_000)
        times.append(time.perf_counter() - start)
    context.close()
    return statistics.median(times[1:])  # the first run warms the caches


def sync_time(browser, base: str, user, *, photos: int, runs: int) -> float:
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="vi-VN")
    page = context.new_page()
    _login(page, base, user)
    page.goto(base + "/field")
    page.wait_for_selector("#field[data-ready]")
    page.evaluate("() => TraceField.ready")
    lines = [check.key for check in checklist.lines_for(["labelling"])]
    pictures = [_photo(n) for n in range(photos)]
    times = []
    for _ in range(runs):
        record_id, item_id = str(uuid.uuid4()), str(uuid.uuid4())
        photo_ids = [str(uuid.uuid4()) for _ in pictures]
        page.evaluate(
            """async ([recordId, itemId, photoIds, pictures, lines]) => {
                const db = TraceField.db;
                for (let i = 0; i < photoIds.length; i++) {
                    const bytes = Uint8Array.from(atob(pictures[i]), c => c.charCodeAt(0));
                    await db.photos.add({cid: photoIds[i], inspection: recordId, item: itemId,
                        blob: new Blob([bytes], {type: "image/jpeg"}), sent: 0});
                }
                const checks = Object.fromEntries(lines.map(k => [k, "pass"]));
                const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
                await db.inspections.add(FieldStore.touch({cid: recordId, items: [{cid: itemId, code: "",
                    description: "Nước mắm", checks: checks, note: "", photos: photoIds, known: {}}],
                    violations: [], submit: null, server: null, error: null, updated: now,
                    header: {kind: "unannounced", fields: ["labelling"], started_at: now, business_id: null,
                             place_name: "Sạp chợ Thạch Trụ", place_address: "", decision_number: ""}}));
            }""",
            [record_id, item_id, photo_ids, pictures, lines],
        )
        start = time.perf_counter()
        page.evaluate("() => TraceField.send()")
        times.append(time.perf_counter() - start)
        assert page.evaluate("(id) => TraceField.db.inspections.get(id).then(r => r.dirty)", record_id) == 0
    context.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-field-"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "QR_CACHE_FOLDER": str(folder / "qr"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        db.create_all()
        for n in range(60):  # a ward's worth of businesses and codes kept on the phone
            make_batch(product=make_product(business=make_business(name=f"Cơ sở {n:02d} Đức Phổ")))
        user = make_user(role=Role.INSPECTOR)
        server, base = _serve(app)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            sizes = first_visit_bytes(browser, base, user)
            field = "#field[data-ready]"
            offline_x4 = _timed_open(
                browser, base, user, rate=4, offline=True, path="/field", ready=field, runs=args.runs
            )
            offline_x1 = _timed_open(
                browser, base, user, rate=1, offline=True, path="/field", ready=field, runs=args.runs
            )
            work_x4 = _timed_open(
                browser, base, user, rate=4, offline=False, path="/work", ready="main h1", runs=args.runs
            )
            with_photos = sync_time(browser, base, user, photos=PHOTOS, runs=args.runs)
            without = sync_time(browser, base, user, photos=0, runs=args.runs)
            browser.close()
        server.shutdown()
    total = sum(sizes.values())
    wasm = sum(size for url, size in sizes.items() if url.endswith(".wasm"))
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    lines = [
        "## Field kit (issue 13): service worker, offline home, sync",
        "",
        f"Measured by `python -m bench.field --runs {args.runs}` on {platform.machine()}, {os.cpu_count()} cores,"
        " Chromium headless at 390×844, the app on werkzeug at 127.0.0.1 (SQLite). The machine was shared with other"
        " jobs while this ran: read the ratios, not the absolute times.",
        "",
        "| figure | measured | reference (same run) | ratio |",
        "|---|---|---|---|",
        f"| bytes the service worker downloads on the first visit | {total / 1e6:.2f} MB ({len(sizes)} files;"
        f" the WebAssembly decoder {wasm / 1e6:.2f} MB) | goal 1.50 MB | {total / GOAL_BYTES:.2f} of the goal |",
        f"| opening the offline work home, CPU ×4, no network (median of {args.runs}) | {offline_x4 * 1000:.0f} ms"
        f" | ×1: {offline_x1 * 1000:.0f} ms; online /work at ×4: {work_x4 * 1000:.0f} ms"
        f" | {offline_x4 / offline_x1:.1f}× the ×1 time; {offline_x4 / work_x4:.2f}× /work |",
        f"| syncing one inspection with {PHOTOS} photos of 1600 px (median of {args.runs})"
        f" | {with_photos * 1000:.0f} ms | the same with no photo: {without * 1000:.0f} ms"
        f" | {with_photos / without:.1f}× |",
        "",
        "Largest downloads: " + ", ".join(f"`{url}` {size / 1000:.0f} kB" for url, size in biggest) + ".",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
