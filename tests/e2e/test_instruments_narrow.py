"""The instrument register on a 360-px phone: the business's list of its scales (with the due badges and the
filters) and the public page a sticker opens must read without scrolling sideways; declaring one through the
form works in the browser, CSRF and decimal comma included."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tests.e2e.phone import NARROW, assert_fits, login
from tests.factories import make_business, make_user
from traceapp.clock import local_today
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.services import declare_instrument
from traceapp.models import AccuracyClass, InstrumentKind, MeasuringInstrument, Role


def _scale(stall: str, **fields) -> InstrumentInput:
    return InstrumentInput(
        kind=InstrumentKind.ELECTRONIC_SCALE,
        place_name="Chợ Đức Phổ, khu hàng tươi sống phía đông giáp Quốc lộ 1A",
        stall=stall,
        manufacturer="Công ty TNHH Thiết bị Cân Điện tử Nhơn Hòa",
        serial_number="NH-2026-000000000123456789",
        accuracy_class=AccuracyClass.MEDIUM,
        max_capacity=Decimal("30"),
        scale_interval=Decimal("0.01"),
        certificate_number="KĐ-QNg-2026-0000123456",
        verified_by="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ngãi",
        **fields,
    )


def test_the_business_list_and_the_public_page_fit_a_phone(page, live_server, screenshot):
    today = local_today()
    business = make_business(name="Hộ kinh doanh Hải sản tươi sống Bà Năm Chợ Đức Phổ")
    owner = make_user(role=Role.BUSINESS, business=business)
    overdue = declare_instrument(owner, business.id, _scale("A12", verified_on=today - timedelta(days=400)))
    declare_instrument(
        owner,
        business.id,
        _scale("A13", verified_on=today - timedelta(days=300), stated_until=today + timedelta(days=10)),
    )
    declare_instrument(owner, business.id, _scale("A14"))
    page.set_viewport_size(NARROW)
    login(page, live_server, owner)

    page.goto(live_server.url("/instruments"))
    assert page.locator("#instrument-list li").count() == 3
    screenshot(page, "business-list")
    assert_fits(page, NARROW["width"])

    page.goto(live_server.url("/instruments/new"))
    page.select_option("select[name=kind]", "spring_dial_scale")
    page.fill("input[name=stall]", "B2")
    page.fill("input[name=max_capacity]", "2,5")
    page.fill("input[name=scale_interval]", "0,01")
    assert_fits(page, NARROW["width"])
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/instruments/*")
    assert_fits(page, NARROW["width"])

    page.context.clear_cookies()
    response = page.goto(live_server.url(f"/M/{overdue.public_code}"))
    assert response is not None and response.status == 200
    assert page.locator("#verdict.alert-danger").is_visible()
    screenshot(page, "public-page")
    assert_fits(page, NARROW["width"])
    page.goto(live_server.url("/reference-scales"))
    assert_fits(page, NARROW["width"])

    from traceapp.extensions import db

    added = db.session.scalars(db.select(MeasuringInstrument).where(MeasuringInstrument.stall == "B2")).one()
    assert added.max_capacity == Decimal("2.5")
