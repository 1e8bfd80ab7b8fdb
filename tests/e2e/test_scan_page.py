"""A consumer scans a batch's printed QR code with a phone: the page fits the screen and says what matters."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from tests import tools
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import NARROW, login, overflow
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.clock import local_today
from traceapp.models import BatchStatus, Role


def _scan_qr_of_batch(app, batch) -> str:
    """Fetch the batch's QR image as its business would print it, and decode it like a phone camera."""
    owner = make_user(role=Role.BUSINESS, business=batch.product.business)
    client = app.test_client()
    # CSRF is on in the e2e app; sign the owner in through the session rather than the login form.
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()
        session["_fresh"] = True
    image = client.get(f"/batches/{batch.id}/qr.png")
    assert image.status_code == 200
    return tools.read_qr_codes(Image.open(io.BytesIO(image.data)))[0].text


def test_scanned_batch_page_on_a_phone(app, page, live_server, screenshot):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh")
    product = make_product(business=business, name="Nước mắm cá cơm Sa Huỳnh 40 độ đạm", gtin=valid_gtin(4040))
    batch = make_batch(
        product=product, lot_code="SH-2026/09", production_date=date(2026, 9, 1), expiry_date=date(2028, 9, 1)
    )
    url = _scan_qr_of_batch(app, batch)
    # The symbol spells the scheme and host in capitals (fewer QR modules); they are case-blind, and the browser
    # opens the address as it was scanned.
    assert url.startswith(live_server.base_url.upper() + "/01/")

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


def test_recalled_batch_page_says_so_first_on_a_narrow_phone(app, page, live_server, screenshot):
    """At 360 px the verdict is the first thing a consumer reads, and nothing below calls the batch in circulation."""
    product = make_product(name="Nước mắm cá cơm Sa Huỳnh 30 độ đạm")
    batch = make_batch(
        product=product,
        lot_code="SH-2026/10",
        expiry_date=local_today() - timedelta(days=3),
        status=BatchStatus.RECALLED,
        status_reason="Nhãn không ghi hạn sử dụng đúng quy định.",
    )
    page.set_viewport_size(NARROW)

    response = page.goto(live_server.url(f"/q/{batch.public_code}"))

    assert response is not None and response.status == 200
    verdict = page.locator("main #verdict")
    first_block = page.locator("main > *").first
    assert first_block.get_attribute("id") == "verdict", "the verdict is the first thing on the page"
    assert "Không sử dụng" in verdict.inner_text() or "Do not use" in verdict.inner_text()
    assert "Nhãn không ghi hạn sử dụng đúng quy định." in verdict.inner_text()
    box = verdict.bounding_box()
    assert box is not None and box["y"] < NARROW["height"] / 2, "the verdict is seen without scrolling"
    body = page.locator("main").inner_text()
    assert "Đang lưu thông" not in body and "Đang kinh doanh" not in body
    problem = overflow(page, NARROW["width"])
    screenshot(page, "recalled-360")
    assert problem is None, problem


def test_the_business_sees_the_consumers_verdict_on_its_batch_page(app, page, live_server, screenshot):
    batch = make_batch(expiry_date=local_today() - timedelta(days=1), lot_code="SH-2026/08")
    owner = make_user(role=Role.BUSINESS, business=batch.product.business)
    page.set_viewport_size(NARROW)
    login(page, live_server, owner)

    page.goto(live_server.url(f"/batches/{batch.id}"))

    badge = page.locator(".verdict-compact")
    assert "Đã hết hạn sử dụng" in badge.inner_text() or "Past its expiry date" in badge.inner_text()
    assert "Đang lưu thông" not in page.locator("h1").inner_text()
    problem = overflow(page, NARROW["width"])
    screenshot(page, "business-batch-360")
    assert problem is None, problem
