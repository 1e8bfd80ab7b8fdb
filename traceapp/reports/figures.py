"""The plan report's figures for a period, by the plan's tasks 4, 5 and 6, aggregated in SQL.

``compute(period)`` returns a JSON-safe dict (the same shape is stored in a locked report, exported and served by
the API), every count an int, money in VND; enum breakdowns list every value, with 0 where there is none.
Timestamps are compared with the period's UTC bounds (local midnights), date columns with its calendar days.
Stock figures ("total", "verified", "technology") are taken at the end of the period; flows ("new", scans,
inspections) inside it.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from sqlalchemy import String, case, cast, distinct, func, select

from traceapp import scans
from traceapp.cooperation.queries import adoption_figures
from traceapp.extensions import db
from traceapp.models import (
    Agency,
    Batch,
    Business,
    BusinessKind,
    BusinessStatus,
    CheckResult,
    ConsumerReport,
    CooperationEvent,
    EventInvitation,
    EventKind,
    Inspection,
    InspectionField,
    InspectionItem,
    InspectionKind,
    InspectionStatus,
    LabelPrint,
    Measure,
    Product,
    Recall,
    ReportStatus,
    ScanDay,
    TechnologyKind,
    Violation,
    ViolationCategory,
)
from traceapp.reports.periods import Period

TOP_PRODUCTS = 10


def _scalar(stmt) -> int:
    return int(db.session.scalar(stmt) or 0)


def _count(column, *where) -> int:
    return _scalar(select(func.count(column)).where(*where))


def _sum(column, *where) -> int:
    return _scalar(select(func.sum(column)).where(*where))


def _by(column, enum_cls, *where, counted=None) -> dict[str, int]:
    """Rows per enum value, every value present (0 when there is none)."""
    out = {member.value: 0 for member in enum_cls}
    stmt = select(column, func.count(counted if counted is not None else column)).where(*where).group_by(column)
    out.update({str(key): int(n) for key, n in db.session.execute(stmt) if key is not None})
    return out


def _top_products(period: Period) -> list[dict]:
    """Scans summed per product first (one pass over the scan days), names joined to the ten kept."""
    totals = (
        select(ScanDay.product_id, func.sum(ScanDay.count).label("scans"))
        .where(ScanDay.day >= period.start, ScanDay.day <= period.end)
        .group_by(ScanDay.product_id)
        .order_by(func.sum(ScanDay.count).desc(), ScanDay.product_id)
        .limit(TOP_PRODUCTS)
        .subquery()
    )
    rows = db.session.execute(
        select(Product.id, Product.name, Business.name, totals.c.scans)
        .join(totals, totals.c.product_id == Product.id)
        .join(Business, Business.id == Product.business_id)
        .order_by(totals.c.scans.desc(), Product.id)
    )
    return [{"product_id": pid, "name": name, "business": business, "scans": int(n)} for pid, name, business, n in rows]


def task4(period: Period, start: datetime, end: datetime) -> dict:
    registered = Business.created_at < end
    return {
        "businesses_total": _count(Business.id, registered),
        "businesses_verified": _count(Business.id, registered, Business.status == BusinessStatus.VERIFIED),
        "businesses_new": _count(Business.id, Business.created_at >= start, registered),
        "businesses_by_kind": _by(Business.kind, BusinessKind, registered, counted=Business.id),
        "products_total": _count(Product.id, Product.created_at < end),
        "products_new": _count(Product.id, Product.created_at >= start, Product.created_at < end),
        "batches_total": _count(Batch.id, Batch.created_at < end),
        "batches_new": _count(Batch.id, Batch.created_at >= start, Batch.created_at < end),
        "products_with_gtin": _count(Product.id, Product.created_at < end, Product.gtin.is_not(None)),
        "qr_labels": _sum(LabelPrint.labels, LabelPrint.printed_at >= start, LabelPrint.printed_at < end),
        "scans_total": _sum(ScanDay.count, ScanDay.day >= period.start, ScanDay.day <= period.end),
        "top_products": _top_products(period),
        # Every product gets a public code and a QR when it is registered: a business with a product traces it.
        "businesses_with_traceability": _count(distinct(Product.business_id), Product.created_at < end),
    }


def _fields(*where) -> dict[str, int]:
    """Inspections per field; ``fields`` is a JSON list, matched as text the way the inspection list filters it."""
    text = cast(Inspection.fields, String)
    members = list(InspectionField)
    sums = [func.sum(case((text.like(f'%"{field.value}"%'), 1), else_=0)) for field in members]
    row = db.session.execute(select(*sums).where(*where)).one()
    return {field.value: int(n or 0) for field, n in zip(members, row, strict=True)}


def _establishments(*where) -> int:
    """Registered businesses by id, unregistered places by their name (trimmed, case aside)."""
    businesses = _count(distinct(Inspection.business_id), *where, Inspection.business_id.is_not(None))
    place = func.lower(func.trim(Inspection.place_name))
    places = _count(distinct(place), *where, Inspection.business_id.is_(None), func.trim(Inspection.place_name) != "")
    return businesses + places


def _median_days(start: datetime, end: datetime) -> tuple[int, float | None]:
    """Resolved reports of the period and the median days from receipt to resolution (few rows: Python is fine)."""
    rows = db.session.execute(
        select(ConsumerReport.created_at, ConsumerReport.resolved_at).where(
            ConsumerReport.status == ReportStatus.RESOLVED,
            ConsumerReport.resolved_at >= start,
            ConsumerReport.resolved_at < end,
        )
    ).all()
    days = [(done - made).total_seconds() / 86400 for made, done in rows]
    return len(rows), (round(statistics.median(days), 1) if days else None)


def _violations(*where) -> dict:
    """Counts by category and by measure, fines and seized value, from one grouped query (at most 48 rows)."""
    categories = {member.value: 0 for member in ViolationCategory}
    measures = {member.value: 0 for member in Measure}
    total = fines = seized = 0
    rows = db.session.execute(
        select(
            Violation.category,
            Violation.measure,
            func.count(Violation.id),
            func.sum(Violation.fine_vnd),
            func.sum(Violation.seized_value_vnd),
        )
        .where(*where)
        .group_by(Violation.category, Violation.measure)
    )
    for category, measure, n, fine, value in rows:
        categories[str(category)] = categories.get(str(category), 0) + int(n)
        measures[str(measure)] = measures.get(str(measure), 0) + int(n)
        total, fines, seized = total + int(n), fines + int(fine or 0), seized + int(value or 0)
    return {
        "violations_total": total,
        "violations_by_category": categories,
        "violations_by_measure": measures,
        "fines_vnd": fines,
        "seized_value_vnd": seized,
    }


def task5(period: Period, start: datetime, end: datetime) -> dict:
    in_period = (
        Inspection.status == InspectionStatus.SUBMITTED,
        Inspection.started_at >= start,
        Inspection.started_at < end,
    )
    ids = select(Inspection.id).where(*in_period)
    kinds = _by(Inspection.kind, InspectionKind, *in_period, counted=Inspection.id)
    by_agency = db.session.execute(
        select(Agency.name, func.count(Inspection.id))
        .join(Inspection.agency)
        .where(*in_period)
        .group_by(Agency.name)
        .order_by(Agency.name)
    )
    items, failed = db.session.execute(
        select(
            func.count(InspectionItem.id), func.sum(case((InspectionItem.result == CheckResult.FAIL, 1), else_=0))
        ).where(InspectionItem.inspection_id.in_(ids))
    ).one()
    items, failed = int(items or 0), int(failed or 0)
    resolved, median = _median_days(start, end)
    return {
        "inspections_total": sum(kinds.values()),
        "inspections_by_kind": kinds,
        "inspections_by_agency": {name: int(n) for name, n in by_agency},
        "inspections_by_field": _fields(*in_period),
        "establishments_inspected": _establishments(*in_period),
        "items_checked": items,
        "items_nonconformant": failed,
        "nonconformant_share": round(failed / items, 4) if items else 0.0,
        **_violations(Violation.inspection_id.in_(ids)),
        "recalls": _count(Recall.id, Recall.recalled_on >= period.start, Recall.recalled_on <= period.end),
        "reports_received": _count(
            ConsumerReport.id, ConsumerReport.created_at >= start, ConsumerReport.created_at < end
        ),
        "reports_resolved": resolved,
        "median_days_to_resolve": median,
    }


def task6(period: Period, with_qr: int) -> dict:
    held = (CooperationEvent.held_on >= period.start, CooperationEvent.held_on <= period.end)
    events = select(CooperationEvent.id).where(*held)
    # traceapp.cooperation.queries: verified, not expired at the period's last day.
    adoption = adoption_figures(period.end)
    return {
        "events_total": _count(CooperationEvent.id, *held),
        "events_by_kind": _by(CooperationEvent.kind, EventKind, *held, counted=CooperationEvent.id),
        "participants": _sum(CooperationEvent.participants, *held),
        "businesses_attending": _count(
            distinct(EventInvitation.business_id),
            EventInvitation.event_id.in_(events),
            EventInvitation.checked_in_at.is_not(None),
        ),
        "technology": {kind.value: int(adoption.get(kind.value, 0)) for kind in TechnologyKind},
        "businesses_with_qr": with_qr,
    }


def compute(period: Period) -> dict:
    """All figures of ``period``; JSON-safe, so a locked report stores exactly this."""
    scans.flush()  # counts still buffered in this process belong in the figures
    start, end = period.bounds()
    four = task4(period, start, end)
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(), "kind": str(period.kind)},
        "task4": four,
        "task5": task5(period, start, end),
        "task6": task6(period, four["businesses_with_traceability"]),
    }


def scans_by_month(period: Period) -> list[tuple[str, int]]:
    """Scans per calendar month of the period, ``("2026-03", n)``, months without scans included (for the chart);
    per day, ``("2026-03-05", n)``, when the period lies within about two months, so a month's line has points.

    Summed per day in SQL (at most 1,830 rows for five years, read from the covering index), months in Python."""
    rows = db.session.execute(
        select(ScanDay.day, func.sum(ScanDay.count))
        .where(ScanDay.day >= period.start, ScanDay.day <= period.end)
        .group_by(ScanDay.day)
    )
    per_day = {day: int(n or 0) for day, n in rows}
    if period.days <= 62:
        days = (period.start + timedelta(days=offset) for offset in range(period.days))
        return [(day.isoformat(), per_day.get(day, 0)) for day in days]
    months: dict[str, int] = {}
    for day, n in per_day.items():
        key = f"{day.year:04d}-{day.month:02d}"
        months[key] = months.get(key, 0) + n
    out, (y, m) = [], (period.start.year, period.start.month)
    while (y, m) <= (period.end.year, period.end.month):
        out.append((f"{y:04d}-{m:02d}", months.get(f"{y:04d}-{m:02d}", 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
