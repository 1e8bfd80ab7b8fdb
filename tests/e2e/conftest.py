"""Browser tests: the real app served on 127.0.0.1 and Debian's Chromium driven by Playwright.

Fixtures:
- ``app_config``: the e2e app runs on a SQLite file in ``tmp_path`` (also in the PostgreSQL pass) with CSRF on,
  as a real browser would meet it. Override it in a test module with ``e2e_config(tmp_path, SETTING=...)``.
- ``live_server``: the ``app`` (tests/conftest.py) served by werkzeug in a thread on a random port;
  ``PUBLIC_BASE_URL`` is the server's own URL, so QR codes and links point at it. ``live_server.url("/q/...")``.
  Data made with ``tests.factories`` in the test is visible to the server (same SQLite file).
- ``browser``: one headless Chromium per test session (``/usr/bin/chromium``; never ``playwright install``).
- ``page``: a fresh browser context per test with a 390×844 phone viewport, Vietnamese locale and the
  Asia/Ho_Chi_Minh time zone. A failing test leaves a screenshot in test-artifacts/screenshots/.
- ``screenshot``: ``screenshot(page, "name")`` saves test-artifacts/screenshots/<test>-<name>.png.

Without Chromium the tests skip with "requires Chromium at /usr/bin/chromium" (a failure in CI: tests/ci_guard.py).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


@dataclass
class LiveServer:
    base_url: str
    app: object

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)


def e2e_config(tmp_path, **overrides) -> dict:
    """Settings for the served app; a test module overriding ``app_config`` should start from these."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        "WTF_CSRF_ENABLED": True,
        **overrides,
    }


@pytest.fixture
def app_config(tmp_path):
    return e2e_config(tmp_path)


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(base_url=base_url, app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _require_chromium() -> None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"requires Chromium at {CHROMIUM} (Debian package chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip(f"requires Chromium at {CHROMIUM} driven by Playwright (pip install -r requirements-dev.txt)")


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:150]


@pytest.fixture
def screenshot(request):
    def _take(page, name: str = "") -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (_artifact_name(request.node.nodeid) + (f"-{name}" if name else "") + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


@pytest.fixture
def page(browser, live_server, request, screenshot):
    context = browser.new_context(
        viewport=PHONE_VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.base_url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            try:
                screenshot(page, "failed")
            except Exception as exc:  # the page may be gone; the test failure is what matters
                print(f"could not save a screenshot: {exc}")
        context.close()
