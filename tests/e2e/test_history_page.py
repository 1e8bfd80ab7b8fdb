"""The ward officer opens a product's history of changes on a 360-px phone: it reads without sideways scrolling."""

from __future__ import annotations

from tests.factories import PASSWORD, make_product, make_user
from traceapp.extensions import db
from traceapp.models import Role

NARROW = {"width": 360, "height": 780}


def test_officer_reads_a_product_history_on_a_narrow_phone(page, live_server, screenshot):
    product = make_product(name="Nước mắm cá cơm Sa Huỳnh 40 độ đạm thượng hạng")
    product.description = "Ủ chượp 12 tháng trong thùng gỗ bời lời, " * 6
    product.conformity_declaration = "Bản tự công bố số 01/2026/CBSP-NMSH-DUCPHO-QUANGNGAI-0000123456789"
    db.session.commit()
    officer = make_user(role=Role.OFFICER)

    page.set_viewport_size(NARROW)
    page.goto(live_server.url("/login"))
    page.fill("input[name=identifier]", officer.phone)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url(f"/products/{product.id}"))
    page.click(f"a[href='/history/product/{product.id}']")
    page.wait_for_url(f"**/history/product/{product.id}")

    main = page.locator("main").inner_text()
    assert "Lịch sử thay đổi" in page.locator("h1").inner_text()
    assert "thùng gỗ bời lời" in main and "0000123456789" in main
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "history")
    assert width <= NARROW["width"], f"the history page scrolls sideways at 360 px ({width} px wide)"
