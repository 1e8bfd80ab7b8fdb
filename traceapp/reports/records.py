"""The record types the API, the spreadsheets and the data package share: one row per record, with English
snake_case fields (the data package's schema, ``docs/schema/tdc-package-1.0.json``, names the same fields).

A row holds Python values (dates, aware UTC datetimes, enums, Decimals): ``jsonable`` turns it into JSON with
ISO dates and UTC times for the API and the package; the workbook writes real dates and labels.

A period selects the same rows the plan report's figures count (``traceapp.reports.figures``): businesses,
products, batches and consumer reports by when they were registered, submitted inspections by when they started,
violations by their inspection, recalls by their date. Fields a person outside the ward must not get are never
listed: a consumer's contact phone, a report's tracking code (it opens the consumer's tracking page), photos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from traceapp.extensions import db
from traceapp.models import (
    Batch,
    Business,
    ConsumerReport,
    CooperationEvent,
    Inspection,
    InspectionStatus,
    PlanReport,
    Product,
    Recall,
    ReportState,
    Violation,
)
from traceapp.models.base import as_utc
from traceapp.web.formatting import VN_TZ

CHUNK = 1000  # rows loaded at a time when a whole period is exported

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


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, VN_TZ).astimezone(UTC)


def instants(column, days: Range) -> list:
    """A timestamp column within local calendar days: from local midnight to the midnight after the last day."""
    start, end = days
    return ([column >= _local_midnight(start)] if start else []) + (
        [column < _local_midnight(end + timedelta(days=1))] if end else [])


def calendar_days(column, days: Range) -> list:
    start, end = days
    return ([column >= start] if start else []) + ([column <= end] if end else [])


def _submitted_inspections(days: Range) -> list:
    return [Inspection.status == InspectionStatus.SUBMITTED, *instants(Inspection.started_at, days)]


def business_row(b: Business) -> dict:
    return {"id": b.id, "name": b.name, "kind": b.kind, "registration_number": b.registration_number,
            "owner_name": b.owner_name, "phone": b.phone, "email": b.email, "address": b.address,
            "quarter": b.quarter, "sector": b.sector, "status": b.status,
            "created_at": as_utc(b.created_at), "updated_at": as_utc(b.updated_at)}


def product_row(p: Product) -> dict:
    return {"id": p.id, "business_id": p.business_id, "name": p.name, "category": p.category, "gtin": p.gtin,
            "public_code": p.public_code, "description": p.description, "ingredients": p.ingredients,
            "origin": p.origin, "net_quantity": p.net_quantity, "shelf_life": p.shelf_life,
            "standard_applied": p.standard_applied, "conformity_declaration": p.conformity_declaration,
            "status": p.status,
            "certifications": [{"kind": c.kind, "stars": c.stars, "number": c.number, "issuer": c.issuer,
                                "issued_on": c.issued_on, "expires_on": c.expires_on}
                               for c in p.certifications],
            "created_at": as_utc(p.created_at), "updated_at": as_utc(p.updated_at)}


def batch_row(b: Batch) -> dict:
    return {"id": b.id, "product_id": b.product_id, "lot_code": b.lot_code, "production_date": b.production_date,
            "expiry_date": b.expiry_date, "quantity": b.quantity, "unit": b.unit,
            "public_code": b.public_code, "status": b.status, "created_at": as_utc(b.created_at)}


def inspection_row(i: Inspection) -> dict:
    return {"id": i.id, "number": i.number, "agency_id": i.agency_id, "agency": i.agency.name, "kind": i.kind,
            "fields": list(i.fields or []), "business_id": i.business_id, "place_name": i.place_name,
            "place_address": i.place_address, "decision_number": i.decision_number,
            "started_at": as_utc(i.started_at), "ended_at": as_utc(i.ended_at), "latitude": i.latitude,
            "longitude": i.longitude, "result": i.result, "conclusion": i.conclusion,
            "submitted_at": as_utc(i.submitted_at),
            "items": [{"id": item.id, "product_id": item.product_id, "batch_id": item.batch_id,
                       "description": item.description, "checks": dict(item.checks or {}),
                       "result": item.result, "note": item.note} for item in i.items]}


def violation_row(v: Violation) -> dict:
    return {"id": v.id, "inspection_id": v.inspection_id, "business_id": v.business_id, "category": v.category,
            "description": v.description, "measure": v.measure, "fine_vnd": v.fine_vnd,
            "seized_quantity": v.seized_quantity, "seized_value_vnd": v.seized_value_vnd,
            "remedy_deadline": v.remedy_deadline, "status": v.status,
            "item_ids": [item.id for item in v.items], "created_at": as_utc(v.created_at)}


def report_row(r: ConsumerReport) -> dict:
    """No contact phone, tracking code or photo: those belong to the consumer and the ward."""
    return {"id": r.id, "product_id": r.product_id, "batch_id": r.batch_id, "kind": r.kind,
            "message": r.message, "place": r.place, "status": r.status, "inspection_id": r.inspection_id,
            "reply": r.reply, "created_at": as_utc(r.created_at), "resolved_at": as_utc(r.resolved_at)}


def recall_row(r: Recall) -> dict:
    return {"id": r.id, "scope": r.scope, "product_id": r.product_id, "batch_id": r.batch_id,
            "reason": r.reason, "recalled_on": r.recalled_on, "inspection_id": r.inspection_id,
            "created_at": as_utc(r.created_at)}


def event_row(e: CooperationEvent) -> dict:
    """Who was invited and who came, by business id; the sign-in sheet and attachments stay with the ward."""
    return {"id": e.id, "kind": e.kind, "title": e.title, "held_on": e.held_on, "place": e.place,
            "agency_id": e.agency_id, "topics": list(e.topics or []), "participants": e.participants,
            "invited_business_ids": [i.business_id for i in e.invitations],
            "attended_business_ids": [i.business_id for i in e.invitations if i.checked_in_at is not None],
            "conclusions": e.conclusions, "created_at": as_utc(e.created_at)}


def plan_report_row(r: PlanReport) -> dict:
    return {"id": r.id, "period": {"kind": r.period_kind, "start": r.period_start, "end": r.period_end},
            "number": r.number, "state": r.state, "locked_at": as_utc(r.locked_at)}


@dataclass(frozen=True)
class RecordType:
    model: type
    where: Callable[[Range], list]
    row: Callable[[object], dict]
    options: tuple = ()


RECORD_TYPES: dict[str, RecordType] = {
    "businesses": RecordType(Business, lambda days: instants(Business.created_at, days), business_row),
    "products": RecordType(Product, lambda days: instants(Product.created_at, days), product_row,
                           (selectinload(Product.certifications),)),
    "batches": RecordType(Batch, lambda days: instants(Batch.created_at, days), batch_row),
    "inspections": RecordType(Inspection, _submitted_inspections, inspection_row,
                              (selectinload(Inspection.agency), selectinload(Inspection.items))),
    "violations": RecordType(
        Violation,
        lambda days: [Violation.inspection_id.in_(select(Inspection.id).where(*_submitted_inspections(days)))],
        violation_row, (selectinload(Violation.items),)),
    "reports": RecordType(ConsumerReport, lambda days: instants(ConsumerReport.created_at, days), report_row),
    "recalls": RecordType(Recall, lambda days: calendar_days(Recall.recalled_on, days), recall_row),
    "events": RecordType(CooperationEvent, lambda days: calendar_days(CooperationEvent.held_on, days), event_row,
                         (selectinload(CooperationEvent.invitations),)),
    # Only locked reports: a draft is still being written. Chosen by the period's last day.
    "plan-reports": RecordType(
        PlanReport,
        lambda days: [PlanReport.state == ReportState.LOCKED, *calendar_days(PlanReport.period_end, days)],
        plan_report_row),
}


# The record types of a period's export: locked plan reports are the API's alone.
EXPORTED = ("businesses", "products", "batches", "inspections", "violations", "reports", "recalls", "events")


def count(kind: RecordType, days: Range) -> int:
    return int(db.session.scalar(select(func.count()).select_from(kind.model).where(*kind.where(days))) or 0)


def _ordered(kind: RecordType, days: Range):
    return select(kind.model).where(*kind.where(days)).order_by(kind.model.id).options(*kind.options)


def fetch(kind: RecordType, days: Range, offset: int, limit: int) -> tuple[list[dict], int]:
    """One page of rows in id order (stable while rows are added), and how many rows the filter selects."""
    stmt = _ordered(kind, days).limit(limit).offset(offset)
    return [kind.row(obj) for obj in db.session.scalars(stmt)], count(kind, days)


def stream(kind: RecordType, days: Range) -> Iterator[dict]:
    """Every row of the period in id order, a chunk at a time (keyset, so memory stays flat on a big year)."""
    last_id = 0
    while True:
        chunk = list(db.session.scalars(_ordered(kind, days).where(kind.model.id > last_id).limit(CHUNK)))
        if not chunk:
            return
        yield from (kind.row(obj) for obj in chunk)
        last_id = chunk[-1].id
        db.session.expunge_all()


def locked_report(report_id: int) -> PlanReport | None:
    report = db.session.get(PlanReport, report_id)
    return report if report is not None and report.state == ReportState.LOCKED and report.locked_figures else None
