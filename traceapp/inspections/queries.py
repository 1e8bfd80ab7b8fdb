"""Reading inspections and violations with the visibility rule: staff see all, a business its own submitted ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import abort, request
from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from traceapp import codes
from traceapp.clock import local_midnight
from traceapp.extensions import db
from traceapp.models import (
    Agency,
    Batch,
    Business,
    ConsumerReport,
    Inspection,
    InspectionItem,
    InspectionMember,
    InspectionStatus,
    Product,
    ReportStatus,
    Role,
    User,
    Violation,
    ViolationStatus,
)
from traceapp.web.listing import ListArgs


def visible_inspection(user: User, inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id) or abort(404)
    if user.role == Role.BUSINESS and (inspection.business_id != user.business_id or inspection.is_draft):
        abort(404)
    return inspection


def visible_violation(user: User, violation_id: int) -> Violation:
    violation = db.session.get(Violation, violation_id) or abort(404)
    if user.role == Role.BUSINESS and (violation.business_id != user.business_id or violation.inspection.is_draft):
        abort(404)
    return violation


@dataclass
class Period:
    start: date | None = None
    end: date | None = None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """Local (Asia/Ho_Chi_Minh) calendar days as UTC instants: the end day is included in full."""
        start = local_midnight(self.start) if self.start else None
        end = local_midnight(self.end + timedelta(days=1)) if self.end else None
        return start, end


@dataclass
class Scope:
    """Period, agency and business filters of a list, read from the query string."""

    period: Period
    agency_id: int | None = None
    business_id: int | None = None


def parse_scope() -> Scope:
    """``?from=2026-01-01&to=2026-03-31&agency=3&business=7``; what does not parse is ignored, not an error."""

    def read_date(name: str) -> date | None:
        try:
            return date.fromisoformat(request.args.get(name, "")[:10])
        except ValueError:
            return None

    def read_id(name: str) -> int | None:
        value = request.args.get(name, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    return Scope(Period(read_date("from"), read_date("to")), read_id("agency"), read_id("business"))


def _in_period(column, period: Period):
    start, end = period.bounds()
    conditions = []
    if start:
        conditions.append(column >= start)
    if end:
        conditions.append(column < end)
    return conditions


def _narrow(stmt, user: User, args: ListArgs, scope: Scope, enum_columns: dict, business_column, search: tuple):
    """The filters both lists share: what a business may see, enum filters, agency, business, period, search."""
    if user.role == Role.BUSINESS:
        stmt = stmt.where(business_column == user.business_id, Inspection.status == InspectionStatus.SUBMITTED)
    for name, column in enum_columns.items():
        if name in args.filters:
            stmt = stmt.where(column == args.filters[name])
    if scope.agency_id:
        stmt = stmt.where(Inspection.agency_id == scope.agency_id)
    if scope.business_id:
        stmt = stmt.where(business_column == scope.business_id)
    stmt = stmt.where(*_in_period(Inspection.started_at, scope.period))
    if args.q:
        stmt = stmt.outerjoin(Business, business_column == Business.id).where(
            or_(*(column.ilike(args.like()) for column in search), Business.search_key.like(args.folded_like()))
        )
    return stmt


def inspection_list_statement(user: User, args: ListArgs, scope: Scope):
    stmt = select(Inspection).options(selectinload(Inspection.business), selectinload(Inspection.agency))
    if "field" in args.filters:
        # JSON list of field codes; a LIKE on its text works the same on SQLite and PostgreSQL.
        code = str(args.filters["field"])  # an InspectionField, whose str() is its stored value
        stmt = stmt.where(db.cast(Inspection.fields, db.String).like(f'%"{code}"%'))
    stmt = _narrow(
        stmt,
        user,
        args,
        scope,
        {"status": Inspection.status, "kind": Inspection.kind, "result": Inspection.result},
        Inspection.business_id,
        (Inspection.number, Inspection.place_name, Inspection.decision_number),
    )
    return stmt.order_by(Inspection.started_at.desc(), Inspection.id.desc())


def violation_list_statement(user: User, args: ListArgs, scope: Scope):
    stmt = (
        select(Violation)
        .join(Violation.inspection)
        .options(selectinload(Violation.business), selectinload(Violation.inspection).selectinload(Inspection.agency))
    )
    stmt = _narrow(
        stmt,
        user,
        args,
        scope,
        {"status": Violation.status, "category": Violation.category, "measure": Violation.measure},
        Violation.business_id,
        (Violation.description, Inspection.number, Inspection.place_name),
    )
    return stmt.order_by(Violation.created_at.desc(), Violation.id.desc())


def agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.name)))


def my_open_inspections(user: User) -> list[Inspection]:
    """Drafts the user started or is a member of: what "add to my open inspection" offers."""
    member = exists().where(InspectionMember.inspection_id == Inspection.id, InspectionMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(Inspection)
            .where(Inspection.status == InspectionStatus.DRAFT, or_(Inspection.created_by_id == user.id, member))
            .options(selectinload(Inspection.business))
            .order_by(Inspection.started_at.desc())
            .limit(20)
        )
    )


def violations_due(today: date, within_days: int = 7) -> list[Violation]:
    """Open violations whose deadline is past or within a week, soonest first."""
    return list(
        db.session.scalars(
            select(Violation)
            .where(
                Violation.status == ViolationStatus.OPEN,
                Violation.remedy_deadline.is_not(None),
                Violation.remedy_deadline <= today + timedelta(days=within_days),
            )
            .options(selectinload(Violation.business), selectinload(Violation.inspection))
            .order_by(Violation.remedy_deadline)
            .limit(50)
        )
    )


def open_violations_of(business_id: int) -> list[Violation]:
    """A business's open violations of submitted inspections, for its home page."""
    return list(
        db.session.scalars(
            select(Violation)
            .join(Violation.inspection)
            .where(
                Violation.business_id == business_id,
                Violation.status == ViolationStatus.OPEN,
                Inspection.status == InspectionStatus.SUBMITTED,
            )
            .options(selectinload(Violation.inspection))
            .order_by(Violation.remedy_deadline, Violation.id)
        )
    )


def remedies_to_confirm() -> list[Violation]:
    return list(
        db.session.scalars(
            select(Violation)
            .where(Violation.status == ViolationStatus.OPEN, Violation.remedy_reported_at.is_not(None))
            .options(selectinload(Violation.business))
            .order_by(Violation.remedy_reported_at)
            .limit(50)
        )
    )


def new_reports(user: User) -> list[ConsumerReport]:
    return list(
        db.session.scalars(
            select(ConsumerReport)
            .where(
                or_(
                    ConsumerReport.status == ReportStatus.NEW,
                    and_(ConsumerReport.assigned_to_id == user.id, ConsumerReport.status == ReportStatus.TRIAGED),
                )
            )
            .order_by(ConsumerReport.created_at.desc())
            .limit(20)
        )
    )


def _latest_check_statement(target):
    return (
        select(InspectionItem)
        .join(InspectionItem.inspection)
        .where(target, Inspection.status == InspectionStatus.SUBMITTED)
        .options(joinedload(InspectionItem.inspection).joinedload(Inspection.agency))
        .order_by(Inspection.submitted_at.desc(), InspectionItem.id.desc())
        .limit(1)
    )


# Built once: the public scan page asks this on every scan (bench/, docs/benchmarks.md).
_LATEST_FOR_BATCH = _latest_check_statement(
    or_(
        InspectionItem.batch_id == bindparam("batch_id"),
        and_(InspectionItem.product_id == bindparam("product_id"), InspectionItem.batch_id.is_(None)),
    )
)
_LATEST_FOR_PRODUCT = _latest_check_statement(InspectionItem.product_id == bindparam("product_id"))


def latest_public_check(product: Product, batch: Batch | None) -> InspectionItem | None:
    """The latest submitted check of this batch (or of the product when no batch was named on the item)."""
    if batch is not None:
        return db.session.scalar(_LATEST_FOR_BATCH, {"batch_id": batch.id, "product_id": product.id})
    return db.session.scalar(_LATEST_FOR_PRODUCT, {"product_id": product.id})


def search_businesses(text: str, limit: int = 10) -> list[Business]:
    """By name (accents optional), phone, registration number, or the code of one of its products or batches."""
    text = text.strip()[:100]
    if not text:
        return []
    code = codes.normalise(text)
    by_code = (
        select(Product.business_id).outerjoin(Batch).where(or_(Product.public_code == code, Batch.public_code == code))
    )
    digits = "".join(ch for ch in text if ch.isdigit())
    conditions = [Business.search_key.like(ListArgs(q=text).folded_like()), Business.id.in_(by_code)]
    if len(digits) >= 4:
        conditions += [Business.phone.like(f"%{digits}%"), Business.registration_number.like(f"%{digits}%")]
    return list(db.session.scalars(select(Business).where(or_(*conditions)).order_by(Business.name).limit(limit)))
