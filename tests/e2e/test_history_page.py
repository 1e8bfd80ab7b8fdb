"""The ward officer opens a product's history of changes on a 360-px phone: it reads without sideways scrolling."""

from __future__ import annotations

from tests.e2e.phone import NARROW, login, overflow
from tests.factories import make_product, make_user
from traceapp.extensions import db
from traceapp.models import Role


def test_officer_reads_a_product_history_on_a_narrow_phone(page, live_server, screenshot):
    product = make_product(name="Nước mắm cá cơm Sa Huỳnh 40 độ đạm thượng hạng")
    product.description = "Ủ chượp 12 tháng trong thùng gỗ bời lời, " * 6
    product.conformity_declaration = "Bản tự công bố số 01/2026/CBSP-NMSH-DUCPHO-QUANGNGAI-0000123456789"
    db.session.commit()
    officer = make_user(role=Role.OFFICER)

    page.set_viewport_size(NARROW)
    login(page, live_server, officer)
    page.goto(live_server.url(f"/products/{product.id}"))
    page.click(f"a[href='/history/product/{product.id}']")
    page.wait_for_url(f"**/history/product/{product.id}")

    main = page.locator("main").inner_text()
    assert "Lịch sử thay đổi" in page.locator("h1").inner_text()
    assert "thùng gỗ bời lời" in main and "0000123456789" in main
    problem = overflow(page, NARROW["width"])
    screenshot(page, "history")
    assert problem is None, problem
