"""Labels scan from a phone held close (issue 12): every kind of label, printed on the smallest label offered
(20 mm), photographed by bench/labels_photo.py's simulated phone (blur, tilt, perspective, uneven light, noise,
JPEG; seeded) with the symbol 70 camera pixels wide, decodes in at least 95 % of the photos with zxing-cpp.

A small sample here (30 photos a kind, a few seconds); `python -m bench.labels` takes 100 a point, at more widths,
with the labels as they were printed before for comparison (docs/benchmarks.md).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from bench import labels_photo
from tests import tools
from tests.factories import make_batch, make_business, make_product, valid_gtin
from traceapp.clock import local_today
from traceapp.models import Role

SYMBOL_BASE = "HTTPS://TRUYXUAT.DUCPHO.EXAMPLE"  # PUBLIC_BASE_URL of tests/conftest.py, scheme and host in capitals
PHOTOS = 30
GOAL_PX, GOAL_RATE = 70, 0.95
LABEL_MM = 20


@pytest.fixture
def labels(client, login_as) -> dict[str, tuple[str, str]]:
    """Each kind of label: the route that prints it, and the text its QR code must read on a 20-mm label (a lot's
    on a 25-mm one too: from that size it carries the GS1 Digital Link, on 20 mm its short code)."""
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    with_gtin = make_product(business=business, name="Tinh bột nghệ Đức Phổ", gtin=valid_gtin(777))
    expiry = local_today() + timedelta(days=365)
    lot = make_batch(product=with_gtin, lot_code="NG-2026/11", expiry_date=expiry)
    plain = make_product(business=business, name="Muối hạt Sa Huỳnh")
    plain_batch = make_batch(product=plain, lot_code="SH-26-11", expiry_date=expiry)
    login_as(Role.BUSINESS, business=business)
    return {
        "product with a GTIN": (f"/products/{with_gtin.id}/labels.pdf", f"{SYMBOL_BASE}/01/{with_gtin.gtin}"),
        "lot of a GTIN, with expiry": (f"/batches/{lot.id}/labels.pdf", f"{SYMBOL_BASE}/q/{lot.public_code}"),
        "lot of a GTIN, 25-mm label": (
            f"/batches/{lot.id}/labels.pdf",
            f"{SYMBOL_BASE}/01/{with_gtin.gtin}/10/NG-2026%2F11",
        ),
        "product without a GTIN": (f"/products/{plain.id}/labels.pdf", f"{SYMBOL_BASE}/q/{plain.public_code}"),
        "batch of a product without a GTIN": (
            f"/batches/{plain_batch.id}/labels.pdf",
            f"{SYMBOL_BASE}/q/{plain_batch.public_code}",
        ),
    }


def _printed_label(client, route: str, expected: str, size: int = LABEL_MM) -> labels_photo.Master:
    """The first label of a sheet (20 mm unless said) from the app's own route, rendered at 600 dpi; the clean
    render must decode, and zxing-cpp says where its symbol is (so the photos are scaled by what is printed)."""
    tools.require(*tools.PDFTOPPM)
    response = client.get(f"{route}?size={size}&count=1&margin=0&gap=0")
    assert response.status_code == 200, response.data[:300]
    image = labels_photo.rasterise(response.data, crop_mm=(0, 0, 2 * size, size))
    (clean,) = tools.read_qr_codes(image)
    assert clean.text == expected
    corners = clean.position
    left, top = corners.top_left.x, corners.top_left.y
    side = corners.top_right.x - corners.top_left.x
    return labels_photo.Master(image, left, top, side)


KINDS = [
    "product with a GTIN",
    "lot of a GTIN, with expiry",  # its short code on 20 mm (labels.targets.GS1_LOT_MIN_LABEL_MM)
    "product without a GTIN",
    "batch of a product without a GTIN",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_20_mm_label_scans_from_a_phone_photo_with_the_symbol_70_px_wide(client, labels, kind):
    route, expected = labels[kind]
    master = _printed_label(client, route, expected)
    rate = labels_photo.decode_rate(master, expected, GOAL_PX, PHOTOS, seed=12)
    assert rate >= GOAL_RATE, f"{kind}: {rate:.0%} of {PHOTOS} photos decoded at {GOAL_PX} px"


def test_a_lot_label_with_its_gs1_digital_link_scans_with_the_symbol_80_px_wide(client, labels):
    """What the lot's GS1 Digital Link (29 modules, from 25 mm) does reach: it needed about 90 px before, and
    misses 95 % at 70 px, which is why the 20-mm lot label carries the short code."""
    route, expected = labels["lot of a GTIN, 25-mm label"]
    master = _printed_label(client, route, expected, size=25)
    rate = labels_photo.decode_rate(master, expected, 80, PHOTOS, seed=12)
    assert rate >= GOAL_RATE, f"{rate:.0%} of {PHOTOS} photos decoded at 80 px"


def test_the_simulated_photo_is_no_pushover(client, labels):
    """The same photos of the same label at 40 px mostly fail: the distortions bite, so a pass above means
    something."""
    route, expected = labels["product without a GTIN"]
    master = _printed_label(client, route, expected)
    assert labels_photo.decode_rate(master, expected, 40, 10, seed=12) <= 0.5


def test_the_phone_opens_the_scan_page_the_label_page_names(client, labels):
    """Scheme and host in capitals are the same address (RFC 3986): what a phone opens is the scan page of the
    record, and the label page still shows the address in the usual lowercase."""
    route, expected = labels["lot of a GTIN, 25-mm label"]
    _printed_label(client, route, expected, size=25)  # the printed symbol reads ``expected``
    decoded = urlsplit(expected)
    assert (decoded.scheme, decoded.hostname) == ("https", "truyxuat.ducpho.example")
    page = client.get(decoded.path)
    assert page.status_code == 200 and "Tinh bột nghệ Đức Phổ" in page.data.decode()
    assert "NG-2026/11" in page.data.decode()
    shown = client.get(route.removesuffix(".pdf")).data.decode()
    assert f'href="https://truyxuat.ducpho.example{decoded.path}"' in shown


def test_a_20_mm_lot_label_says_it_carries_the_short_code_and_opens_the_same_page(client, labels):
    small_route, short = labels["lot of a GTIN, with expiry"]
    _, digital_link = labels["lot of a GTIN, 25-mm label"]
    page = client.get(small_route.removesuffix(".pdf") + "?size=20").data.decode()
    assert 'id="short-for-size"' in page
    assert 'id="short-for-size"' not in client.get(small_route.removesuffix(".pdf") + "?size=25").data.decode()
    short_page, long_page = (client.get(urlsplit(url).path, follow_redirects=True) for url in (short, digital_link))
    assert short_page.status_code == long_page.status_code == 200
    assert "NG-2026/11" in short_page.data.decode() and "NG-2026/11" in long_page.data.decode()
