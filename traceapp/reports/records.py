"""The record types the API, the spreadsheets and the data package share: one row per record, with English
snake_case fields (the data package's schema, ``docs/schema/tdc-package-1.0.json``, names the same fields).

A row holds Python values (dates, aware UTC datetimes, enums, Decimals): ``jsonable`` turns it into JSON with
ISO dates and UTC times for the API and the package; the workbook writes real dates and labels.

A period selects the same rows the plan report's figures count (``traceapp.reports.figures``): businesses,
products, batches and consumer reports by when they were registered, submitted inspections by when they started,
violations by their inspection, recalls by their date. Fields a person outside the ward must not get are never
listed: a consumer's contact phone, a report's tracking code (it opens the consumer's tracking page), photos.
Free text a consumer typed (a report's message and place, and the reply the consumer is shown) leaves with phone
numbers, e-mail addresses and ID card numbers masked (``traceapp.privacy``); staff pages show it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func, inspect, select

from traceapp.clock import as_utc, local_midnight
from traceapp.extensions import db
from traceapp.models import (
    Agency,
    Base,
    Batch,
    Business,
    Certification,
    ConsumerReport,
    CooperationEvent,
    EventInvitation,
    Inspection,
    InspectionItem,
    InspectionStatus,
    MeasuringInstrument,
    PlanReport,
    PrepackagedLotCheck,
    PrepackagedSample,
    Product,
    Recall,
    ReportState,
    Violation,
    WeighingTest,
    violation_item,
)
from traceapp.privacy import mask_personal_data

CHUNK = 1000  # rows loaded at a time when a whole period is exported (their ids go in one IN list)

Range = tuple[date | None, date | None]


def jsonable(value):
    """A row (or any part of one) as JSON values: ISO dates, UTC times with their offset, numbers, enum codes."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


def instants(column, days: Range) -> list:
    """A timestamp column within local calendar days: from local midnight to the midnight after the last day."""
    start, end = days
    return ([column >= local_midnight(start)] if start else []) + (
        [column < local_midnight(end + timedelta(days=1))] if end else []
    )


def calendar_days(column, days: Range) -> list:
    start, end = days
    return ([column >= start] if start else []) + ([column <= end] if end else [])


def _submitted_inspections(days: Range) -> list:
    return [Inspection.status == InspectionStatus.SUBMITTED, *instants(Inspection.started_at, days)]


def _execute(stmt):
    """Plain Core execution on the session's connection: ORM row processing costs as much as the query here."""
    return db.session.connection().execute(stmt)


def _columns(model, names: str) -> tuple:
    return tuple(getattr(model, name).label(name) for name in names.split())


def _group(result, key: str) -> dict[int, list[dict]]:
    """Child rows by their parent's id (``key``), each a dict of the other columns, in the result's order."""
    names = list(result.keys())
    at = names.index(key)
    others = [name for name in names if name != key]
    out: dict[int, list[dict]] = {}
    for values in result.all():
        out.setdefault(values[at], []).append(dict(zip(others, values[:at] + values[at + 1 :], strict=True)))
    return out


def _certifications(ids: list[int]) -> dict[int, dict]:
    stmt = (
        select(*_columns(Certification, "product_id kind stars number issuer issued_on expires_on"))
        .where(Certification.product_id.in_(ids))
        .order_by(Certification.id)
    )
    grouped = _group(_execute(stmt), "product_id")
    return {pid: {"certifications": grouped.get(pid, [])} for pid in ids}


def _items(ids: list[int]) -> dict[int, dict]:
    stmt = (
        select(
            *_columns(
                InspectionItem, "inspection_id id product_id batch_id instrument_id description checks result note"
            )
        )
        .where(InspectionItem.inspection_id.in_(ids))
        .order_by(InspectionItem.id)
    )
    grouped = _group(_execute(stmt), "inspection_id")
    item_ids = [item["id"] for items in grouped.values() for item in items]
    measured = _measurements(item_ids)
    for items in grouped.values():
        for item in items:
            item["checks"] = dict(item["checks"] or {})
            item.update(measured[item["id"]])
    return {iid: {"items": grouped.get(iid, [])} for iid in ids}


LOT_FIELDS = (
    "nominal unit lot_size sample_size allowed_over_t tolerable_deficiency over_t over_2t mean mean_limit passed"
)


def _measurements(item_ids: list[int]) -> dict[int, dict]:
    """What was measured on each item: the weighing test's loads and readings, a prepackaged lot's check with its
    sample's net quantities (``null`` where the item had none)."""
    out: dict[int, dict] = {item_id: {"weighing_tests": [], "lot_check": None} for item_id in item_ids}
    if not item_ids:
        return out
    tests = (
        select(*_columns(WeighingTest, "item_id load reading unit"))
        .where(WeighingTest.item_id.in_(item_ids))
        .order_by(WeighingTest.item_id, WeighingTest.position)
    )
    for item_id, rows in _group(_execute(tests), "item_id").items():
        out[item_id]["weighing_tests"] = rows
    lots = select(*_columns(PrepackagedLotCheck, "id item_id " + LOT_FIELDS)).where(
        PrepackagedLotCheck.item_id.in_(item_ids)
    )
    checks = {row["id"]: row for row in (dict(values._mapping) for values in _execute(lots))}
    samples = (
        select(PrepackagedSample.lot_check_id, PrepackagedSample.net)
        .where(PrepackagedSample.lot_check_id.in_(list(checks)))
        .order_by(PrepackagedSample.lot_check_id, PrepackagedSample.position)
    )
    nets: dict[int, list] = {}
    for lot_check_id, net in _execute(samples):
        nets.setdefault(lot_check_id, []).append(net)
    for check_id, check in checks.items():
        item_id = check.pop("item_id")
        check.pop("id")
        out[item_id]["lot_check"] = {**check, "samples_net": nets.get(check_id, [])}
    return out


def _item_ids(ids: list[int]) -> dict[int, dict]:
    stmt = (
        select(violation_item.c.violation_id, violation_item.c.item_id)
        .where(violation_item.c.violation_id.in_(ids))
        .order_by(violation_item.c.item_id)
    )
    out: dict[int, dict] = {vid: {"item_ids": []} for vid in ids}
    for violation_id, item_id in _execute(stmt):
        out[violation_id]["item_ids"].append(item_id)
    return out


def _invitations(ids: list[int]) -> dict[int, dict]:
    stmt = (
        select(EventInvitation.event_id, EventInvitation.business_id, EventInvitation.checked_in_at)
        .where(EventInvitation.event_id.in_(ids))
        .order_by(EventInvitation.id)
    )
    out: dict[int, dict] = {eid: {"invited_business_ids": [], "attended_business_ids": []} for eid in ids}
    for event_id, business_id, checked_in_at in _execute(stmt):
        out[event_id]["invited_business_ids"].append(business_id)
        if checked_in_at is not None:
            out[event_id]["attended_business_ids"].append(business_id)
    return out


def _plan_period(row: dict) -> dict:
    row["period"] = {"kind": row.pop("period_kind"), "start": row.pop("period_start"), "end": row.pop("period_end")}
    return row


@dataclass(frozen=True)
class RecordType:
    """Rows read with Core (no ORM objects: a year is hundreds of thousands of them), in ``fields`` order.

    ``nested`` adds, for a chunk of ids, the fields that come from child rows; ``shape`` rearranges a row;
    ``masked`` are free-text fields whose personal data (phones, e-mails, ID numbers) is masked on the way out."""

    model: type[Base]
    where: Callable[[Range], list]
    fields: tuple[str, ...]
    columns: tuple
    joins: tuple = ()
    nested: Callable[[list[int]], dict[int, dict]] | None = None
    shape: Callable[[dict], dict] | None = None
    masked: tuple[str, ...] = ()

    @property
    def id_column(self) -> ColumnElement[Any]:
        """The model's integer primary key (``id``): rows are read in its order, a chunk after the last one."""
        return inspect(self.model).primary_key[0]


def _type(
    model,
    where,
    fields: str,
    *,
    extra: tuple = (),
    joins: tuple = (),
    nested=None,
    shape=None,
    columns: str | None = None,
    masked: str = "",
) -> RecordType:
    """``fields`` in row order; the model's own columns are those not supplied by ``extra`` or ``nested``."""
    return RecordType(
        model,
        where,
        tuple(fields.split()),
        _columns(model, columns or fields) + extra,
        joins,
        nested,
        shape,
        tuple(masked.split()),
    )


RECORD_TYPES: dict[str, RecordType] = {
    "businesses": _type(
        Business,
        lambda days: instants(Business.created_at, days),
        "id name kind registration_number owner_name phone email address quarter sector status created_at updated_at",
    ),
    "products": _type(
        Product,
        lambda days: instants(Product.created_at, days),
        "id business_id name category gtin public_code description ingredients origin net_quantity shelf_life "
        "standard_applied conformity_declaration status certifications created_at updated_at",
        columns="id business_id name category gtin public_code description ingredients origin net_quantity "
        "shelf_life standard_applied conformity_declaration status created_at updated_at",
        nested=_certifications,
    ),
    "batches": _type(
        Batch,
        lambda days: instants(Batch.created_at, days),
        "id product_id lot_code production_date expiry_date quantity unit public_code status created_at",
    ),
    "inspections": _type(
        Inspection,
        _submitted_inspections,
        "id number agency_id agency kind fields business_id place_name place_address decision_number started_at "
        "ended_at latitude longitude result conclusion submitted_at items",
        columns="id number agency_id kind fields business_id place_name place_address decision_number started_at "
        "ended_at latitude longitude result conclusion submitted_at",
        extra=(Agency.name.label("agency"),),
        joins=((Agency, Agency.id == Inspection.agency_id),),
        nested=_items,
    ),
    "violations": _type(
        Violation,
        _submitted_inspections,
        "id inspection_id business_id category description measure fine_vnd seized_quantity seized_value_vnd "
        "remedy_deadline status item_ids created_at",
        columns="id inspection_id business_id category description measure fine_vnd seized_quantity "
        "seized_value_vnd remedy_deadline status created_at",
        joins=((Inspection, Inspection.id == Violation.inspection_id),),
        nested=_item_ids,
    ),
    # Registered in the period (the figures count the whole register at its end); due_on is the last day the
    # verification holds.
    "instruments": _type(
        MeasuringInstrument,
        lambda days: instants(MeasuringInstrument.created_at, days),
        "id business_id public_code kind status place_name stall address manufacturer model serial_number "
        "accuracy_class max_capacity scale_interval unit certificate_number stamp_number verified_by verified_on "
        "stated_until due_on is_reference_scale confirmed_at created_at updated_at",
    ),
    # No contact phone, tracking code or photo: those belong to the consumer and the ward. The text the consumer
    # typed, and the reply shown to them, leave with phones, e-mails and ID numbers masked.
    "reports": _type(
        ConsumerReport,
        lambda days: instants(ConsumerReport.created_at, days),
        "id product_id batch_id kind message place status inspection_id reply created_at resolved_at",
        masked="message place reply",
    ),
    "recalls": _type(
        Recall,
        lambda days: calendar_days(Recall.recalled_on, days),
        "id scope product_id batch_id reason recalled_on inspection_id created_at",
    ),
    # Who was invited and who came, by business id; the sign-in sheet and attachments stay with the ward.
    "events": _type(
        CooperationEvent,
        lambda days: calendar_days(CooperationEvent.held_on, days),
        "id kind title held_on place agency_id topics participants invited_business_ids attended_business_ids "
        "conclusions created_at",
        columns="id kind title held_on place agency_id topics participants conclusions created_at",
        nested=_invitations,
    ),
    # Only locked (or sent) reports: a draft is still being written. Chosen by the period's last day.
    "plan-reports": _type(
        PlanReport,
        lambda days: [
            PlanReport.state.in_((ReportState.LOCKED, ReportState.SENT)),
            *calendar_days(PlanReport.period_end, days),
        ],
        "id period number state locked_at",
        columns="id period_kind period_start period_end number state locked_at",
        shape=_plan_period,
    ),
}


def _select(kind: RecordType, days: Range):
    return (
        _joined(select(*kind.columns).select_from(kind.model), kind).where(*kind.where(days)).order_by(kind.id_column)
    )


def _finish(kind: RecordType, chunk) -> list[dict]:
    """Rows of one chunk: UTC times made aware (SQLite returns them naive), child fields added, personal data in
    free text masked, in field order. Every export (API, CSV, workbook, data package) reads its rows here."""
    rows = [dict(row) for row in chunk]
    extra = kind.nested([row["id"] for row in rows]) if kind.nested and rows else {}
    out = []
    for row in rows:
        row.update(extra.get(row["id"], {}))
        for key, value in row.items():
            if key.endswith("_at") and value is not None:
                row[key] = as_utc(value)
        for key in kind.masked:
            row[key] = mask_personal_data(row[key])
        if kind.shape:
            row = kind.shape(row)
        out.append({name: row[name] for name in kind.fields})
    return out


# The record types of a period's export: locked plan reports are the API's alone.
EXPORTED = (
    "businesses",
    "products",
    "batches",
    "inspections",
    "violations",
    "reports",
    "recalls",
    "events",
    "instruments",
)


def _joined(stmt, kind: RecordType):
    for target, on in kind.joins:
        stmt = stmt.join(target, on)
    return stmt


def count(kind: RecordType, days: Range) -> int:
    return int(
        _execute(_joined(select(func.count()).select_from(kind.model), kind).where(*kind.where(days))).scalar() or 0
    )


def fetch(kind: RecordType, days: Range, offset: int, limit: int) -> tuple[list[dict], int]:
    """One page of rows in id order (stable while rows are added), and how many rows the filter selects."""
    chunk = _execute(_select(kind, days).limit(limit).offset(offset)).mappings()
    return _finish(kind, chunk), count(kind, days)


def stream(kind: RecordType, days: Range) -> Iterator[dict]:
    """Every row of the period in id order, a chunk at a time (keyset, so memory stays flat on a big year)."""
    last_id = 0
    while True:
        chunk = _execute(_select(kind, days).where(kind.id_column > last_id).limit(CHUNK)).mappings().all()
        if not chunk:
            return
        yield from _finish(kind, chunk)
        last_id = chunk[-1]["id"]


def plan_report_row(report: PlanReport) -> dict:
    return next(
        iter(
            _finish(
                RECORD_TYPES["plan-reports"],
                _execute(
                    _select(RECORD_TYPES["plan-reports"], (None, None)).where(PlanReport.id == report.id)
                ).mappings(),
            )
        )
    )


def locked_report(report_id: int) -> PlanReport | None:
    report = db.session.get(PlanReport, report_id)
    return report if report is not None and report.is_locked and report.locked_figures else None
