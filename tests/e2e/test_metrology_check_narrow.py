"""A metrology check on a 360-px phone: the inspector types a load and its reading with a decimal comma, sees the
load fail beyond the maximum permissible error, and the page never scrolls sideways."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tests.e2e.phone import NARROW, login, overflow
from tests.factories import make_agency, make_business, make_inspection, make_user
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.inspections.quantities import format_quantity
from traceapp.metrology.rules import max_permissible_error
from traceapp.models import InstrumentKind, MeasuringInstrument, Role


def test_a_weighing_test_and_a_lot_check_at_360_px(page, live_server, screenshot):
    inspector = make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng Kinh tế phường Đức Phổ"))
    business = make_business(name="Hộ kinh doanh Nguyễn Thị Thu Hương – sạp cá khô chợ Đức Phổ")
    scale = MeasuringInstrument(
        public_code="CANE2E01",
        business=business,
        kind=InstrumentKind.SPRING_DIAL_SCALE,
        accuracy_class="IIII",
        max_capacity=Decimal(5),
        scale_interval=Decimal("0.02"),
        unit="kg",
        manufacturer="Nhơn Hòa",
        serial_number="NH-5KG-2026-000123",
        stall="Sạp 12",
        due_on=local_today() + timedelta(days=10),
    )
    db.session.add(scale)
    inspection = make_inspection(business=business, created_by=inspector, fields=["metrology", "prepackaged"])
    page.set_viewport_size(NARROW)
    login(page, live_server, inspector, fresh=True)

    page.goto(live_server.url(f"/inspections/{inspection.id}/instruments/check"))
    assert overflow(page, NARROW["width"]) is None
    page.locator("form:has(select[name=instrument_id]) button[type=submit]").click()
    page.wait_for_url("**/weighing")
    load = Decimal(2)
    mpe = max_permissible_error(load, Decimal("0.02"), "IIII")
    page.locator("#loads-0").fill("2")
    page.locator("#readings-0").fill(format_quantity(load - mpe - Decimal("0.02")))
    page.locator("form#weighing-form button[type=submit]").last.click()
    page.wait_for_selector("#weighing-verdict")
    assert "badge-fail" in page.locator("#weighing-verdict").inner_html()
    assert overflow(page, NARROW["width"]) is None
    screenshot(page, "weighing-360")

    page.goto(live_server.url(f"/inspections/{inspection.id}"))
    assert page.locator("text=Sạp 12").count() >= 1
    assert overflow(page, NARROW["width"]) is None
    screenshot(page, "inspection-with-instrument-360")
