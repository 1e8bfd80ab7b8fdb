"""The plan report's figures for a period, by the plan's tasks 4, 5 and 6, aggregated in SQL.

``compute(period)`` returns :class:`Figures`, frozen dataclasses whose field names are the keys of the JSON the
province receives: ``as_dict()`` is the shape stored in a locked report, exported in the data package and served
by the API (``docs/schema/tdc-package-1.0.json``), and ``Figures.from_dict`` reads a locked report back. Every
count is an int, money in VND; enum breakdowns list every value, with 0 where there is none.
Timestamps are compared with the period's UTC bounds (local midnights), date columns with its calendar days.
Stock figures ("total", "verified", "technology") are taken at the end of the period; flows ("new", scans,
inspections) inside it.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Self

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
from traceapp.reports import metrology_figures
from traceapp.reports.metrology_figures import Metrology
from traceapp.reports.periods import Period

TOP_PRODUCTS = 10

Breakdown = dict[str, int]  # a count per enum value (every value present) or per agency name


@dataclass(frozen=True)
class FiguresPeriod:
    """The period the figures are of, as ISO dates and the period kind's value."""

    start: str
    end: str
    kind: str


@dataclass(frozen=True)
class TopProduct:
    product_id: int
    name: str
    business: str
    scans: int


@dataclass(frozen=True)
class Task4:
    """Data and digitisation: businesses, products, batches, QR labels and scans."""

    businesses_total: int
    businesses_verified: int
    businesses_new: int
    businesses_by_kind: Breakdown
    products_total: int
    products_new: int
    batches_total: int
    batches_new: int
    products_with_gtin: int
    qr_labels: int
    scans_total: int
    top_products: tuple[TopProduct, ...]
    businesses_with_traceability: int


@dataclass(frozen=True)
class Task5:
    """Inspection and supervision: inspections, goods checked, violations, recalls, consumer reports."""

    inspections_total: int
    inspections_by_kind: Breakdown
    inspections_by_agency: Breakdown
    inspections_by_field: Breakdown
    establishments_inspected: int
    items_checked: int
    items_nonconformant: int
    nonconformant_share: float
    violations_total: int
    violations_by_category: Breakdown
    violations_by_measure: Breakdown
    fines_vnd: int
    seized_value_vnd: int
    recalls: int
    reports_received: int
    reports_resolved: int
    median_days_to_resolve: float | None
    metrology: Metrology | None = None  # None in a report locked before schema 1.2


@dataclass(frozen=True)
class Task6:
    """Cooperation with businesses and the technology they apply."""

    events_total: int
    events_by_kind: Breakdown
    participants: int
    businesses_attending: int
    technology: Breakdown
    businesses_with_qr: int


@dataclass(frozen=True)
class Figures:
    """All figures of a period. Field order is the key order of the JSON, so exports stay byte for byte."""

    period: FiguresPeriod
    task4: Task4
    task5: Task5
    task6: Task6

    def as_dict(self) -> dict[str, Any]:
        """The JSON-safe dict: a locked report stores it, the data package and the API send it."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Figures stored by ``as_dict`` (a locked report's); a missing or unknown key is a TypeError/KeyError."""
        task4 = dict(data["task4"])
        task4["top_products"] = tuple(TopProduct(**item) for item in task4["top_products"])
        return cls(
            period=FiguresPeriod(**data["period"]),
            task4=Task4(**task4),
            task5=Task5(**{**data["task5"], "metrology": Metrology.from_dict(data["task5"].get("metrology"))}),
            task6=Task6(**data["task6"]),
        )


def _plain(value: Any) -> Any:
    """Dataclasses as dicts in field order, tuples as lists: what ``json.loads(json.dumps(...))`` gives back."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _scalar(stmt) -> int:
    return int(db.session.scalar(stmt) or 0)


def _count(column, *where) -> int:
    return _scalar(select(func.count(column)).where(*where))


def _sum(column, *where) -> int:
    return _scalar(select(func.sum(column)).where(*where))


def _by(column, enum_cls, *where, counted=None) -> Breakdown:
    """Rows per enum value, every value present (0 when there is none)."""
    out = {member.value: 0 for member in enum_cls}
    stmt = select(column, func.count(counted if counted is not None else column)).where(*where).group_by(column)
    out.update({str(key): int(n) for key, n in db.session.execute(stmt) if key is not None})
    return out


def _top_products(period: Period) -> tuple[TopProduct, ...]:
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
    return tuple(
        TopProduct(product_id=pid, name=name, business=business, scans=int(n)) for pid, name, business, n in rows
    )


def task4(period: Period, start: datetime, end: datetime) -> Task4:
    registered = Business.created_at < end
    return Task4(
        businesses_total=_count(Business.id, registered),
        businesses_verified=_count(Business.id, registered, Business.status == BusinessStatus.VERIFIED),
        businesses_new=_count(Business.id, Business.created_at >= start, registered),
        businesses_by_kind=_by(Business.kind, BusinessKind, registered, counted=Business.id),
        products_total=_count(Product.id, Product.created_at < end),
        products_new=_count(Product.id, Product.created_at >= start, Product.created_at < end),
        batches_total=_count(Batch.id, Batch.created_at < end),
        batches_new=_count(Batch.id, Batch.created_at >= start, Batch.created_at < end),
        products_with_gtin=_count(Product.id, Product.created_at < end, Product.gtin.is_not(None)),
        qr_labels=_sum(LabelPrint.labels, LabelPrint.printed_at >= start, LabelPrint.printed_at < end),
        scans_total=_sum(ScanDay.count, ScanDay.day >= period.start, ScanDay.day <= period.end),
        top_products=_top_products(period),
        # Every product gets a public code and a QR when it is registered: a business with a product traces it.
        businesses_with_traceability=_count(distinct(Product.business_id), Product.created_at < end),
    )


def _fields(*where) -> Breakdown:
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
    # The bounds on resolved_at already exclude NULL; the test only says so to the type checker.
    days = [(done - made).total_seconds() / 86400 for made, done in rows if done is not None]
    return len(rows), (round(statistics.median(days), 1) if days else None)


@dataclass(frozen=True)
class _Violations:
    total: int
    by_category: Breakdown
    by_measure: Breakdown
    fines_vnd: int
    seized_value_vnd: int


def _violations(*where) -> _Violations:
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
    return _Violations(total, categories, measures, fines, seized)


def task5(period: Period, start: datetime, end: datetime) -> Task5:
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
    violations = _violations(Violation.inspection_id.in_(ids))
    return Task5(
        inspections_total=sum(kinds.values()),
        inspections_by_kind=kinds,
        inspections_by_agency={name: int(n) for name, n in by_agency},
        inspections_by_field=_fields(*in_period),
        establishments_inspected=_establishments(*in_period),
        items_checked=items,
        items_nonconformant=failed,
        nonconformant_share=round(failed / items, 4) if items else 0.0,
        violations_total=violations.total,
        violations_by_category=violations.by_category,
        violations_by_measure=violations.by_measure,
        fines_vnd=violations.fines_vnd,
        seized_value_vnd=violations.seized_value_vnd,
        recalls=_count(Recall.id, Recall.recalled_on >= period.start, Recall.recalled_on <= period.end),
        reports_received=_count(ConsumerReport.id, ConsumerReport.created_at >= start, ConsumerReport.created_at < end),
        reports_resolved=resolved,
        median_days_to_resolve=median,
        metrology=metrology_figures.compute(period.end, end, ids),
    )


def task6(period: Period, with_qr: int) -> Task6:
    held = (CooperationEvent.held_on >= period.start, CooperationEvent.held_on <= period.end)
    events = select(CooperationEvent.id).where(*held)
    # traceapp.cooperation.queries: verified, not expired at the period's last day.
    adoption = adoption_figures(period.end)
    return Task6(
        events_total=_count(CooperationEvent.id, *held),
        events_by_kind=_by(CooperationEvent.kind, EventKind, *held, counted=CooperationEvent.id),
        participants=_sum(CooperationEvent.participants, *held),
        businesses_attending=_count(
            distinct(EventInvitation.business_id),
            EventInvitation.event_id.in_(events),
            EventInvitation.checked_in_at.is_not(None),
        ),
        technology={kind.value: int(adoption.get(kind.value, 0)) for kind in TechnologyKind},
        businesses_with_qr=with_qr,
    )


def compute(period: Period) -> Figures:
    """All figures of ``period``; ``as_dict()`` of it is what a locked report stores."""
    scans.flush()  # counts still buffered in this process belong in the figures
    start, end = period.bounds()
    four = task4(period, start, end)
    return Figures(
        period=FiguresPeriod(start=period.start.isoformat(), end=period.end.isoformat(), kind=str(period.kind)),
        task4=four,
        task5=task5(period, start, end),
        task6=task6(period, four.businesses_with_traceability),
    )


@dataclass(frozen=True)
class SinceEnd:
    """Records made after the period's last day (up to now), each counted the way its figure counts it, so not in
    the period's figures: shown once the period has ended, so that a zero is not read as "nothing happened"."""

    inspections: int
    violations: int
    consumer_reports: int
    recalls: int
    businesses: int
    products: int
    batches: int
    events: int

    @property
    def total(self) -> int:
        return sum(dataclasses.astuple(self))


def since_end(period: Period) -> SinceEnd:
    """What was recorded from local midnight after ``period.end`` on: the same columns ``compute`` reads."""
    _, end = period.bounds()
    later = (Inspection.status == InspectionStatus.SUBMITTED, Inspection.started_at >= end)
    return SinceEnd(
        inspections=_count(Inspection.id, *later),
        violations=_count(Violation.id, Violation.inspection_id.in_(select(Inspection.id).where(*later))),
        consumer_reports=_count(ConsumerReport.id, ConsumerReport.created_at >= end),
        recalls=_count(Recall.id, Recall.recalled_on > period.end),
        businesses=_count(Business.id, Business.created_at >= end),
        products=_count(Product.id, Product.created_at >= end),
        batches=_count(Batch.id, Batch.created_at >= end),
        events=_count(CooperationEvent.id, CooperationEvent.held_on > period.end),
    )


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
