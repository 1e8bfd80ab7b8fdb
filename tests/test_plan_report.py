"""The plan report: every figure equals a count made here in plain Python over the rows this test created
(across two periods, with records on both sides of the period's edges at midnight in Asia/Ho_Chi_Minh); the
figures page and its bad query strings; inputs and locking; the Word document's text (its layout, page numbers and
the PDF LibreOffice makes of it: tests/test_word_layout.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.factories import (
    make_agency,
    make_batch,
    make_business,
    make_event,
    make_inspection,
    make_instrument,
    make_item,
    make_product,
    make_report,
    make_technology,
    make_user,
    make_violation,
)
from traceapp.clock import local_midnight, local_today
from traceapp.extensions import db
from traceapp.models import (
    BusinessKind,
    BusinessStatus,
    CheckResult,
    Department,
    DepartmentInput,
    EventInvitation,
    EventKind,
    InspectionField,
    InspectionKind,
    InspectionStatus,
    InstrumentKind,
    InstrumentStatus,
    LabelPrint,
    Measure,
    PlanReport,
    PrepackagedLotCheck,
    Recall,
    RecallScope,
    ReportState,
    ReportStatus,
    Role,
    ScanDay,
    TechnologyKind,
    ViolationCategory,
)
from traceapp.reports import periods, plan
from traceapp.reports.figures import Figures, compute
from traceapp.reports.inputs import SentInput

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER, OCTOBER = periods.month(2026, 11), periods.month(2026, 10)
# 23:59 on 30 November in Đức Phổ is 16:59 UTC; midnight starting 1 December is 17:00 UTC on 30 November.
LAST_MINUTE = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)
NEXT_MONTH = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
# The same edge at the start of November: 23:59 on 31 October, and midnight starting 1 November.
OCTOBER_LAST = datetime(2026, 10, 31, 16, 59, tzinfo=UTC)
NOVEMBER_FIRST = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)


def day(value: datetime) -> date:
    """The calendar day in the ward, independently of traceapp's own conversion."""
    return value.astimezone(VN).date()


def inside(value: date | datetime, period: periods.Period) -> bool:
    return period.start <= (day(value) if isinstance(value, datetime) else value) <= period.end


def by_end(value: datetime, period: periods.Period) -> bool:
    return day(value) <= period.end


@dataclass
class World:
    """What the test created, kept as plain values (SQLite hands datetimes back without their zone)."""

    businesses: list[dict] = field(default_factory=list)  # kind, status, created
    products: list[dict] = field(default_factory=list)  # id, name, business, business_id, gtin, created
    batches: list[datetime] = field(default_factory=list)
    labels: list[tuple[datetime, int]] = field(default_factory=list)
    scans: list[tuple[int, date, int]] = field(default_factory=list)  # product id, day, count
    inspections: list[dict] = field(default_factory=list)
    recalls: list[date] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    technology: list[dict] = field(default_factory=list)
    instruments: list[dict] = field(default_factory=list)  # kind, created, retired, due, reference
    instrument_checks: list[tuple[int, int, CheckResult]] = field(
        default_factory=list
    )  # inspection, instrument, result
    lots: list[tuple[int, bool]] = field(default_factory=list)  # inspection index, passed


def _metrology(w: World, biz: list, made: list) -> None:
    """Instruments at the edges of the due date and of the period, checks of them, and prepackaged lots."""
    may, retired = datetime(2026, 5, 1, 3, tzinfo=UTC), InstrumentStatus.RETIRED
    instruments = []
    for kind, created, status, due, reference in [
        (InstrumentKind.ELECTRONIC_SCALE, may, InstrumentStatus.CONFIRMED, date(2026, 11, 30), False),  # to the end
        (InstrumentKind.SPRING_DIAL_SCALE, OCTOBER_LAST, InstrumentStatus.DECLARED, date(2026, 11, 29), False),
        (InstrumentKind.PLATFORM_SCALE, NOVEMBER_FIRST, InstrumentStatus.CONFIRMED, None, True),
        (InstrumentKind.FUEL_DISPENSER, LAST_MINUTE, InstrumentStatus.CONFIRMED, date(2027, 6, 1), False),
        (InstrumentKind.COUNTER_SCALE, NEXT_MONTH, InstrumentStatus.DECLARED, date(2027, 6, 1), False),
        (InstrumentKind.ELECTRONIC_SCALE, may, retired, date(2026, 1, 1), False),  # retired: never counted
    ]:
        instruments.append(
            make_instrument(
                business=biz[0], kind=kind, created_at=created, status=status, due_on=due, is_reference_scale=reference
            )
        )
        w.instruments.append(
            {"kind": kind.value, "created": created, "retired": status is retired, "due": due, "reference": reference}
        )
    # (inspection spec, instrument, result): the same scale checked twice in November; one in a draft.
    for spec, index, result in [(0, 0, CheckResult.PASS), (0, 1, CheckResult.FAIL), (1, 0, CheckResult.PASS)] + [
        (5, 0, CheckResult.FAIL),
        (4, 1, CheckResult.FAIL),
    ]:
        item = make_item(inspection=made[spec], description="Cân", result=result)
        item.instrument = instruments[index]
        w.inspections[spec]["items"] = [*w.inspections[spec]["items"], result]
        w.instrument_checks.append((spec, index, result))
    for spec, passed in [(2, True), (2, False), (6, False)]:
        item = make_item(
            inspection=made[spec],
            description="Nước mắm chai 500 ml",
            result=CheckResult.PASS if passed else CheckResult.FAIL,
        )
        db.session.add(_lot_check(item, passed))
        w.inspections[spec]["items"] = [*w.inspections[spec]["items"], item.result]
        w.lots.append((spec, passed))
    db.session.commit()


def _lot_check(item, passed: bool) -> PrepackagedLotCheck:
    return PrepackagedLotCheck(
        item=item,
        nominal=Decimal("500"),
        unit="ml",
        lot_size=40,
        sample_size=40,
        allowed_over_t=1,
        tolerable_deficiency=Decimal("15"),
        over_t=0 if passed else 3,
        over_2t=0,
        mean=Decimal("501") if passed else Decimal("480"),
        mean_limit=Decimal("500"),
        passed=passed,
    )


def build_world() -> World:
    w = World()
    vhxh, police = (
        make_agency(name="Phòng Văn hóa – Xã hội", short_name="VH-XH"),
        make_agency(name="Công an phường", short_name="CA phường"),
    )
    inspector = make_user(role=Role.INSPECTOR, agency=vhxh)
    officer_police = make_user(role=Role.POLICE, agency=police)

    biz = []
    for kind, status, created in [
        (BusinessKind.COMPANY, BusinessStatus.VERIFIED, datetime(2026, 5, 1, 3, tzinfo=UTC)),
        (BusinessKind.HOUSEHOLD, BusinessStatus.VERIFIED, OCTOBER_LAST),
        (BusinessKind.COOPERATIVE, BusinessStatus.PENDING, NOVEMBER_FIRST),
        (BusinessKind.HOUSEHOLD, BusinessStatus.VERIFIED, datetime(2026, 11, 12, 8, tzinfo=UTC)),
        (BusinessKind.FACILITY, BusinessStatus.SUSPENDED, LAST_MINUTE),
        (BusinessKind.COMPANY, BusinessStatus.VERIFIED, NEXT_MONTH),
    ]:
        biz.append(make_business(kind=kind, status=status, created_at=created))
        w.businesses.append({"kind": kind.value, "status": status, "created": created})

    products = []
    for owner, gtin, created in [
        (0, "08930000000017", datetime(2026, 6, 1, tzinfo=UTC)),
        (0, None, OCTOBER_LAST),
        (1, "08930000000024", NOVEMBER_FIRST),
        (3, None, LAST_MINUTE),
        (5, "08930000000031", NEXT_MONTH),
    ]:
        product = make_product(business=biz[owner], gtin=gtin, created_at=created)
        products.append(product)
        w.products.append(
            {
                "id": product.id,
                "name": product.name,
                "business": biz[owner].name,
                "business_id": biz[owner].id,
                "gtin": gtin,
                "created": created,
            }
        )
    for product, created in [
        (products[0], OCTOBER_LAST),
        (products[0], NOVEMBER_FIRST),
        (products[2], LAST_MINUTE),
        (products[3], NEXT_MONTH),
    ]:
        make_batch(product=product, created_at=created)
        w.batches.append(created)

    for printed, count in [(OCTOBER_LAST, 30), (NOVEMBER_FIRST, 12), (LAST_MINUTE, 50), (NEXT_MONTH, 99)]:
        db.session.add(LabelPrint(product_id=products[0].id, labels=count, printed_at=printed))
        w.labels.append((printed, count))
    for product, scan_day, count in [
        (products[0], date(2026, 10, 31), 5),
        (products[0], date(2026, 11, 1), 7),
        (products[2], date(2026, 11, 30), 9),
        (products[1], date(2026, 11, 15), 3),
        (products[3], date(2026, 12, 1), 100),
        (products[2], date(2026, 10, 2), 4),
    ]:
        db.session.add(
            ScanDay(
                public_code=f"{product.public_code[:10]}{scan_day.day:02d}{scan_day.month:02d}",
                day=scan_day,
                product_id=product.id,
                count=count,
            )
        )
        w.scans.append((product.id, scan_day, count))
    db.session.commit()

    specs = [
        # started, status, kind, fields, business index or place, agency creator, items (results), violations
        (
            datetime(2026, 11, 3, 2, tzinfo=UTC),
            InspectionStatus.SUBMITTED,
            InspectionKind.PERIODIC,
            ["metrology", "quality"],
            0,
            inspector,
            [CheckResult.PASS, CheckResult.FAIL],
            [(ViolationCategory.MEASUREMENT, Measure.FINE, 3_000_000, 200_000)],
        ),
        (
            LAST_MINUTE,
            InspectionStatus.SUBMITTED,
            InspectionKind.UNANNOUNCED,
            ["labelling"],
            "Sạp chợ Thạch Trụ",
            officer_police,
            [CheckResult.FAIL, CheckResult.NOT_APPLICABLE],
            [
                (ViolationCategory.COUNTERFEIT, Measure.CONFISCATION, None, 1_500_000),
                (ViolationCategory.LABELS, Measure.WARNING, None, None),
            ],
        ),
        (
            NOVEMBER_FIRST,
            InspectionStatus.SUBMITTED,
            InspectionKind.UNANNOUNCED,
            ["labelling", "prepackaged"],
            " sạp chợ Thạch Trụ ",
            inspector,
            [CheckResult.PASS],
            [],
        ),
        (
            datetime(2026, 11, 20, 1, tzinfo=UTC),
            InspectionStatus.SUBMITTED,
            InspectionKind.COMPLAINT,
            ["quality"],
            0,
            officer_police,
            [],
            [(ViolationCategory.EXPIRED, Measure.FINE, 1_000_000, None)],
        ),
        (
            datetime(2026, 11, 21, 1, tzinfo=UTC),
            InspectionStatus.DRAFT,
            InspectionKind.PERIODIC,
            ["quality"],
            1,
            inspector,
            [CheckResult.FAIL],
            [(ViolationCategory.QUALITY, Measure.FINE, 9_000_000, None)],
        ),
        (
            OCTOBER_LAST,
            InspectionStatus.SUBMITTED,
            InspectionKind.INTERAGENCY,
            ["metrology"],
            1,
            inspector,
            [CheckResult.FAIL, CheckResult.FAIL, CheckResult.PASS],
            [(ViolationCategory.MEASUREMENT, Measure.REMINDER, None, None)],
        ),
        (
            NEXT_MONTH,
            InspectionStatus.SUBMITTED,
            InspectionKind.PERIODIC,
            ["quality"],
            3,
            inspector,
            [CheckResult.FAIL],
            [(ViolationCategory.OTHER, Measure.FINE, 5_000_000, 7_000)],
        ),
    ]
    made = []
    for started, status, kind, fields, where, creator, items, violations in specs:
        business = biz[where] if isinstance(where, int) else None
        extra = {} if business else {"place_name": where}
        inspection = make_inspection(
            started_at=started,
            status=status,
            kind=kind,
            fields=fields,
            business=business,
            created_by=creator,
            agency=creator.agency,
            **extra,
        )
        for result in items:
            make_item(inspection=inspection, description="Hàng kiểm tra", result=result)
        for category, measure, fine, seized in violations:
            make_violation(
                inspection=inspection, category=category, measure=measure, fine_vnd=fine, seized_value_vnd=seized
            )
        made.append(inspection)
        w.inspections.append(
            {
                "started": started,
                "status": status,
                "kind": kind.value,
                "fields": fields,
                "agency": creator.agency.name,
                "place": business.id if business else where,
                "items": items,
                "violations": violations,
            }
        )

    _metrology(w, biz, made)

    for recalled_on in (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)):
        db.session.add(
            Recall(
                scope=RecallScope.PRODUCT,
                product_id=products[0].id,
                reason="Hàng giả",
                recalled_on=recalled_on,
                user_id=inspector.id,
            )
        )
        w.recalls.append(recalled_on)
    db.session.commit()

    for created, status, resolved in [
        (datetime(2026, 10, 20, tzinfo=UTC), ReportStatus.RESOLVED, NOVEMBER_FIRST),
        (datetime(2026, 11, 5, tzinfo=UTC), ReportStatus.RESOLVED, datetime(2026, 11, 8, 12, tzinfo=UTC)),
        (datetime(2026, 11, 6, tzinfo=UTC), ReportStatus.RESOLVED, LAST_MINUTE),
        (LAST_MINUTE, ReportStatus.NEW, None),
        (NEXT_MONTH, ReportStatus.RESOLVED, datetime(2026, 12, 2, tzinfo=UTC)),
        (OCTOBER_LAST, ReportStatus.RESOLVED, OCTOBER_LAST + timedelta(hours=1)),  # resolved 1 November local
        (datetime(2026, 11, 9, tzinfo=UTC), ReportStatus.REJECTED, datetime(2026, 11, 10, tzinfo=UTC)),
    ]:
        make_report(created_at=created, status=status, resolved_at=resolved)
        w.reports.append({"created": created, "status": status, "resolved": resolved})

    for held_on, kind, participants, attending in [
        (date(2026, 11, 1), EventKind.DIALOGUE, 40, [0, 1]),
        (date(2026, 11, 30), EventKind.TRAINING, 25, [1, 3]),
        (date(2026, 11, 30), EventKind.FORUM, None, []),
        (date(2026, 10, 31), EventKind.CONFERENCE, 60, [2]),
        (date(2026, 12, 1), EventKind.DIALOGUE, 99, [4]),
    ]:
        event = make_event(held_on=held_on, kind=kind, participants=participants)
        for index in attending:
            db.session.add(
                EventInvitation(
                    event_id=event.id, business_id=biz[index].id, checked_in_at=datetime(2026, 11, 1, tzinfo=UTC)
                )
            )
        db.session.add(EventInvitation(event_id=event.id, business_id=biz[5].id))  # invited, never came
        w.events.append(
            {
                "held": held_on,
                "kind": kind.value,
                "participants": participants,
                "attending": {biz[i].id for i in attending},
            }
        )
    db.session.commit()

    verified = datetime(2026, 1, 5, tzinfo=UTC)
    for owner, kind, declared, verified_at, expires in [
        (0, TechnologyKind.E_INVOICE, verified, verified, None),
        (1, TechnologyKind.E_INVOICE, verified, verified, date(2026, 11, 15)),  # expired before the end of November
        (1, TechnologyKind.HACCP, verified, verified, date(2027, 1, 1)),
        (3, TechnologyKind.SOFTWARE, verified, None, None),  # declared, not verified
        (3, TechnologyKind.ISO22000, NOVEMBER_FIRST, NOVEMBER_FIRST, None),  # declared in November
    ]:
        make_technology(
            business=biz[owner], kind=kind, created_at=declared, verified_at=verified_at, expires_on=expires
        )
        w.technology.append(
            {"business": owner, "kind": kind.value, "declared": declared, "verified": verified_at, "expires": expires}
        )
    return w


def _expected_metrology(w: World, p: periods.Period, violations: list) -> dict:
    in_use = [x for x in w.instruments if by_end(x["created"], p) and not x["retired"]]
    as_of = min(p.end, local_today())  # a period not over yet is judged on today, not forecast
    done = {
        index
        for index, i in enumerate(w.inspections)
        if i["status"] == InspectionStatus.SUBMITTED and inside(i["started"], p)
    }
    checks = [(instrument, result) for spec, instrument, result in w.instrument_checks if spec in done]
    lots = [passed for spec, passed in w.lots if spec in done]
    return {
        "instruments_registered": len(in_use),
        "instruments_by_kind": {k.value: sum(x["kind"] == k.value for x in in_use) for k in InstrumentKind},
        "instruments_in_date": sum(x["due"] is not None and x["due"] >= as_of for x in in_use),
        "instruments_overdue": sum(x["due"] is not None and x["due"] < as_of for x in in_use),
        "instruments_unverified": sum(x["due"] is None for x in in_use),
        "reference_scales": sum(x["reference"] for x in in_use),
        "instruments_checked": len({instrument for instrument, _ in checks}),
        "instruments_failed": len({instrument for instrument, result in checks if result == CheckResult.FAIL}),
        "prepackaged_lots_checked": len(lots),
        "prepackaged_lots_failed": sum(not passed for passed in lots),
        "violations": sum(
            v[0] in (ViolationCategory.MEASUREMENT, ViolationCategory.PREPACKAGED_QUANTITY) for v in violations
        ),
    }


def expected(w: World, p: periods.Period) -> dict:
    """The figures of ``p`` counted in Python over what ``build_world`` made."""
    registered = [b for b in w.businesses if by_end(b["created"], p)]
    products = [x for x in w.products if by_end(x["created"], p)]
    scans: dict[int, int] = {}
    for product_id, scan_day, count in w.scans:
        if inside(scan_day, p):
            scans[product_id] = scans.get(product_id, 0) + count
    names = {x["id"]: x for x in w.products}
    top = sorted(scans.items(), key=lambda pair: (-pair[1], pair[0]))[:10]
    task4 = {
        "businesses_total": len(registered),
        "businesses_verified": sum(b["status"] == BusinessStatus.VERIFIED for b in registered),
        "businesses_new": sum(inside(b["created"], p) for b in w.businesses),
        "businesses_by_kind": {k.value: sum(b["kind"] == k.value for b in registered) for k in BusinessKind},
        "products_total": len(products),
        "products_new": sum(inside(x["created"], p) for x in w.products),
        "batches_total": sum(by_end(created, p) for created in w.batches),
        "batches_new": sum(inside(created, p) for created in w.batches),
        "products_with_gtin": sum(x["gtin"] is not None for x in products),
        "qr_labels": sum(n for printed, n in w.labels if inside(printed, p)),
        "scans_total": sum(scans.values()),
        "top_products": [
            {"product_id": pid, "name": names[pid]["name"], "business": names[pid]["business"], "scans": n}
            for pid, n in top
        ],
        "businesses_with_traceability": len({x["business_id"] for x in products}),
    }

    done = [i for i in w.inspections if i["status"] == InspectionStatus.SUBMITTED and inside(i["started"], p)]
    items = [r for i in done for r in i["items"]]
    failed = sum(r == CheckResult.FAIL for r in items)
    violations = [v for i in done for v in i["violations"]]
    agencies: dict[str, int] = {}
    for i in done:
        agencies[i["agency"]] = agencies.get(i["agency"], 0) + 1
    places = {i["place"] if isinstance(i["place"], int) else i["place"].strip().lower() for i in done}
    resolved = [r for r in w.reports if r["status"] == ReportStatus.RESOLVED and inside(r["resolved"], p)]
    days = [(r["resolved"] - r["created"]).total_seconds() / 86400 for r in resolved]
    task5 = {
        "inspections_total": len(done),
        "inspections_by_kind": {k.value: sum(i["kind"] == k.value for i in done) for k in InspectionKind},
        "inspections_by_agency": agencies,
        "inspections_by_field": {f.value: sum(f.value in i["fields"] for i in done) for f in InspectionField},
        "establishments_inspected": len(places),
        "items_checked": len(items),
        "items_nonconformant": failed,
        "nonconformant_share": round(failed / len(items), 4) if items else 0.0,
        "violations_total": len(violations),
        "violations_by_category": {c.value: sum(v[0] == c for v in violations) for c in ViolationCategory},
        "violations_by_measure": {m.value: sum(v[1] == m for v in violations) for m in Measure},
        "fines_vnd": sum(v[2] or 0 for v in violations),
        "seized_value_vnd": sum(v[3] or 0 for v in violations),
        "recalls": sum(inside(d, p) for d in w.recalls),
        "reports_received": sum(inside(r["created"], p) for r in w.reports),
        "reports_resolved": len(resolved),
        "median_days_to_resolve": round(statistics.median(days), 1) if days else None,
        "metrology": _expected_metrology(w, p, violations),
    }

    held = [e for e in w.events if inside(e["held"], p)]
    active = [
        t
        for t in w.technology
        if t["verified"] and by_end(t["declared"], p) and (t["expires"] is None or t["expires"] >= p.end)
    ]
    task6 = {
        "events_total": len(held),
        "events_by_kind": {k.value: sum(e["kind"] == k.value for e in held) for k in EventKind},
        "participants": sum(e["participants"] or 0 for e in held),
        "businesses_attending": len(set().union(*(e["attending"] for e in held))) if held else 0,
        "technology": {k.value: len({t["business"] for t in active if t["kind"] == k.value}) for k in TechnologyKind},
        "businesses_with_qr": task4["businesses_with_traceability"],
    }
    return {
        "period": {"start": p.start.isoformat(), "end": p.end.isoformat(), "kind": p.kind.value},
        "task4": task4,
        "task5": task5,
        "task6": task6,
    }


@pytest.fixture
def world(app) -> World:
    return build_world()


@pytest.mark.parametrize("period", [NOVEMBER, OCTOBER], ids=["november", "october"])
def test_every_figure_equals_an_independent_count(world, period):
    got, want = compute(period).as_dict(), expected(world, period)
    for task in ("task4", "task5", "task6"):
        for key in want[task]:
            assert got[task][key] == want[task][key], f"{task}.{key}"
        assert set(got[task]) == set(want[task]), task
    assert got["period"] == want["period"]


def test_the_period_edges_fall_at_midnight_in_the_ward(world):
    """23:59 local on the last day counts; 00:00 the next day belongs to the next period."""
    november, october = compute(NOVEMBER), compute(OCTOBER)
    # Inspections: LAST_MINUTE (unannounced) and NOVEMBER_FIRST (unannounced) are November's; NEXT_MONTH is not.
    assert november.task5.inspections_by_kind["unannounced"] == 2
    assert november.task5.inspections_by_kind["periodic"] == 1  # 3 Nov; the one at 17:00 UTC on 30 Nov is Dec
    assert october.task5.inspections_by_kind["interagency"] == 1  # 23:59 on 31 October
    assert october.task5.inspections_by_kind["unannounced"] == 0
    # Label sheets printed at 16:59 UTC count for November, at 17:00 UTC for December.
    assert november.task4.qr_labels == 12 + 50 and october.task4.qr_labels == 30
    assert compute(periods.month(2026, 12)).task4.qr_labels == 99
    # Businesses: the one created at 17:00 UTC on 30 November was registered in December.
    assert november.task4.businesses_new == 3


def test_a_figure_is_json_safe_with_every_enum_value(app):
    import json

    computed = compute(NOVEMBER)
    figures = computed.as_dict()
    assert json.loads(json.dumps(figures)) == figures
    assert Figures.from_dict(json.loads(json.dumps(figures))) == computed  # a locked report reads back the same
    assert list(figures) == ["period", "task4", "task5", "task6"]
    assert set(figures["task5"]["violations_by_category"]) == {c.value for c in ViolationCategory}
    assert figures["task5"]["nonconformant_share"] == 0.0 and figures["task5"]["median_days_to_resolve"] is None
    assert figures["task4"]["businesses_by_kind"] == {"company": 0, "household": 0, "cooperative": 0, "facility": 0}


# --- the figures page ----------------------------------------------------------------------------------------


def test_the_figures_page_shows_the_period_beside_the_previous_one(world, client, login_as, english):
    login_as(Role.OFFICER)
    page = client.get("/reports/figures?kind=month&year=2026&n=11").data.decode()
    assert "01/11/2026" in page and "01/10/2026" in page  # the period and the previous one
    assert "Inspections carried out" in page and "status=submitted" in page
    assert "from=2026-11-01" in page and "to=2026-11-30" in page
    assert "category=counterfeit" in page and "<svg" in page and "polyline" in page
    assert "Start the plan report of this period" in page


@pytest.mark.parametrize(
    "query",
    [
        "kind=month&year=2026&n=13",
        "kind=custom&from=2026-12-01&to=2026-01-01",
        "kind=custom&from=x",
        "kind=custom&from=2000-01-01&to=2026-01-01",
        "kind=year&year=abc",
        "kind=nonsense",
        "kind=quarter&year=2026&n=0",
        "kind=custom&from=2026-02-30&to=2026-03-01",
        "kind=month&year=99999999999&n=1",
    ],
)
def test_a_bad_query_string_shows_the_default_period_with_a_message(app, client, login_as, query):
    login_as(Role.OFFICER)
    response = client.get(f"/reports/figures?{query}")
    assert response.status_code == 200 and b"flash-warning" in response.data
    default = periods.default_period(local_today())
    assert default.start.strftime("%d/%m/%Y").encode() in response.data


def test_a_good_query_string_has_no_message(app, client, login_as):
    login_as(Role.OFFICER)
    for query in (
        "kind=quarter&year=2026&n=4",
        "kind=half&year=2025&n=2",
        "kind=custom&from=2026-01-01&to=2026-01-31",
        "",
        "kind=year&year=2024",
    ):
        response = client.get(f"/reports/figures?{query}")
        assert response.status_code == 200 and b"flash-warning" not in response.data, query


# --- inputs and locking --------------------------------------------------------------------------------------


def _start(client, **overrides) -> PlanReport:
    data = {
        "kind": "month",
        "year": "2026",
        "n": "11",
        "from": "",
        "to": "",
        "number": "215/BC-UBND",
        "signer_name": "Nguyễn Văn Hùng",
        "signer_title": "chair",
        **overrides,
    }
    response = client.post("/reports/plan/new", data=data)
    assert response.status_code == 302, response.data.decode()[:2000]
    return db.session.get(PlanReport, int(response.location.rsplit("/", 1)[1]))


def _settle(client, report: PlanReport, *, leave=()) -> None:
    """The officer marks every department but ``leave`` (values) as having no content to report."""
    for department in Department:
        if department.value not in leave:
            response = client.post(
                f"/reports/plan/{report.id}/inputs/{department.value}/no-content", data={"mark": "yes"}
            )
            assert response.status_code == 302


def test_an_officer_starts_a_report_once_per_period(app, client, login_as, english):
    login_as(Role.OFFICER)
    report = _start(client)
    assert (report.period_start, report.period_end, report.state) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        ReportState.DRAFT,
    )
    assert {item.department.value for item in report.inputs} == {"vhxh", "kthtdt", "congan", "ubmttq", "ttdvc"}
    again = client.post(
        "/reports/plan/new",
        data={"kind": "month", "year": "2026", "n": "11", "signer_name": "A", "signer_title": "chair"},
    )
    assert again.status_code == 200 and b"already been started" in again.data
    bad = client.post(
        "/reports/plan/new",
        data={"kind": "custom", "from": "2026-05-01", "to": "2026-04-01", "signer_name": "A", "signer_title": "chair"},
    )
    assert bad.status_code == 200 and b"ends before it starts" in bad.data
    assert db.session.query(PlanReport).count() == 1


def test_two_officers_starting_the_same_period_at_once_leave_one_report(app, client, login_as, english, monkeypatch):
    """The second officer's look-up runs before the first one's report is committed: its own insert clashes on
    the period's unique key, the unit runs again, finds the first report and refuses; nothing of it is kept."""
    login_as(Role.OFFICER)
    first = _start(client)
    real, found = plan.report_for, []

    def report_for(period):
        """The first look-up misses the report, as it would a moment before the other officer's commit."""
        report = real(period) if found else None
        found.append(report)
        return report

    monkeypatch.setattr(plan, "report_for", report_for)
    again = client.post(
        "/reports/plan/new",
        data={"kind": "month", "year": "2026", "n": "11", "signer_name": "A", "signer_title": "chair"},
    )
    assert again.status_code == 200 and b"already been started" in again.data
    assert found[:2] == [None, first], "missed, then found when the unit ran again"
    assert db.session.query(PlanReport).count() == 1
    assert db.session.query(DepartmentInput).count() == len(first.inputs) == 5


def test_inputs_by_department_and_who_may_write_them(app, client, login_as):
    officer = login_as(Role.OFFICER)
    report = _start(client)
    url = f"/reports/plan/{report.id}/inputs"
    assert client.post(f"{url}/kthtdt", data={"progress": "Rà soát 40 hộ kinh doanh."}).status_code == 302
    inspector = make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng VH-XH phường", short_name="VH-XH"))
    police = make_user(role=Role.POLICE, agency=make_agency(name="Công an phường Đức Phổ", short_name="CA phường"))
    other = make_user(role=Role.INSPECTOR, agency=make_agency(name="Đội QLTT số 5", short_name="QLTT"))
    login_as(inspector)
    assert (
        client.post(
            f"{url}/vhxh",
            data={"progress": "Kiểm tra 12 cơ sở", "difficulties": "Thiếu người", "proposals": "Bổ sung kinh phí"},
        ).status_code
        == 302
    )
    assert client.post(f"{url}/congan", data={"progress": "x"}).status_code == 403
    login_as(police)
    assert client.get(f"{url}/congan").status_code == 200
    assert client.post(f"{url}/congan", data={"progress": "Phát hiện 2 vụ hàng giả"}).status_code == 302
    assert client.get(f"{url}/vhxh").status_code == 403
    login_as(other)
    assert client.get(f"{url}/vhxh").status_code == 403
    assert client.get(f"{url}/unknown").status_code == 404
    db.session.expire_all()
    texts = {item.department.value: (item.progress, item.updated_by_id) for item in report.inputs}
    assert texts["vhxh"] == ("Kiểm tra 12 cơ sở", inspector.id)
    assert texts["congan"] == ("Phát hiện 2 vụ hàng giả", police.id)
    assert texts["kthtdt"] == ("Rà soát 40 hộ kinh doanh.", officer.id)


def test_a_locked_report_keeps_its_figures_when_records_change(world, client, login_as, english):
    login_as(Role.OFFICER)
    report = _start(client)
    assert client.post(f"/reports/plan/{report.id}/lock", data={}).status_code == 302  # not confirmed
    db.session.refresh(report)
    assert report.state == ReportState.DRAFT
    _settle(client, report)
    assert client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"}).status_code == 302
    db.session.refresh(report)
    sent = expected(world, NOVEMBER)
    assert report.state == ReportState.LOCKED and report.locked_figures == sent
    assert report.locked_at is not None

    # Records change afterwards: a new inspection in November, a business deleted from the count by date.
    for _ in range(3):
        make_inspection(started_at=datetime(2026, 11, 10, tzinfo=UTC), status=InspectionStatus.SUBMITTED)
    assert compute(NOVEMBER).task5.inspections_total == sent["task5"]["inspections_total"] + 3
    db.session.expire_all()
    assert plan.figures_of(db.session.get(PlanReport, report.id)).as_dict() == sent

    page = client.get(f"/reports/plan/{report.id}").data.decode()
    assert "locked on" in page
    row = page.split("Inspections carried out</a>")[1].split("</tr>")[0]
    assert f'<td class="num">{sent["task5"]["inspections_total"]}</td>' in row
    text = _docx_text(client.get(f"/reports/plan/{report.id}/report.docx").data)
    assert f"thực hiện {sent['task5']['inspections_total']} cuộc kiểm tra" in text

    # Inputs and header are closed.
    response = client.post(f"/reports/plan/{report.id}/inputs/vhxh", data={"progress": "sửa sau khi khóa"})
    assert response.status_code == 302
    assert db.session.query(DepartmentInput).filter_by(report_id=report.id, progress="sửa sau khi khóa").count() == 0
    assert (
        client.post(f"/reports/plan/{report.id}/edit", data={"signer_name": "B", "signer_title": "chair"}).status_code
        == 302
    )
    db.session.refresh(report)
    assert report.signer_name == "Nguyễn Văn Hùng"
    assert client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"}).status_code == 302
    db.session.refresh(report)
    assert report.locked_figures == sent


def test_the_previous_period_of_a_report_uses_its_locked_figures(world, client, login_as):
    login_as(Role.OFFICER)
    october = _start(client, n="10")
    _settle(client, october)
    client.post(f"/reports/plan/{october.id}/lock", data={"confirm": "y"})
    make_inspection(started_at=datetime(2026, 10, 10, tzinfo=UTC), status=InspectionStatus.SUBMITTED)
    assert plan.previous_figures(NOVEMBER).as_dict() == expected(world, OCTOBER)


# --- the Word document ---------------------------------------------------------------------------------------


def _docx_text(content: bytes) -> str:
    import io

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _docx(client, world_report_inputs=True) -> tuple[PlanReport, bytes]:
    report = _start(client, signer_title="vice_chair")
    if world_report_inputs:
        client.post(
            f"/reports/plan/{report.id}/inputs/vhxh",
            data={
                "progress": "Phòng đã kiểm tra 12 cơ sở kinh doanh.",
                "difficulties": "Thiếu cán bộ chuyên trách.",
                "proposals": "Đề nghị Sở KH&CN hỗ trợ thiết bị đo lường.",
            },
        )
    response = client.get(f"/reports/plan/{report.id}/report.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    return report, response.data


def test_the_word_report_has_the_decree_30_layout_and_the_figures(world, client, login_as):
    import io

    login_as(Role.OFFICER)
    _, content = _docx(client)
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    for measured, mm in [
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 20),
        (section.bottom_margin, 20),
        (section.left_margin, 30),
        (section.right_margin, 15),
    ]:
        assert abs(measured - Mm(mm)) <= Mm(0.5), (measured.mm, mm)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"

    text = _docx_text(content)
    want = expected(world, NOVEMBER)
    for expected_text in [
        "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỨC PHỔ",
        "Số: 215/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đức Phổ, ngày",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch",
        "I. KẾT QUẢ THỰC HIỆN",
        "Nhiệm vụ 4",
        "Nhiệm vụ 5",
        "Nhiệm vụ 6",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "Sở KH&CN tỉnh Quảng Ngãi",
        "Lưu: VT, VHXH.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Hùng",
        "Phòng đã kiểm tra 12 cơ sở kinh doanh.",
        "Thiếu cán bộ chuyên trách.",
        "Đề nghị Sở KH&CN hỗ trợ thiết bị đo lường.",
    ]:
        assert expected_text in text, expected_text
    t4, t5, t6 = want["task4"], want["task5"], want["task6"]
    assert f"có {t4['businesses_total']} cơ sở" in text
    assert f"thực hiện {t5['inspections_total']} cuộc kiểm tra" in text
    assert f"phát hiện {t5['violations_total']} vi phạm" in text.lower()
    fines = f"{t5['fines_vnd']:,}".replace(",", ".")
    assert f"{fines} đồng" in text
    assert f"tổ chức {t6['events_total']} hội nghị" in text
    assert f"{t6['participants']} lượt người" in text
    assert "HACCP (1 cơ sở)" in text  # technology named as verified, with the businesses applying it


def test_the_word_report_of_a_chairman_and_a_draft_date(app, client, login_as):
    login_as(Role.OFFICER)
    report = _start(client, number="")
    text = _docx_text(client.get(f"/reports/plan/{report.id}/report.docx").data)
    assert "CHỦ TỊCH" in text and "KT. CHỦ TỊCH" not in text
    assert "Đức Phổ, ngày .... tháng .... năm ........" in text
    assert "Số:" in text and "/BC-UBND" in text


# --- the charts ----------------------------------------------------------------------------------------------


def test_scans_per_day_for_a_month_and_per_month_for_longer(world):
    from traceapp.reports.figures import scans_by_month

    daily = dict(scans_by_month(NOVEMBER))
    assert len(daily) == 30 and daily["2026-11-01"] == 7 and daily["2026-11-30"] == 9
    assert sum(daily.values()) == sum(n for _, d, n in world.scans if inside(d, NOVEMBER))
    year = periods.Period(date(2026, 1, 1), date(2026, 12, 31))
    monthly = dict(scans_by_month(year))
    assert list(monthly) == [f"2026-{m:02d}" for m in range(1, 13)]
    for month in range(1, 13):
        assert monthly[f"2026-{month:02d}"] == sum(n for _, d, n in world.scans if d.month == month), month


def test_charts_are_inline_svg_with_escaped_labels(app):
    from traceapp.reports import charts

    bars = str(charts.bars("Vi phạm <theo loại>", [("Hàng giả & nhái", 3, 1), ("Khác", 0, None)], "Kỳ này", "Kỳ trước"))
    assert bars.startswith("<svg") and "&lt;theo loại&gt;" in bars and "Hàng giả &amp; nhái" in bars
    assert bars.count("<rect") == 2 + 2 + 1  # the legend's two, two bars now, one bar before
    assert "polyline" in str(charts.line("Lượt quét", [("1/26", 0), ("2/26", 5)]))
    assert "polyline" not in str(charts.line("Lượt quét", [("1/26", 4)]))  # one point: a dot, no line
    assert "<svg" in str(charts.line("Lượt quét", []))


# --- every department accounted for before the lock; locked, then sent; the period in words ------------------


def test_the_lock_is_refused_while_a_department_has_neither_input_nor_the_mark(app, client, login_as, english):
    officer = login_as(Role.OFFICER)
    report = _start(client)
    client.post(f"/reports/plan/{report.id}/inputs/vhxh", data={"progress": "Kiểm tra 12 cơ sở."})
    _settle(client, report, leave=("vhxh", "congan", "ubmttq"))

    page = client.get(f"/reports/plan/{report.id}").data.decode()
    assert "No content to report" in page and f"Marked by {officer.name}" in page
    assert "Still awaited" in page and "Ward Police" in page.split("Still awaited")[1].split("</div>")[0]

    response = client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"}, follow_redirects=True)
    refusal = response.data.decode().split("flash-error")[1].split("</div>")[0]
    assert "cannot be locked yet" in refusal
    assert "Ward Police" in refusal and "Standing Board of the Fatherland Front Committee" in refusal
    assert "Culture and Society Office" not in refusal and "Public Service Centre" not in refusal
    db.session.refresh(report)
    assert (report.state, report.locked_figures, report.locked_at) == (ReportState.DRAFT, None, None)

    # A department with text cannot be marked; a mark can be taken back; text entered later clears it.
    response = client.post(
        f"/reports/plan/{report.id}/inputs/vhxh/no-content", data={"mark": "yes"}, follow_redirects=True
    )
    assert b"there is content to report" in response.data
    client.post(f"/reports/plan/{report.id}/inputs/ubmttq/no-content", data={"mark": "yes"})
    client.post(f"/reports/plan/{report.id}/inputs/ubmttq/no-content", data={"mark": "no"})
    client.post(f"/reports/plan/{report.id}/inputs/congan/no-content", data={"mark": "yes"})
    client.post(f"/reports/plan/{report.id}/inputs/congan", data={"progress": "Phát hiện 2 vụ hàng giả."})
    db.session.expire_all()
    marks = {item.department.value: (item.no_content_at is not None, item.no_content_by_id) for item in report.inputs}
    assert marks["vhxh"] == (False, None) and marks["ubmttq"] == (False, None) and marks["congan"] == (False, None)
    assert marks["kthtdt"] == (True, officer.id) and marks["ttdvc"] == (True, officer.id)
    response = client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"}, follow_redirects=True)
    assert "Standing Board" in response.data.decode().split("flash-error")[1].split("</div>")[0]
    assert "Ward Police" not in response.data.decode().split("flash-error")[1].split("</div>")[0]

    # Every department now has its input or the mark: the lock goes through.
    client.post(f"/reports/plan/{report.id}/inputs/ubmttq/no-content", data={"mark": "yes"})
    client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"})
    db.session.refresh(report)
    assert report.state == ReportState.LOCKED and report.locked_figures is not None
    # Marks are closed with the report.
    client.post(f"/reports/plan/{report.id}/inputs/ubmttq/no-content", data={"mark": "no"})
    db.session.expire_all()
    assert {item.department.value: item.no_content_at for item in report.inputs}["ubmttq"] is not None


def test_marks_are_the_officers_only(app, client, login_as):
    login_as(Role.OFFICER)
    report = _start(client)
    inspector = make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng VH-XH phường", short_name="VH-XH"))
    login_as(inspector)
    response = client.post(f"/reports/plan/{report.id}/inputs/vhxh/no-content", data={"mark": "yes"})
    assert response.status_code in (403, 404)
    login_as(Role.OFFICER)
    assert client.post(f"/reports/plan/{report.id}/inputs/nowhere/no-content", data={"mark": "yes"}).status_code == 404
    db.session.expire_all()
    assert all(item.no_content_at is None for item in report.inputs)


# 09:00 on 3 December 2026 in Đức Phổ.
DECEMBER_3 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def _sent(client, report, sent_on: str, number: str = "125/BC-UBND"):
    return client.post(f"/reports/plan/{report.id}/sent", data={"sent_on": sent_on, "number": number})


def test_locked_is_not_sent_until_the_date_and_number_are_recorded(app, client, login_as, english, clock_at):
    clock_at(DECEMBER_3)
    officer = login_as(Role.OFFICER)
    report = _start(client, number="")

    draft = _sent(client, report, "2026-12-03")
    assert draft.status_code == 400 and b"Lock the report first" in draft.data
    db.session.refresh(report)
    assert report.state == ReportState.DRAFT and report.sent_on is None

    _settle(client, report)
    client.post(f"/reports/plan/{report.id}/lock", data={"confirm": "y"})
    db.session.refresh(report)
    assert report.state == ReportState.LOCKED
    page = client.get(f"/reports/plan/{report.id}").data.decode()
    assert "Locked, not sent yet" in page and "Record that it was sent" in page and "Sent on" not in page
    assert "Locked, not sent yet" in client.get("/reports/plan").data.decode()

    for sent_on, number, message in [
        ("2026-12-04", "125/BC-UBND", "cannot be later than today"),
        ("2026-12-02", "125/BC-UBND", "locked on 03/12/2026: it cannot have been sent before"),
        ("2026-12-03", "  ", "Enter the number the report was sent under"),
        ("", "125/BC-UBND", "Enter the date the report was sent"),
    ]:
        response = _sent(client, report, sent_on, number)
        assert response.status_code == 400 and message in response.data.decode(), message
        db.session.refresh(report)
        assert (report.state, report.sent_on, report.number) == (ReportState.LOCKED, None, "")

    response = _sent(client, report, "2026-12-03", " 125/BC-UBND ")
    assert response.status_code == 302
    db.session.refresh(report)
    assert (report.state, report.sent_on, report.number) == (ReportState.SENT, date(2026, 12, 3), "125/BC-UBND")
    assert report.sent_by_id == officer.id and report.locked_figures is not None
    page = client.get(f"/reports/plan/{report.id}").data.decode()
    assert "Sent on 03/12/2026 under number 125/BC-UBND." in page
    assert 'class="badge badge-sent">Sent<' in page and "Record that it was sent" not in page
    listing = client.get("/reports/plan").data.decode()
    assert 'class="badge badge-sent">Sent<' in listing and "sent on 03/12/2026" in listing
    assert "ngày 03 tháng 12 năm 2026" in _docx_text(client.get(f"/reports/plan/{report.id}/report.docx").data)

    # Once sent, it stays as sent: no second record, no change to the figures or inputs.
    assert b"already been recorded as sent" in _sent(client, report, "2026-12-03", "999/BC-UBND").data
    db.session.refresh(report)
    assert report.number == "125/BC-UBND"

    # The audit trail keeps who recorded the sending and when.
    history = client.get(f"/history/plan_report/{report.id}").data.decode()
    state = '<tr><th scope="row">Status</th><td><del>Locked, not sent yet</del></td><td><ins>Sent</ins></td></tr>'
    assert state in history
    assert '<tr><th scope="row">Date sent</th><td><del>—</del></td><td><ins>03/12/2026</ins></td></tr>' in history
    assert "Date sent" in history and "03/12/2026" in history and officer.name in history


def test_sending_is_checked_by_the_service_too(app, clock_at):
    """The rules hold for any caller, not just the form: nothing is written when refused."""
    clock_at(DECEMBER_3)
    with app.test_request_context():
        _send_through_the_services()


def _send_through_the_services() -> None:
    officer = make_user(role=Role.OFFICER)
    report = plan.start_report(NOVEMBER, number="", signer_name="A", signer_title="chair", user=officer)
    with pytest.raises(plan.PlanError):
        plan.record_sent(report, SentInput(sent_on=date(2026, 12, 3), number="1/BC-UBND"), officer)
    with pytest.raises(plan.PlanError):
        plan.lock(report, officer)
    for department in Department:
        plan.mark_no_content(report, department, officer)
    plan.lock(report, officer)
    for sent in (
        SentInput(sent_on=date(2026, 12, 4), number="1/BC-UBND"),
        SentInput(sent_on=date(2026, 12, 2), number="1/BC-UBND"),
        SentInput(sent_on=date(2026, 12, 3), number=""),
        SentInput(sent_on=None, number="1/BC-UBND"),
    ):
        with pytest.raises(plan.PlanError):
            plan.record_sent(report, sent, officer)
        db.session.refresh(report)
        assert report.state == ReportState.LOCKED and report.sent_on is None
    plan.record_sent(report, SentInput(sent_on=date(2026, 12, 3), number="1/BC-UBND"), officer)
    db.session.refresh(report)
    assert report.state == ReportState.SENT and report.is_locked and report.is_sent


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("kind=year&year=2026", "Reporting year 16/11/2025 – 15/11/2026"),
        ("kind=month&year=2026&n=11", "Month 11/2026 (01/11/2026 – 30/11/2026)"),
        ("kind=quarter&year=2026&n=4", "Quarter IV/2026 (01/10/2026 – 31/12/2026)"),
        ("kind=half&year=2026&n=1", "First half of 2026 (01/01/2026 – 30/06/2026)"),
        ("kind=half&year=2026&n=2", "Second half of 2026 (01/07/2026 – 31/12/2026)"),
        ("kind=custom&from=2026-03-05&to=2026-04-20", "From 05/03/2026 to 20/04/2026"),
    ],
)
def test_the_figures_page_names_its_period_in_words(app, client, login_as, english, query, words):
    login_as(Role.OFFICER)
    page = client.get(f"/reports/figures?{query}").data.decode()
    assert f'<p class="period-title"><strong>{words}</strong></p>' in page


def _since_line(page: str) -> str:
    return page.split('class="since-end">')[1].split("</p>")[0]


def test_records_made_after_the_periods_end_are_counted_apart(app, client, login_as, english, clock_at):
    """23:59 on 15 November in the ward is in the reporting year; 00:00 on 16 November is not, and is said."""
    sixteenth = local_midnight(date(2026, 11, 16))
    clock_at(sixteenth - timedelta(hours=2))  # 22:00 on 15 November: the period is still running
    login_as(Role.OFFICER)
    assert "has not ended" in _since_line(client.get("/reports/figures?kind=year&year=2026").data.decode())

    clock_at(sixteenth + timedelta(days=4))
    assert "Nothing has been recorded after 15/11/2026" in _since_line(
        client.get("/reports/figures?kind=year&year=2026").data.decode()
    )
    make_inspection(status=InspectionStatus.SUBMITTED, started_at=sixteenth - timedelta(minutes=1))
    late = make_inspection(status=InspectionStatus.SUBMITTED, started_at=sixteenth)
    make_violation(inspection=late)
    make_inspection(status=InspectionStatus.DRAFT, started_at=sixteenth + timedelta(hours=1))  # not a record yet
    make_report(created_at=sixteenth - timedelta(minutes=1))
    make_report(created_at=sixteenth)
    make_report(created_at=sixteenth + timedelta(days=1))
    make_business(created_at=sixteenth)

    year = periods.reporting_year(2026)
    counted = compute(year)
    assert counted.task5.inspections_total == 1 and counted.task5.reports_received == 1
    line = _since_line(client.get("/reports/figures?kind=year&year=2026").data.decode())
    assert line == (
        "Made after 15/11/2026, so not counted in this period: 1 inspection record, 1 violation, "
        "2 consumer reports, 1 business registered."
    )


def test_a_reporting_year_starts_where_the_last_one_ended(app, clock_at):
    """16 November to 15 November: a record at 00:00 on 16 November 2025 is in the 2026 report, one a minute
    earlier in the 2025 report, and a day between two reports belongs to exactly one of them."""
    sixteenth = local_midnight(date(2025, 11, 16))
    clock_at(sixteenth + timedelta(days=400))
    make_inspection(status=InspectionStatus.SUBMITTED, started_at=sixteenth - timedelta(minutes=1))
    make_inspection(status=InspectionStatus.SUBMITTED, started_at=sixteenth)
    make_inspection(status=InspectionStatus.SUBMITTED, started_at=local_midnight(date(2026, 1, 1)) - timedelta(hours=1))
    this_year, last_year = periods.reporting_year(2026), periods.reporting_year(2025)
    assert (this_year.start, this_year.end) == (date(2025, 11, 16), date(2026, 11, 15))
    assert last_year.end + timedelta(days=1) == this_year.start and this_year.previous() == last_year
    assert compute(this_year).task5.inspections_total == 2 and compute(last_year).task5.inspections_total == 1


def test_a_report_locked_before_the_metrology_figures_reads_back_without_them(world, app):
    """A locked report keeps the figures it was locked with: one from before schema 1.2 has no ``metrology``, and
    its lines show a dash rather than a zero nobody counted."""
    from flask_babel import gettext

    from traceapp.reports import rows

    stored = compute(NOVEMBER).as_dict()
    del stored["task5"]["metrology"]
    old = Figures.from_dict(stored)
    assert old.task5.metrology is None
    with app.test_request_context():
        lines = {line.label: line for section in rows.sections(old, compute(OCTOBER)) for line in section.lines}
        registered = lines[gettext("Measuring instruments used in trade, registered")]
    assert registered.shown == "—" and registered.shown_before == "2"  # October: the May scale and the 31st's
