"""The plan report pages on a 360-px phone, with CSRF on as a browser meets them: no sideways scrolling, the
charts drawn, and the report started, filled in by a department, the others marked "no content to report",
locked (refused while a department is missing) and recorded as sent through the forms."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.phone import NARROW, login, wide_pages
from tests.factories import (
    make_agency,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_user,
    make_violation,
)
from traceapp.clock import local_midnight, local_today, utcnow
from traceapp.extensions import db
from traceapp.models import (
    CheckResult,
    InspectionStatus,
    Measure,
    PlanReport,
    ReportState,
    Role,
    ScanDay,
    ViolationCategory,
)

LONG = "Công ty TNHH Chế biến Thủy hải sản và Nước mắm truyền thống Sa Huỳnh Đức Phổ"


def test_plan_report_pages_fit_a_phone_and_the_report_is_locked_and_sent_through_the_forms(
    page, live_server, screenshot
):
    today = local_today()
    business = make_business(name=LONG)
    product = make_product(business=business, name="Nước mắm cá cơm nhĩ thượng hạng Sa Huỳnh 40 độ đạm chai 500 ml")
    db.session.add(ScanDay(public_code=product.public_code, day=today, product_id=product.id, count=123456))
    # An hour ago, but never before this month began in the ward: the month's report below must count it
    # (at 00:30 on the 1st, an hour ago is last month).
    started_at = max(utcnow() - timedelta(hours=1), local_midnight(today.replace(day=1)))
    inspection = make_inspection(business=business, status=InspectionStatus.SUBMITTED, started_at=started_at)
    make_item(inspection=inspection, description="Nước mắm", result=CheckResult.FAIL)
    make_violation(
        inspection=inspection,
        category=ViolationCategory.NO_CONFORMITY,
        measure=Measure.FINE,
        fine_vnd=125_000_000,
        seized_value_vnd=987_654_321,
    )
    officer = make_user(role=Role.OFFICER)
    inspector = make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng VH-XH", short_name="VH-XH"))
    page.set_viewport_size(NARROW)

    login(page, live_server, officer, fresh=True)
    too_wide = wide_pages(
        page,
        live_server,
        screenshot,
        (
            "/reports/figures",
            "/reports/figures?kind=month",
            "/reports/figures?kind=custom&from=x",
            "/reports/plan",
            "/reports/plan/new",
        ),
        NARROW["width"],
    )
    assert page.locator("svg.chart").count() == 0  # the new-report page has no charts
    page.goto(live_server.url("/reports/figures?kind=month"))
    assert page.locator("svg.chart").count() >= 7 and page.locator("svg.chart polyline").count() == 1
    page.goto(live_server.url("/reports/figures"))  # the reporting year, its period in words and what came after
    assert page.locator(".period-title").is_visible() and page.locator(".since-end").is_visible()
    screenshot(page, "figures")

    page.goto(live_server.url("/reports/figures?kind=month"))
    page.click("text=Lập báo cáo kế hoạch cho kỳ này")
    page.fill("input[name=number]", "215/BC-UBND")
    page.fill("input[name=signer_name]", "Nguyễn Văn Hùng")
    page.select_option("select[name=signer_title]", "vice_chair")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    report = db.session.query(PlanReport).one()
    too_wide += wide_pages(
        page,
        live_server,
        screenshot,
        (f"/reports/plan/{report.id}", f"/reports/plan/{report.id}/edit", f"/reports/plan/{report.id}/inputs/kthtdt"),
        NARROW["width"],
    )

    login(page, live_server, inspector, fresh=True)
    too_wide += wide_pages(page, live_server, screenshot, ["/reports/plan"], NARROW["width"])
    page.click("text=Nhập nội dung của")
    page.fill("textarea[name=progress]", "Kiểm tra 12 cơ sở kinh doanh nước mắm " * 5)
    page.fill("textarea[name=difficulties]", "Thiếu cán bộ")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "Đã lưu nội dung báo cáo" in page.content()

    login(page, live_server, officer, fresh=True)
    too_wide += wide_pages(page, live_server, screenshot, [f"/reports/plan/{report.id}"], NARROW["width"])

    def lock() -> None:
        page.check("form#lock input[name=confirm]")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("form#lock button[type=submit]")
        page.wait_for_load_state()

    # Three departments have neither input nor the mark: the lock is refused and names them.
    page.click("form[action$='/inputs/kthtdt/no-content'] button")
    page.wait_for_load_state()
    lock()
    refusal = page.locator(".flash-error").inner_text()
    assert all(name in refusal for name in ("Công an phường", "MTTQ", "dịch vụ công")), refusal
    db.session.expire_all()
    assert db.session.get(PlanReport, report.id).state == ReportState.DRAFT
    for department in ("congan", "ubmttq", "ttdvc"):
        page.click(f"form[action$='/inputs/{department}/no-content'] button")
        page.wait_for_load_state()
    screenshot(page, "marked")
    lock()
    screenshot(page, "locked")
    db.session.expire_all()
    report = db.session.get(PlanReport, report.id)
    assert report.state == ReportState.LOCKED and report.locked_figures["task5"]["fines_vnd"] == 125_000_000
    assert {item.department.value: item.progress[:8] for item in report.inputs}["vhxh"] == "Kiểm tra"

    # Locked is not sent: the officer records the date and the number it went under.
    page.fill("form#sent input[name=sent_on]", today.isoformat())
    page.fill("form#sent input[name=number]", "125/BC-UBND")
    page.click("form#sent button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".badge-sent").first.is_visible()
    too_wide += wide_pages(page, live_server, screenshot, [f"/reports/plan/{report.id}"], NARROW["width"], "sent")
    page.goto(live_server.url(f"/reports/plan/{report.id}"))
    screenshot(page, "sent")
    assert too_wide == []
    db.session.expire_all()
    report = db.session.get(PlanReport, report.id)
    assert (report.state, report.sent_on, report.number) == (ReportState.SENT, today, "125/BC-UBND")
