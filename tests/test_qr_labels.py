"""QR images and A4 label sheets: the printed codes scan (zxing-cpp on a 300 dpi render) and lead to the record.

The symbol holds the address with its scheme and host in capitals (QR's alphanumeric mode: a smaller symbol);
RFC 3986 makes them case-insensitive, so a phone opens the same page. Photos of small labels:
tests/test_label_scanning.py."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tests import tools
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.config import Defaults
from traceapp.extensions import db
from traceapp.labels.services import print_sheet
from traceapp.labels.sheets import SIZES_MM, LabelText, Layout, LayoutError
from traceapp.labels.targets import assess
from traceapp.models import LabelPrint, Role

BASE = "https://truyxuat.ducpho.example"  # PUBLIC_BASE_URL in tests/conftest.py
SYMBOL_BASE = "HTTPS://TRUYXUAT.DUCPHO.EXAMPLE"  # what the QR code holds of it


def _decode_pdf(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Render every page at 300 dpi, as a printer would, and decode every QR code on it."""
    tools.require(*tools.PDFTOPPM)
    source = tmp_path / "sheet.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    return [[r.text for r in tools.read_qr_codes(Image.open(p))] for p in pages]


@pytest.fixture
def owner_batch(login_as):
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    product = make_product(business=business, name="Tinh bột nghệ Đức Phổ", gtin=valid_gtin(777))
    batch = make_batch(product=product, lot_code="NG-2026/11")
    plain = make_product(business=business, name="Muối hạt Sa Huỳnh")  # no GTIN: short /q/ code
    login_as(Role.BUSINESS, business=business)
    return product, batch, plain


@pytest.mark.parametrize("size", ["20", "25", "50"])
def test_every_printed_batch_label_scans_to_the_batch_page(client, owner_batch, tmp_path, size):
    product, batch, _ = owner_batch
    response = client.get(f"/batches/{batch.id}/labels.pdf?size={size}&count=12&margin=8&gap=2")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    decoded = [text for page in _decode_pdf(response.data, tmp_path) for text in page]
    assert len(decoded) == 12, "every label on the sheet must scan"
    # From 25 mm the lot's GS1 Digital Link; on 20 mm its short code (too dense otherwise: labels.targets).
    link = f"/01/{product.gtin}/10/NG-2026%2F11" if int(size) >= 25 else f"/q/{batch.public_code}"
    assert set(decoded) == {SYMBOL_BASE + link}
    page = client.get(urlsplit(decoded[0]).path)
    html = page.data.decode()
    assert page.status_code == 200
    assert "Tinh bột nghệ Đức Phổ" in html and "NG-2026/11" in html and "Hợp tác xã Nghệ Phổ Phong" in html


def test_product_without_gtin_prints_its_short_code(client, owner_batch, tmp_path):
    _, _, plain = owner_batch
    response = client.get(f"/products/{plain.id}/labels.pdf?size=30&count=3&margin=10")
    decoded = _decode_pdf(response.data, tmp_path)[0]
    assert decoded == [f"{SYMBOL_BASE}/q/{plain.public_code}"] * 3
    assert "Muối hạt Sa Huỳnh" in client.get(urlsplit(decoded[0]).path).data.decode()


def test_label_text_keeps_vietnamese_diacritics(client, owner_batch):
    _, batch, _ = owner_batch
    reader = PdfReader(io.BytesIO(client.get(f"/batches/{batch.id}/labels.pdf?size=50&count=2&margin=10").data))
    text = reader.pages[0].extract_text()
    for expected in (
        "Tinh bột nghệ Đức Phổ",
        "Hợp tác xã Nghệ Phổ Phong",
        "Quét để kiểm tra nguồn gốc",
        "Lô NG-2026/11",
        batch.public_code[:4] + "-" + batch.public_code[4:],
    ):
        assert expected in text


def test_many_labels_flow_onto_more_pages(client, owner_batch):
    product, _, _ = owner_batch
    # 30 mm labels are 60 mm wide: 3 across and 8 down fit inside 10 mm margins with 2 mm gaps.
    response = client.get(f"/products/{product.id}/labels.pdf?size=30&count=50&margin=10&gap=2")
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 3  # 24 + 24 + 2
    # Counted for the plan report's "QR labels generated".
    assert db.session.scalar(db.select(db.func.sum(LabelPrint.labels)).where(LabelPrint.product_id == product.id)) == 50


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("size=33&count=5&margin=10", "Not a valid choice"),
        ("size=30&count=0&margin=10", "Print from 1 to 1000 labels"),
        ("size=30&count=many&margin=10", "Not a valid integer"),
        ("size=30&count=5000&margin=10", "Print from 1 to 1000 labels"),
        ("size=30&count=5&margin=-1", "from 0 to 40 mm"),
        ("size=30&count=5&margin=10&gap=x", "Not a valid decimal"),
    ],
)
def test_bad_label_settings_get_a_400_that_says_why(client, owner_batch, english, query, message):
    product, _, _ = owner_batch
    response = client.get(f"/products/{product.id}/labels.pdf?{query}")
    assert response.status_code == 400
    assert message in response.data.decode()


def test_label_page_previews_the_label_and_offers_the_sheet(client, owner_batch):
    _, batch, _ = owner_batch
    html = client.get(f"/batches/{batch.id}/labels").data.decode()
    assert "Tinh bột nghệ Đức Phổ" in html and "Quét để kiểm tra nguồn gốc" in html
    assert f"/batches/{batch.id}/labels.pdf" in html


def test_qr_images_scan_and_are_cached_with_an_etag(app, client, owner_batch):
    product, batch, _ = owner_batch
    first = client.get(f"/batches/{batch.id}/qr.png")
    assert first.status_code == 200 and first.headers["ETag"]
    assert [r.text for r in tools.read_qr_codes(Image.open(io.BytesIO(first.data)))] == [
        f"{SYMBOL_BASE}/01/{product.gtin}/10/NG-2026%2F11"
    ]
    again = client.get(f"/batches/{batch.id}/qr.png", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    cached = list(Path(app.config["QR_CACHE_FOLDER"]).glob("*.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == first.data
    svg = client.get(f"/products/{product.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.lstrip().startswith(b"<?xml")
    assert svg.headers["ETag"] != first.headers["ETag"]


def _rasterise_svg(svg: bytes, scale: int = 4) -> Image.Image:
    """Paint the SVG's one path (``M x y h w v1 h-w z`` runs in viewBox units) on white, as a viewer would."""
    root = ElementTree.fromstring(svg)
    _, _, width, height = (int(n) for n in root.attrib["viewBox"].split())
    (path,) = root.iter("{http://www.w3.org/2000/svg}path")
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path.attrib["d"])
    assert "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs) == path.attrib["d"], "only module-sized runs"
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w in ((int(x), int(y), int(w)) for x, y, w in runs):
        draw.rectangle((x * scale, y * scale, (x + w) * scale - 1, (y + 1) * scale - 1), fill=0)
    return image


def test_svg_has_a_viewbox_so_it_scales_and_still_scans(client, owner_batch):
    product, batch, _ = owner_batch
    svg = client.get(f"/batches/{batch.id}/qr.svg").data
    root = ElementTree.fromstring(svg)
    png = Image.open(io.BytesIO(client.get(f"/batches/{batch.id}/qr.png").data))
    # viewBox in modules (quiet zone of 4 included), drawn size in pixels: 10 per module, as big as the PNG.
    _, _, side, _ = (int(n) for n in root.attrib["viewBox"].split())
    assert root.attrib["viewBox"] == f"0 0 {side} {side}"
    assert root.attrib["width"] == root.attrib["height"] == f"{side * 10}px"
    assert png.size == (side * 10, side * 10)
    assert root.attrib["shape-rendering"] == "crispEdges"
    decoded = tools.read_qr_codes(_rasterise_svg(svg))
    assert [r.text for r in decoded] == [f"{SYMBOL_BASE}/01/{product.gtin}/10/NG-2026%2F11"]


def _qr_symbol(png: bytes):
    (result,) = tools.read_qr_codes(Image.open(io.BytesIO(png)))
    return result


def test_codes_use_the_smallest_symbol_the_address_allows(client, owner_batch):
    """Capitals put the scheme and host in QR's alphanumeric mode: the lot's code is 29 × 29 modules (it was
    33 × 33), the product's short code 25 × 25 (it was 29 × 29); each at level L, the strongest level that
    fits the same size (docs/benchmarks.md has the measurements behind that choice)."""
    _, batch, plain = owner_batch
    lot = _qr_symbol(client.get(f"/batches/{batch.id}/qr.png").data)
    short = _qr_symbol(client.get(f"/products/{plain.id}/qr.png").data)
    assert (lot.extra["Version"], short.extra["Version"]) == ("3", "2")
    # 10 pixels a module with 4 modules of quiet zone each side.
    assert Image.open(io.BytesIO(client.get(f"/batches/{batch.id}/qr.png").data)).size == (370, 370)


def test_a_lowercase_lot_keeps_its_case_and_leads_to_its_batch(client, owner_batch, tmp_path):
    product, _, _ = owner_batch
    batch = make_batch(product=product, lot_code="lo-7/b")
    response = client.get(f"/batches/{batch.id}/labels.pdf?size=25&count=2&margin=10")
    decoded = _decode_pdf(response.data, tmp_path)[0]
    assert decoded == [f"{SYMBOL_BASE}/01/{product.gtin}/10/lo-7%2Fb"] * 2
    page = client.get(urlsplit(decoded[0]).path)
    assert page.status_code == 200 and "lo-7/b" in page.data.decode()


def test_a_sheet_of_1000_labels_draws_the_label_once(client, owner_batch):
    """Every label is the same drawing placed again: the PDF holds it once, so it stays small (it was about
    1.6 MB for 1,000 labels) and every page places it as often as it has labels."""
    _, batch, _ = owner_batch
    response = client.get(f"/batches/{batch.id}/labels.pdf?size=20&count=1000&margin=10&gap=2")
    assert response.status_code == 200
    assert len(response.data) < 150_000
    reader = PdfReader(io.BytesIO(response.data))
    forms = {
        obj.indirect_reference.idnum
        for page in reader.pages
        for obj in (xobject.get_object() for xobject in page["/Resources"]["/XObject"].values())
        if obj["/Subtype"] == "/Form"
    }
    assert len(forms) == 1
    placed = sum(page.get_contents().get_data().count(b" Do") for page in reader.pages)
    assert placed == 1000
    assert "Tinh bột nghệ Đức Phổ" in reader.pages[0].extract_text()


LONG_BASE = (
    "https://truyxuat.phuong-duc-pho.tinh-quang-ngai.example/he-thong-thong-tin-quan-ly/"
    "truy-xuat-nguon-goc-san-pham-hang-hoa-tren-dia-ban/tem-nhan-san-pham"
)


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": LONG_BASE}])
def test_a_code_too_dense_for_a_small_label_is_refused_with_the_size_that_works(client, owner_batch, english):
    """A long public address makes a 45 × 45 symbol even of the short code a 20-mm lot label carries: its squares
    would be 0.38 mm, under the 0.396 mm minimum (GS1 General Specifications), so the sheet is refused and nothing
    is counted; 25 mm prints."""
    _, batch, _ = owner_batch
    page = client.get(f"/batches/{batch.id}/labels").data.decode()
    assert "It fits labels of 25 mm and larger" in page
    refused = client.get(f"/batches/{batch.id}/labels.pdf?size=20&count=5&margin=10")
    assert refused.status_code == 400
    assert "On a 20 mm label the squares of this QR code would be 0.38 mm wide" in refused.data.decode()
    assert "Choose 25 mm or larger." in refused.data.decode()
    assert db.session.scalar(db.select(db.func.count()).select_from(LabelPrint)) == 0
    assert client.get(f"/batches/{batch.id}/labels.pdf?size=25&count=5&margin=10").status_code == 200


def test_the_largest_settings_the_form_allows_still_fit_a_label_on_the_page():
    assert Layout(size_mm=max(SIZES_MM), count=1, margin_mm=40, gap_mm=20).per_page >= 1


def test_a_sheet_that_cannot_be_drawn_is_not_counted(app):
    product = make_product(name="Muối hạt Sa Huỳnh")
    user = make_user(role=Role.BUSINESS, business=product.business)
    label = LabelText(
        url=f"{BASE}/q/{product.public_code}", product=product.name, business="", code="", call_to_scan=""
    )
    with pytest.raises(LayoutError):
        print_sheet(user, product, None, label, Layout(size_mm=50, count=5, margin_mm=120))
    assert db.session.scalar(db.select(db.func.count()).select_from(LabelPrint)) == 0
    assert print_sheet(user, product, None, label, Layout(size_mm=50, count=5)).startswith(b"%PDF")
    assert db.session.scalar(db.select(db.func.sum(LabelPrint.labels))) == 5


# --- Labels point home: a code is printed only for an address a phone can open (labels/targets.py: assess) -----

PRODUCTION = {"TESTING": False, "DEBUG": False}
DEFAULT_BASE = Defaults.PUBLIC_BASE_URL  # http://127.0.0.1:5000
LABEL_ROUTES = (
    "/products/{product}/qr.png",
    "/products/{product}/qr.svg",
    "/batches/{batch}/qr.png",
    "/batches/{batch}/qr.svg",
    "/products/{product}/labels",
    "/products/{product}/labels.pdf?size=30&count=5&margin=10",
    "/batches/{batch}/labels",
    "/batches/{batch}/labels.pdf?size=30&count=5&margin=10",
)


def _routes(product, batch) -> list[str]:
    return [route.format(product=product.id, batch=batch.id) for route in LABEL_ROUTES]


def test_the_refusal_covers_every_label_route(app):
    """A new QR or label route must join LABEL_ROUTES, so the refusal below is checked on it too."""
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("labels.")}
    listed = {
        route.split("?")[0].replace("{product}", "<int:product_id>").replace("{batch}", "<int:batch_id>")
        for route in LABEL_ROUTES
    }
    expected = {rule.replace("<any(png, svg):fmt>", fmt) for rule in rules for fmt in ("png", "svg")}
    assert listed == expected


@pytest.mark.parametrize(
    "app_config",
    [
        {**PRODUCTION, "PUBLIC_BASE_URL": Defaults.PUBLIC_BASE_URL},  # never set: the default names the server
        {**PRODUCTION, "PUBLIC_BASE_URL": None},
        {**PRODUCTION, "PUBLIC_BASE_URL": ""},
        {**PRODUCTION, "PUBLIC_BASE_URL": "http://localhost:8000"},
        {**PRODUCTION, "PUBLIC_BASE_URL": "http://127.0.0.1:5001/"},
        {**PRODUCTION, "PUBLIC_BASE_URL": "http://[::1]:5000"},
        {**PRODUCTION, "PUBLIC_BASE_URL": "http://0.0.0.0:5000"},
        {**PRODUCTION, "PUBLIC_BASE_URL": "truyxuat.ducpho.example"},  # no scheme: a scanner reads it as text
    ],
    ids=["unset", "none", "empty", "localhost", "127.0.0.1", "::1", "0.0.0.0", "no-scheme"],
)
def test_production_refuses_every_qr_and_label_until_the_address_is_set(client, owner_batch, english):
    product, batch, _ = owner_batch
    for url in _routes(product, batch):
        response = client.get(url)
        page = response.data.decode()
        assert response.status_code == 503, url
        assert response.mimetype == "text/html" and "no-store" in response.headers["Cache-Control"]
        assert "QR labels cannot be printed yet" in page, url
        assert "TRACEAPP_PUBLIC_BASE_URL=https://" in page and "PUBLIC_BASE_URL = “https://" in page
        assert "instance/config.py" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(LabelPrint)) == 0, (
        "nothing printed, nothing counted"
    )
    assert not list(Path(client.application.config["QR_CACHE_FOLDER"]).glob("*.*")), "no image drawn"


@pytest.mark.parametrize("app_config", [{**PRODUCTION, "PUBLIC_BASE_URL": BASE + "/"}])
def test_production_prints_for_the_address_it_was_given(client, owner_batch, tmp_path, english):
    product, batch, _ = owner_batch
    for url in _routes(product, batch):
        assert client.get(url).status_code == 200, url
    decoded = _decode_pdf(client.get(f"/batches/{batch.id}/labels.pdf?size=30&count=3&margin=10").data, tmp_path)
    assert decoded == [[f"{SYMBOL_BASE}/01/{product.gtin}/10/NG-2026%2F11"] * 3]
    page = client.get(f"/batches/{batch.id}/labels").data.decode()
    assert f'The QR code leads to:</strong> <a class="code" href="{BASE}/01/{product.gtin}/10/NG-2026%2F11">' in page
    assert "alert-warning" not in page


@pytest.mark.parametrize("app_config", [{**PRODUCTION, "PUBLIC_BASE_URL": "http://truyxuat.ducpho.example"}])
def test_plain_http_on_a_public_host_prints_but_the_page_recommends_https(client, owner_batch, english):
    product, _, _ = owner_batch
    png = client.get(f"/products/{product.id}/qr.png")
    assert png.status_code == 200
    assert _decoded_png(png.data) == [f"HTTP://TRUYXUAT.DUCPHO.EXAMPLE/01/{product.gtin}"]
    assert "Use an https:// address" in client.get(f"/products/{product.id}/labels").data.decode()


@pytest.mark.parametrize(
    "app_config",
    [{"PUBLIC_BASE_URL": DEFAULT_BASE}, {"TESTING": False, "DEBUG": True, "PUBLIC_BASE_URL": DEFAULT_BASE}],
    ids=["testing", "debug"],
)
def test_debug_and_testing_print_the_servers_own_address_and_say_phones_cannot_open_it(client, owner_batch, english):
    product, batch, _ = owner_batch
    png = client.get(f"/batches/{batch.id}/qr.png")
    assert png.status_code == 200
    assert _decoded_png(png.data) == [f"HTTP://127.0.0.1:5000/01/{product.gtin}/10/NG-2026%2F11"]
    page = client.get(f"/batches/{batch.id}/labels").data.decode()
    assert f'The QR code leads to:</strong> <a class="code" href="{DEFAULT_BASE}/01/' in page
    assert "only this computer can open it, not a phone" in page and "make run HOST=0.0.0.0" in page
    assert client.get(f"/batches/{batch.id}/labels.pdf?size=30&count=2&margin=10").status_code == 200


def test_the_label_page_shows_in_vietnamese_where_the_code_leads_above_the_preview(client, owner_batch):
    product, batch, _ = owner_batch
    page = client.get(f"/batches/{batch.id}/labels").data.decode()
    line = f'Mã QR dẫn tới:</strong> <a class="code" href="{BASE}/01/{product.gtin}/10/NG-2026%2F11">'
    assert line in page
    assert page.index(line) < page.index('class="label-preview"')


def _decoded_png(data: bytes) -> list[str]:
    return [r.text for r in tools.read_qr_codes(Image.open(io.BytesIO(data)))]


@pytest.mark.parametrize(
    ("url", "production", "printable", "advice"),
    [
        ("https://truyxuat.ducpho.example", True, True, None),
        ("https://truyxuat.ducpho.example/", True, True, None),
        ("https://ducpho.example/truyxuat", True, True, None),  # served under a path
        ("http://truyxuat.ducpho.example", True, True, "plain http"),
        ("http://192.168.1.20:8000", True, True, "plain http"),  # a phone on the ward's Wi-Fi opens it
        (DEFAULT_BASE, True, False, None),
        ("", True, False, None),
        (None, True, False, None),
        ("http://localhost", True, False, None),
        ("http://app.localhost:5000", True, False, None),
        ("http://127.0.0.2:5000", True, False, None),
        ("http://[::1]:5000", True, False, None),
        ("http://0.0.0.0:5000", True, False, None),
        ("http://[::]:5000", True, False, None),
        ("ftp://truyxuat.ducpho.example", True, False, None),
        ("https://", True, False, None),
        ("https://truyxuat.ducpho.example:port", True, False, None),
        ("https://truyxuat.ducpho.example/?a=1", True, False, None),
        (DEFAULT_BASE, False, True, "only this computer"),
        ("http://localhost:5001", False, True, "only this computer"),
        ("http://truyxuat.ducpho.example", False, True, None),
        ("", False, False, None),
        ("truyxuat.ducpho.example", False, False, None),
    ],
)
def test_the_rule_for_a_printable_address(bare_app, url, production, printable, advice):
    with bare_app.test_request_context("/?lang=en"):
        address = assess(url, production=production)
    assert address.printable is printable
    assert (address.problem is None) is printable
    assert advice in address.advice if advice else address.advice is None, address.advice
    if printable:
        assert address.url == url.rstrip("/")


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": "http://127.0.0.1:5000"}])
def test_a_page_says_why_there_is_no_qr_code_instead_of_showing_a_broken_image(app, client, owner_batch, english):
    """In production with the address unset, the product and batch pages show the reason, not an image that
    cannot load; with the address set they show the code and its downloads."""
    product, batch, _ = owner_batch
    app.testing = False  # judged as production: the default address is no address
    try:
        for url in (f"/products/{product.id}", f"/batches/{batch.id}"):
            page = client.get(url).data.decode()
            assert "qr-refused" in page and "(PUBLIC_BASE_URL) is not set" in page, url
            assert 'class="qr-preview"' not in page and "qr.png" not in page, url
    finally:
        app.testing = True
    app.config["PUBLIC_BASE_URL"] = "https://truyxuat.ducpho.example"
    for url in (f"/products/{product.id}", f"/batches/{batch.id}"):
        page = client.get(url).data.decode()
        assert 'class="qr-preview"' in page and "qr.png" in page and "qr-refused" not in page, url
