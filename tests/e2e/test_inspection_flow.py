"""An inspector on a phone in the market: scan a batch, start an inspection, check the item with a photo,
record a violation, submit; the batch's public page then warns consumers."""

from __future__ import annotations

from tests import images
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import assert_fits, login
from tests.factories import make_agency, make_batch, make_business, make_product, make_user
from traceapp.models import Role


def test_inspector_records_a_violation_that_consumers_then_see(page, live_server, screenshot, tmp_path):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh")
    product = make_product(business=business, name="Nước mắm cá cơm Sa Huỳnh 40 độ đạm")
    batch = make_batch(product=product, lot_code="SH-2026/10")
    inspector = make_user(
        role=Role.INSPECTOR, name="Trần Thị Bình", agency=make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ")
    )
    photo = tmp_path / "nhan.jpg"
    photo.write_bytes(images.jpeg_with_gps((1200, 900)))

    login(page, live_server, inspector, until="**/work")
    assert_fits(page, PHONE_VIEWPORT["width"])

    # The QR on the bottle opens the public page; a logged-in inspector is offered to inspect it.
    page.goto(live_server.url(f"/q/{batch.public_code}"))
    page.get_by_role("link", name="Kiểm tra sản phẩm này").click()
    page.wait_for_url("**/inspections/scan**")
    page.get_by_role("link", name="Bắt đầu kiểm tra tại đây").click()
    page.wait_for_url("**/inspections/new**")
    assert_fits(page, PHONE_VIEWPORT["width"])
    page.get_by_label("Nhãn hàng hóa", exact=True).check()
    screenshot(page, "start")
    page.get_by_role("button", name="Bắt đầu").click()

    # The item form opens with the scanned batch and the label checklist, no line answered yet; the expiry
    # date is missing from the label. The inspector marks that first and saves the rest for later.
    page.wait_for_url("**/items/new**")
    assert "Nước mắm cá cơm Sa Huỳnh 40 độ đạm" in page.locator("main").inner_text()
    radios = page.locator("fieldset.checklist input[type=radio]")
    assert radios.count() > 0 and page.locator("fieldset.checklist input[type=radio]:checked").count() == 0
    assert page.locator("input[name^=check_quality]").count() == 0, "a labels inspection asks the label lines only"
    page.locator("input[name=check_label_expiry][value=fail]").check(force=True)
    page.set_input_files("input[name=photos]", str(photo))
    page.fill("textarea[name=note]", "Nhãn không ghi hạn sử dụng")
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "item")
    page.get_by_role("button", name="Lưu mặt hàng").click()
    page.wait_for_selector(".flash-success")

    page.get_by_role("link", name="‹ ").first.click()
    page.wait_for_url("**/inspections/*")

    # Submitting with lines unanswered is refused, naming the item and the line; the record stays a draft.
    page.fill("textarea[name=conclusion]", "Cơ sở vi phạm quy định về nhãn hàng hóa.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp biên bản").click()
    page.wait_for_selector(".flash-error")
    refusal = page.locator(".flash-error").inner_text()
    assert "Nước mắm cá cơm Sa Huỳnh 40 độ đạm" in refusal and "“Tên hàng h" in refusal
    assert page.locator("#submit").is_visible(), "still a draft"

    # The inspector opens the item and answers every open line: passed, or not applicable on purpose.
    page.locator("a[href*='/items/'][href$='/edit']").first.click()
    page.wait_for_url("**/items/*/edit")
    assert page.locator("input[name=check_label_expiry][value=fail]").is_checked(), "the answer given is kept"
    for name in page.locator("fieldset.checklist .segmented").evaluate_all(
        "groups => groups.map(g => g.querySelector('input').name)"
    ):
        if not page.locator(f"input[name={name}]:checked").count():
            answer = "na" if name == "check_label_warnings" else "pass"
            page.locator(f"input[name={name}][value={answer}]").check(force=True)
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "item-answered")
    page.get_by_role("button", name="Lưu mặt hàng").click()
    page.wait_for_selector(".flash-success")
    page.get_by_role("link", name="+ Lập biên bản vi phạm").click()
    page.select_option("select[name=category]", "labels")
    page.fill("textarea[name=description]", "Nhãn hàng hóa không ghi hạn sử dụng")
    page.select_option("select[name=measure]", "warning")
    page.get_by_role("button", name="Ghi nhận").click()

    page.wait_for_selector("#violations")
    page.fill("textarea[name=conclusion]", "Cơ sở vi phạm quy định về nhãn hàng hóa.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp biên bản").click()
    page.wait_for_selector(".flash-success")
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "submitted")

    # A consumer scanning the same bottle now sees the warning.
    page.goto(live_server.url(f"/q/{batch.public_code}"))
    warning = page.locator("#inspection-result .alert-danger")
    assert warning.is_visible()
    assert "không đạt" in warning.inner_text().lower() or "KHÔNG" in warning.inner_text()
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "public-warning")
