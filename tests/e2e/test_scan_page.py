"""A consumer scans a batch's printed QR code with a phone: the page fits the screen and says what matters."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import overflow
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.models import Role


def _scan_qr_of_batch(app, batch) -> str:
    """Fetch the batch's QR image as its business would print it, and decode it like a phone camera."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="requires zxing-cpp (pip install -r requirements-dev.txt)")
    owner = make_user(role=Role.BUSINESS, business=batch.product.business)
    client = app.test_client()
    # CSRF is on in the e2e app; sign the owner in through the session rather than the login form.
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()
        session["_fresh"] = True
    image = client.get(f"/batches/{batch.id}/qr.png")
    assert image.status_code == 200
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))[0].text


def test_scanned_batch_page_on_a_phone(app, page, live_server, screenshot):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh")
    product = make_product(business=business, name="Nước mắm cá cơm Sa Huỳnh 40 độ đạm", gtin=valid_gtin(4040))
    batch = make_batch(
        product=product, lot_code="SH-2026/09", production_date=date(2026, 9, 1), expiry_date=date(2028, 9, 1)
    )
    url = _scan_qr_of_batch(app, batch)
    assert url.startswith(live_server.base_url + "/01/")

    response = page.goto(url)

    assert response is not None and response.status == 200
    body = page.locator("main")
    assert "Nước mắm cá cơm Sa Huỳnh 40 độ đạm" in page.locator("h1").inner_text()
    assert "Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh" in body.inner_text()
    assert "Đã được phường xác minh" in body.inner_text()
    assert "01/09/2028" in body.inner_text() and "SH-2026/09" in body.inner_text()
    problem = overflow(page, PHONE_VIEWPORT["width"])
    screenshot(page, "batch")
    assert problem is None, problem
