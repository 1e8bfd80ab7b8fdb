"""A consumer reports a product from its public page on a small phone (360 px), with CSRF on as in real life,
and an inspector triages it on the same screen size: no page scrolls sideways."""

from __future__ import annotations

import re

from tests import images
from tests.e2e import phone
from tests.e2e.phone import assert_fits, login
from tests.factories import make_batch, make_product, make_user
from traceapp.models import Role

NARROW = {**phone.NARROW, "height": 740}  # a shorter screen than phone.NARROW


def test_report_from_a_phone_then_triage(page, live_server, screenshot, tmp_path):
    batch = make_batch(product=make_product(name="Nước mắm cá cơm Sa Huỳnh loại đặc biệt 40 độ đạm"))
    inspector = make_user(role=Role.INSPECTOR, name="Trần Thị Bình")
    photo = tmp_path / "nhan.jpg"
    photo.write_bytes(images.jpeg_with_gps((1200, 900)))
    page.set_viewport_size(NARROW)

    page.goto(live_server.url(f"/q/{batch.public_code}"))
    assert_fits(page, NARROW["width"])
    page.get_by_role("link", name="Gửi phản ánh về sản phẩm này").click()
    page.wait_for_url("**/report?code=*")
    assert "Nước mắm cá cơm Sa Huỳnh loại đặc biệt 40 độ đạm" in page.locator("main").inner_text()
    assert page.locator("input[name=website]").is_hidden(), "the honeypot is not shown to people"
    page.locator("input[name=kind][value=expired]").check()
    page.fill("textarea[name=message]", "Chai mua hôm nay ở chợ Đức Phổ đã hết hạn sử dụng.")
    page.set_input_files("input[name=photo]", str(photo))
    page.fill("input[name=phone]", "0905 123 456")
    assert_fits(page, NARROW["width"])
    screenshot(page, "form")
    page.get_by_role("button", name="Gửi phản ánh").click()

    page.wait_for_url(re.compile(r".*/report/[0-9A-Z]{8}$"))
    tracking = page.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", tracking)
    assert "0905" not in page.locator("main").inner_text()
    assert_fits(page, NARROW["width"])
    screenshot(page, "status")
    page.goto(live_server.url("/report/track"))
    page.fill("input[name=code]", tracking.lower())
    page.get_by_role("button", name="Xem phản ánh").click()
    page.wait_for_url(re.compile(r".*/report/[0-9A-Z]{8}$"))
    assert_fits(page, NARROW["width"])

    login(page, live_server, inspector, until="**/work")
    page.goto(live_server.url("/consumer-reports"))
    assert_fits(page, NARROW["width"])
    page.locator(".list a.title").first.click()
    page.wait_for_url(re.compile(r".*/consumer-reports/\d+$"))
    assert "0905123456" in page.locator("main").inner_text()
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") > 0, "the photo is served to staff"
    assert_fits(page, NARROW["width"])
    screenshot(page, "triage")
    page.fill("textarea[name=reply]", "Đoàn kiểm tra đã thu hồi lô hàng hết hạn.")
    page.get_by_role("button", name="Giải quyết xong").click()
    page.wait_for_selector(".flash-success")
    assert_fits(page, NARROW["width"])
