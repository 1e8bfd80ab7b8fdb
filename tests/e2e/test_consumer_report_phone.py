"""A consumer reports a product from its public page on a small phone (360 px), with CSRF on as in real life,
and an inspector triages it on the same screen size: no page scrolls sideways."""

from __future__ import annotations

import re

from tests import images
from tests.factories import PASSWORD, make_batch, make_product, make_user
from traceapp.models import Role

NARROW = {"width": 360, "height": 740}


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} scrolls sideways at 360 px ({width} px)"


def test_report_from_a_phone_then_triage(page, live_server, screenshot, tmp_path):
    batch = make_batch(product=make_product(name="Nước mắm cá cơm Sa Huỳnh loại đặc biệt 40 độ đạm"))
    inspector = make_user(role=Role.INSPECTOR, name="Trần Thị Bình")
    photo = tmp_path / "nhan.jpg"
    photo.write_bytes(images.jpeg_with_gps((1200, 900)))
    page.set_viewport_size(NARROW)

    page.goto(live_server.url(f"/q/{batch.public_code}"))
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Báo cáo vấn đề về sản phẩm này").click()
    page.wait_for_url("**/report?code=*")
    assert "Nước mắm cá cơm Sa Huỳnh loại đặc biệt 40 độ đạm" in page.locator("main").inner_text()
    assert page.locator("input[name=website]").is_hidden(), "the honeypot is not shown to people"
    page.locator("input[name=kind][value=expired]").check()
    page.fill("textarea[name=message]", "Chai mua hôm nay ở chợ Đức Phổ đã hết hạn sử dụng.")
    page.set_input_files("input[name=photo]", str(photo))
    page.fill("input[name=phone]", "0905 123 456")
    _no_sideways_scroll(page)
    screenshot(page, "form")
    page.get_by_role("button", name="Gửi phản ánh").click()

    page.wait_for_url(re.compile(r".*/report/[0-9A-Z]{8}$"))
    tracking = page.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", tracking)
    assert "0905" not in page.locator("main").inner_text()
    _no_sideways_scroll(page)
    screenshot(page, "status")
    page.goto(live_server.url("/report/track"))
    page.fill("input[name=code]", tracking.lower())
    page.get_by_role("button", name="Xem phản ánh").click()
    page.wait_for_url(re.compile(r".*/report/[0-9A-Z]{8}$"))
    _no_sideways_scroll(page)

    page.goto(live_server.url("/login"))
    page.fill("input[name=identifier]", inspector.phone)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/work")
    page.goto(live_server.url("/reports"))
    _no_sideways_scroll(page)
    page.locator(".list a.title").first.click()
    page.wait_for_url(re.compile(r".*/reports/\d+$"))
    assert "0905123456" in page.locator("main").inner_text()
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") > 0, "the photo is served to staff"
    _no_sideways_scroll(page)
    screenshot(page, "triage")
    page.fill("textarea[name=reply]", "Đoàn kiểm tra đã thu hồi lô hàng hết hạn.")
    page.get_by_role("button", name="Giải quyết xong").click()
    page.wait_for_selector(".flash-success")
    _no_sideways_scroll(page)
