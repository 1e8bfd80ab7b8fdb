"""The ward's metrology work (issue 14): the scales at Đức Phổ market, its reference scale, a petrol station's
fuel dispensers, a market check in which one scale weighs short, and two lots of bottled fish sauce checked for
quantity, one that passes and one that does not.

Dates are set from the day the demo is loaded so the due lists always have something in each state: in date, due
within 30 days, overdue. Verdicts come from ``traceapp.metrology.rules`` through the inspection services; the
figures entered below are only what an inspector would read off the scale or the measuring cylinder.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from traceapp.demo.market import BusinessPlan
from traceapp.demo.staff import Staff, agency_id
from traceapp.demo.timeline import Story, Timeline
from traceapp.inspections import violations
from traceapp.inspections.inputs import InspectionInput, ViolationInput
from traceapp.inspections.prepackaged import LotInput, SampleInput, record_lot
from traceapp.inspections.services import add_item, create_inspection, submit, update_item
from traceapp.inspections.weighing import LoadEntry, WeighingInput, add_instrument_item, record_weighing
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.services import confirm_instrument, declare_instrument
from traceapp.models import (
    AccuracyClass,
    BusinessKind,
    InspectionField,
    InspectionKind,
    InstrumentKind,
    Measure,
    MeasuringInstrument,
    User,
    ViolationCategory,
)

MARKET = "Chợ Đức Phổ"
MARKET_ADDRESS = "Chợ Đức Phổ, đường Nguyễn Nghiêm, phường Đức Phổ, tỉnh Quảng Ngãi"
VERIFIER = "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ngãi"
PETROL_STATION = "Thương mại Thạch Thang"
DECLARED_DAYS_AGO = 60  # the trading company that runs the petrol station on Quốc lộ 1A


def schedule(timeline: Timeline, plans: list[BusinessPlan], staff: Staff) -> None:
    declared = timeline.days_ago(DECLARED_DAYS_AGO, 9)
    stalls = [
        plan
        for plan in plans
        if plan.verified and plan.profile.kind == BusinessKind.HOUSEHOLD and plan.verified_at < declared
    ][:4]
    station = next(plan for plan in plans if PETROL_STATION in plan.profile.name)
    fish_sauce = next(plan for plan in plans if plan.verified and plan.profile.kind == BusinessKind.COMPANY)
    scales: dict[str, MeasuringInstrument] = {}
    timeline.add(_market_scales(timeline, stalls, staff.officer, scales))
    timeline.add(_petrol_station(timeline, station, staff.officer))
    timeline.add(_market_check(timeline, stalls[1], staff, scales))
    timeline.add(_fish_sauce_lots(timeline, fish_sauce, staff))


def _scale(
    kind: InstrumentKind,
    stall: str,
    verified_on: date,
    *,
    accuracy: AccuracyClass = AccuracyClass.MEDIUM,
    max_kg: str = "30",
    e_kg: str = "0.01",
    maker: str = "Nhơn Hòa",
    reference: bool = False,
    serial: str = "",
    place: str = MARKET,
) -> InstrumentInput:
    return InstrumentInput(
        kind=kind,
        place_name=place,
        stall=stall,
        address=MARKET_ADDRESS,
        manufacturer=maker,
        serial_number=serial,
        accuracy_class=accuracy,
        max_capacity=Decimal(max_kg),
        scale_interval=Decimal(e_kg),
        unit="kg",
        certificate_number=f"KĐ-{verified_on:%y%m%d}-{stall or serial}",
        stamp_number=f"QNG {verified_on:%y}{(stall or serial)[-4:]:0>4}",
        verified_by=VERIFIER,
        verified_on=verified_on,
        is_reference_scale=reference,
    )


def _market_scales(
    timeline: Timeline, stalls: list[BusinessPlan], officer: User, kept: dict[str, MeasuringInstrument]
) -> Story:
    """Sixty days ago the stalls declared their scales; the officer confirmed most of them the next morning. One
    electronic scale is now overdue, one is due within a fortnight, a spring dial scale runs for two years."""
    declared = timeline.days_ago(DECLARED_DAYS_AGO, 9)
    yield declared
    today = timeline.today
    plans = [
        (stalls[0], "electronic", _scale(InstrumentKind.ELECTRONIC_SCALE, "12", today - timedelta(days=70))),
        (
            stalls[0],
            "reference",
            _scale(
                InstrumentKind.PLATFORM_SCALE,
                "",
                today - timedelta(days=120),
                max_kg="150",
                e_kg="0.05",
                reference=True,
                serial="CDC-01",
                place=f"{MARKET}, cổng chính (cân đối chứng)",
            ),
        ),
        (stalls[1], "dial", _dial_scale(today - timedelta(days=500))),
        (stalls[1], "overdue", _scale(InstrumentKind.ELECTRONIC_SCALE, "27", today - timedelta(days=400))),
        (stalls[2], "soon", _scale(InstrumentKind.COUNTER_SCALE, "31", today - timedelta(days=352))),
        (
            stalls[3],
            "hanging",
            _scale(
                InstrumentKind.HANGING_SCALE,
                "40",
                today - timedelta(days=200),
                accuracy=AccuracyClass.ORDINARY,
                max_kg="50",
                e_kg="0.2",
            ),
        ),
    ]
    for plan, key, data in plans:
        kept[key] = declare_instrument(plan.owner_user, plan.business.id, data)
    yield declared + timedelta(hours=23)
    for key in ("electronic", "reference", "dial", "overdue"):
        confirm_instrument(officer, kept[key])


def _dial_scale(verified_on: date) -> InstrumentInput:
    """A 10-kg spring dial scale of class IIII, e = 50 g: the commonest scale at a market stall."""
    return _scale(
        InstrumentKind.SPRING_DIAL_SCALE,
        "26",
        verified_on,
        accuracy=AccuracyClass.ORDINARY,
        max_kg="10",
        e_kg="0.05",
        maker="Cân Nhơn Hòa",
    )


def _petrol_station(timeline: Timeline, station: BusinessPlan, officer: User) -> Story:
    """Two fuel dispensers on Quốc lộ 1A: one verified five months ago, one eleven and a half months ago."""
    when = timeline.days_ago(45, 14)
    yield max(when, station.verified_at + timedelta(hours=1))
    for number, verified_days_ago in ((1, 150), (2, 345)):
        dispenser = declare_instrument(
            station.owner_user,
            station.business.id,
            InstrumentInput(
                kind=InstrumentKind.FUEL_DISPENSER,
                place_name="Cửa hàng xăng dầu Thạch Thang",
                note=f"Cột bơm số {number}",
                address="Quốc lộ 1A, tổ dân phố Thạch Thang, phường Đức Phổ, tỉnh Quảng Ngãi",
                manufacturer="Tatsuno",
                model="Sunny",
                serial_number=f"TS-2021-{number:04d}",
                unit="L",
                certificate_number=f"KĐ-CĐ-{number:03d}",
                stamp_number=f"QNG CĐ{number:03d}",
                verified_by=VERIFIER,
                verified_on=timeline.today - timedelta(days=verified_days_ago),
            ),
        )
        confirm_instrument(officer, dispenser)


def _market_check(timeline: Timeline, stall: BusinessPlan, staff: Staff, scales: dict) -> Story:
    """Twenty days ago, the inspector weighs reference weights on two scales of one stall: the
    electronic scale is within the limits, the spring dial scale reads 150 g short at 5 kg, beyond the 100 g its
    class allows in service. A reminder and a deadline to have it repaired and verified again."""
    inspector = staff.inspector
    started = timeline.days_ago(20, 7, 30)
    yield started
    inspection = create_inspection(
        inspector,
        InspectionInput(
            agency_id=agency_id(inspector),
            kind=InspectionKind.UNANNOUNCED,
            fields=(InspectionField.METROLOGY,),
            started_at=started,
            business_id=stall.business.id,
            place_name=MARKET,
            place_address=MARKET_ADDRESS,
        ),
    )
    yield started + timedelta(minutes=15)
    answers = {"metrology_stamp": "pass", "metrology_certificate": "pass", "metrology_seal": "pass"}
    checked = []
    for key, loads in (
        ("overdue", (("2", "2.00"), ("10", "10.01"), ("25", "24.98"))),
        ("dial", (("1", "1.00"), ("5", "4.85"), ("10", "9.80"))),
    ):
        item = add_instrument_item(inspection, inspector, scales[key].id)
        note = "Cân lệch khi thử bằng quả cân chuẩn." if key == "dial" else ""
        certificate = "fail" if key == "overdue" else "pass"  # the register says its verification ran out
        update_item(inspection, inspector, item.id, checks={**answers, "metrology_certificate": certificate}, note=note)
        entry = WeighingInput(loads=tuple(LoadEntry(Decimal(load), Decimal(reading)) for load, reading in loads))
        record_weighing(inspection, inspector, item.id, entry)
        checked.append(item)
    yield started + timedelta(hours=1)
    overdue_item, dial_item = checked
    for item, description in (
        (dial_item, "Cân đồng hồ lò xo 10 kg cân thiếu 150 g tại mức 5 kg, vượt sai số cho phép khi sử dụng (100 g)."),
        (overdue_item, "Cân điện tử đang sử dụng đã quá hạn kiểm định."),
    ):
        violations.record_violation(
            inspection,
            inspector,
            ViolationInput(
                category=ViolationCategory.MEASUREMENT,
                description=description,
                measure=Measure.REMINDER,
                item_ids=(item.id,),
                remedy_deadline=timeline.today - timedelta(days=5),
            ),
        )
    yield started + timedelta(hours=1, minutes=30)
    submit(
        inspection,
        inspector,
        "Nhắc nhở hộ kinh doanh ngừng sử dụng cân đồng hồ lò xo sạp 26 và cân điện tử sạp 27, sửa chữa và kiểm "
        "định lại trước khi sử dụng.",
    )


def _fish_sauce_lots(timeline: Timeline, maker: BusinessPlan, staff: Staff) -> Story:
    """Nine days ago, two lots of 20 bottles of 500 ml: one fills every bottle a little over, the other has four
    bottles short by more than T (15 ml) and a mean under 500 ml."""
    inspector = staff.market_inspector
    started = timeline.days_ago(9, 9)
    yield started
    inspection = create_inspection(
        inspector,
        InspectionInput(
            agency_id=agency_id(inspector),
            kind=InspectionKind.PERIODIC,
            fields=(InspectionField.PREPACKAGED,),
            started_at=started,
            business_id=maker.business.id,
            place_address=maker.profile.address,
        ),
    )
    yield started + timedelta(minutes=30)
    products = [product.product for product in maker.products][:2]
    good = _millilitres("502 503 501 504 502 500 503 502 505 501 502 503 504 501 502 503 500 502 504 503")
    short = _millilitres("498 483 495 480 497 499 482 496 498 484 499 497 495 498 496 499 497 498 494 496")
    items = []
    for product, nets in zip(products, (good, short), strict=False):
        item = add_item(
            inspection,
            inspector,
            product=product,
            description="Chai 500 ml",
            checks={"prepackaged_label_quantity": "pass"},
        )
        record_lot(
            inspection,
            inspector,
            item.id,
            LotInput(
                nominal=Decimal("500"),
                unit="ml",
                lot_size=len(nets),
                samples=tuple(SampleInput(net=net) for net in nets),
            ),
        )
        items.append(item)
    yield started + timedelta(hours=2)
    if len(items) == 2:
        violations.record_violation(
            inspection,
            inspector,
            ViolationInput(
                category=ViolationCategory.PREPACKAGED_QUANTITY,
                description="Lô 20 chai 500 ml: 4 chai thiếu quá T = 15 ml, trung bình 494,05 ml thấp hơn 500 ml.",
                measure=Measure.WARNING,
                item_ids=(items[1].id,),
                remedy_deadline=timeline.today + timedelta(days=10),
            ),
        )
    yield started + timedelta(hours=2, minutes=30)
    submit(inspection, inspector, "Cảnh cáo cơ sở về lượng hàng đóng gói sẵn không bảo đảm; đóng gói lại lô hàng.")


def _millilitres(values: str) -> list[Decimal]:
    return [Decimal(value) for value in values.split()]
