"""The phone's camera as the scanner (issue 13, items 3 and 5): Chromium's fake camera plays a video this test
writes — one of our printed labels, or a shop's EAN-13 barcode — and the "Quét mã" button must read it.

Each test launches its own Chromium (the video file is a launch flag) from the session's Playwright, with
``--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file.y4m>``; the camera permission is
granted through the browser context, or not granted for the fallback case. The video is raw Y4M (4:2:0) written
with Pillow: no ffmpeg. Headless Chromium on Linux has no ``BarcodeDetector`` (the shape-detection backend exists
only on Android, ChromeOS and macOS), so the WebAssembly polyfill is what reads here; the tests also delete
``window.BarcodeDetector`` before any script runs so that they keep exercising the polyfill wherever they run.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import qrcode
from flask_babel import force_locale, gettext
from PIL import Image

from tests import tools
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT
from tests.e2e.phone import login
from tests.factories import make_batch, make_business, make_inspection, make_product, make_user, valid_gtin
from traceapp import codes
from traceapp.labels import images
from traceapp.labels.targets import target_url
from traceapp.models import Role

zxingcpp = pytest.importorskip("zxingcpp", reason="requires zxing-cpp (pip install -r requirements-dev.txt)")

FRAME = (640, 480)
NO_NATIVE_DETECTOR = "delete window.BarcodeDetector;"
SCAN_TIMEOUT_MS = 30_000  # the first read fetches and compiles the 1 MB decoder on a shared, busy machine


def write_y4m(path: Path, picture: Image.Image, frames: int = 3) -> Path:
    """``picture`` centred on a white camera frame, as a Y4M video (the format Chromium's fake camera reads)."""
    frame = Image.new("RGB", FRAME, "white")
    frame.paste(picture, ((FRAME[0] - picture.width) // 2, (FRAME[1] - picture.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + planes)
    return path


def label_picture(app, product, batch=None) -> tuple[Image.Image, str]:
    """The QR image the app draws for a label, at a size a phone would see, and the text it holds (decoded)."""
    with app.test_request_context():
        png = images.png_bytes(target_url(product, batch))
    symbol = Image.open(io.BytesIO(png)).convert("RGB")
    return symbol.resize((300, 300), Image.Resampling.NEAREST), tools.read_qr_codes(symbol)[0].text


def barcode_picture(gtin13: str) -> Image.Image:
    symbol = zxingcpp.create_barcode(gtin13, zxingcpp.BarcodeFormat.EAN13)
    return Image.fromarray(symbol.to_image(scale=4)).convert("RGB")


@pytest.fixture
def camera(browser, live_server) -> Iterator[Callable]:
    """``camera(video, grant=True)``: a phone-sized page in a Chromium whose camera plays ``video``."""
    launched = []

    @contextmanager
    def _open(video: Path, *, grant: bool = True, native: str = NO_NATIVE_DETECTOR):
        args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"]
        if grant:
            args.append("--use-fake-ui-for-media-stream")
        chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=args, headless=True)
        launched.append(chromium)
        context = chromium.new_context(
            viewport=PHONE_VIEWPORT,
            is_mobile=True,
            has_touch=True,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=live_server.base_url,
        )
        if grant:
            context.grant_permissions(["camera"], origin=live_server.base_url)
        context.set_default_timeout(10_000)
        context.add_init_script(native)
        yield context.new_page()
        context.close()

    yield _open
    for chromium in launched:
        chromium.close()


def in_vietnamese(app, msgid: str) -> str:
    """What the page shows for ``msgid`` in Vietnamese (the msgid itself until its translation is merged)."""
    with app.test_request_context(), force_locale("vi"):
        return gettext(msgid)


def wait_for_code(page, code: str) -> None:
    page.wait_for_function("code => document.querySelector('#code').value === code", arg=code, timeout=SCAN_TIMEOUT_MS)


def test_inspector_scans_a_batch_label_into_the_item_entry(app, live_server, camera, tmp_path, screenshot):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm")
    product = make_product(business=business, name="Nước mắm cá cơm 40 độ đạm", gtin=valid_gtin())
    batch = make_batch(product=product, lot_code="NM-2026/07")
    inspector = make_user(role=Role.INSPECTOR)
    inspection = make_inspection(business=business, created_by=inspector)
    picture, url = label_picture(app, product, batch)
    assert "/01/" in url and url.startswith(live_server.base_url.upper())  # a Digital Link, host in capitals

    with camera(write_y4m(tmp_path / "label.y4m", picture)) as page:
        login(page, live_server, inspector)
        page.goto(live_server.url(f"/inspections/{inspection.id}/items/new"))
        fetched: dict[str, int] = {}
        page.on("requestfinished", lambda request: fetched.setdefault(request.url, request.sizes()["responseBodySize"]))
        button = page.locator("button[data-scan-target='#code']")
        assert button.inner_text().endswith(in_vietnamese(app, "Scan code"))
        button.click()
        page.locator(".scan-overlay video").wait_for()
        screenshot(page, "camera")
        wait_for_code(page, codes.display(batch.public_code))
        status = page.locator("#code-scan").inner_text()
        assert "Nước mắm cá cơm 40 độ đạm" in status and "NM-2026/07" in status
        assert page.evaluate("window.TraceScanner.decoder") == "polyfill"
        assert page.locator(".scan-overlay").count() == 0  # the camera is closed after the read
        # The decoder came from this site only when the button was pressed, the .wasm included: no CDN.
        assert all(url.startswith(live_server.base_url) for url in fetched), sorted(fetched)
        wasm = [size for url, size in fetched.items() if url.endswith(".wasm")]
        assert len(wasm) == 1 and wasm[0] < 1_200_000
        screenshot(page, "filled")
        page.locator("button[name=lookup]").click()
        shown = page.locator(".flash-success").inner_text()
        assert "Nước mắm cá cơm 40 độ đạm" in shown and "NM-2026/07" in shown


def test_a_shop_barcode_is_looked_up_as_a_product(app, live_server, camera, tmp_path):
    gtin = valid_gtin()
    product = make_product(business=make_business(name="Cơ sở Bánh tráng Cô Tư"), name="Bánh tráng mè đen", gtin=gtin)
    owner = make_user(role=Role.BUSINESS, business=make_business(name="Hộ kinh doanh Bún Chả Cá"))
    own_batch = make_batch(product=make_product(business=owner.business, name="Bún chả cá"), lot_code="B-01")

    with camera(write_y4m(tmp_path / "ean13.y4m", barcode_picture(gtin))) as page:
        login(page, live_server, owner)
        page.goto(live_server.url(f"/batches/{own_batch.id}/chain"))
        page.locator("details:has(#code) > summary").click()
        page.locator("button[data-scan-target='#code']").click()
        wait_for_code(page, codes.display(product.public_code))
        assert "Bánh tráng mè đen" in page.locator("#code-scan").inner_text()


def test_consumer_home_opens_the_page_of_a_scanned_label(app, live_server, camera, tmp_path):
    product = make_product(business=make_business(), name="Mắm ruốc Sa Huỳnh")
    picture, url = label_picture(app, product)
    assert url.endswith(f"/q/{product.public_code}")
    with camera(write_y4m(tmp_path / "home.y4m", picture)) as page:
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        page.wait_for_url(f"**/q/{product.public_code}", timeout=SCAN_TIMEOUT_MS)
        assert "Mắm ruốc Sa Huỳnh" in page.locator("main").inner_text()


def test_consumer_home_sends_an_unregistered_barcode_to_its_gtin_page(app, live_server, camera, tmp_path):
    gtin = valid_gtin()
    with camera(write_y4m(tmp_path / "unknown.y4m", barcode_picture(gtin))) as page:
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        page.wait_for_url(f"**/01/0{gtin}", timeout=SCAN_TIMEOUT_MS)
        assert f"0{gtin}" in page.locator("main").inner_text()


def test_a_denied_camera_falls_back_to_typing(app, live_server, camera, tmp_path):
    picture, _url = label_picture(app, make_product(business=make_business()))
    with camera(write_y4m(tmp_path / "denied.y4m", picture), grant=False) as page:
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        status = page.locator("#code-scan")
        status.wait_for(state="visible")
        assert status.inner_text() == in_vietnamese(
            app,
            "The camera is not allowed for this site. Type the code instead, or allow the camera in the browser’s "
            "site settings and try again.",
        )
        assert page.evaluate("window.TraceScanner.lastError") == "denied"
        assert page.evaluate("document.activeElement.id") == "code"  # the person is left where they can type
        assert page.locator(".scan-overlay").count() == 0
        assert page.url == live_server.url("/")


# A stand-in for the BarcodeDetector of Chrome on Android: it reads whatever the camera shows as ``code``, and says
# which formats it supports. Headless Chromium on Linux has none, so only a stand-in can show which path is taken.
NATIVE_DETECTOR = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(%(formats)s); }
  constructor(options) { window.nativeFormats = options.formats; }
  detect(source) {
    window.nativeSource = source.tagName;
    return Promise.resolve(source.videoWidth ? [{ rawValue: %(code)s, format: "qr_code" }] : []);
  }
};
"""


def test_the_browsers_own_detector_is_used_when_it_reads_our_formats(app, live_server, camera, tmp_path):
    product = make_product(business=make_business(), name="Chả cá Sa Huỳnh")
    picture, text = label_picture(app, product)
    full = NATIVE_DETECTOR % {"formats": '["qr_code", "ean_13", "ean_8", "upc_a", "code_128"]', "code": repr(text)}
    with camera(write_y4m(tmp_path / "native.y4m", picture), native=full) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        page.wait_for_url(f"**/q/{product.public_code}", timeout=SCAN_TIMEOUT_MS)
        assert not [url for url in requested if url.endswith((".wasm", "decoder.js"))]  # nothing more to download

    qr_only = NATIVE_DETECTOR % {"formats": '["qr_code"]', "code": '"never read"'}
    with camera(write_y4m(tmp_path / "qr-only.y4m", picture), native=qr_only) as page:
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        page.wait_for_url(f"**/q/{product.public_code}", timeout=SCAN_TIMEOUT_MS)  # read by the polyfill instead


def test_a_link_to_another_website_is_shown_not_opened(app, live_server, camera, tmp_path):
    foreign = "https://khuyen-mai.example/nhan-qua?ma=123"
    symbol = qrcode.make(foreign, box_size=6, border=4).get_image().convert("RGB")
    with camera(write_y4m(tmp_path / "foreign.y4m", symbol)) as page:
        page.goto(live_server.url("/"))
        page.locator("button[data-scan-action=open]").click()
        link = page.locator("#code-scan a")
        link.wait_for(timeout=SCAN_TIMEOUT_MS)
        assert link.get_attribute("href") == foreign and link.inner_text() == foreign
        warning = in_vietnamese(
            app, "This code leads to another website, not the ward’s. Open it only if you trust it:"
        )
        assert warning in page.locator("#code-scan").inner_text()
        assert page.url == live_server.url("/")
