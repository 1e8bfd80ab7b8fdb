"""Reading inspections and violations through the team rule (``team_rules``): who sees which, who may change it.

A record the user may not see is a 404, so ids do not leak; one they may see but not change is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import abort, request
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import joinedload, selectinload

from traceapp import codes
from traceapp.clock import local_midnight
from traceapp.extensions import db
from traceapp.inspections import team_rules
from traceapp.models import (
    Agency,
    Batch,
    Business,
    CheckResult,
    ConsumerReport,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionStatus,
    Product,
    ReportStatus,
    User,
    Violation,
    ViolationStatus,
    violation_item,
)
from traceapp.web.listing import ListArgs, query_date
from traceapp.web.storable import whole_number


def visible_inspection(user: User, inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id) or abort(404)
    if not team_rules.may_view(user, inspection):
        abort(404)
    return inspection


def team_inspection(user: User, inspection_id: int) -> Inspection:
    """An inspection ``user`` is on the team of: 404 when they may not see it, 403 when they may only read it."""
    inspection = visible_inspection(user, inspection_id)
    if not team_rules.may_work_on(user, inspection):
        abort(403)
    return inspection


def visible_violation(user: User, violation_id: int) -> Violation:
    violation = db.session.get(Violation, violation_id) or abort(404)
    if not team_rules.may_view_violation(user, violation):
        abort(404)
    return violation


def team_violation(user: User, violation_id: int) -> Violation:
    """A violation of an inspection ``user`` is on the team of (404 / 403 as ``team_inspection``)."""
    violation = visible_violation(user, violation_id)
    if not team_rules.may_work_on(user, violation.inspection):
        abort(403)
    return violation


def visible_photo(user: User, name: str) -> InspectionPhoto:
    """A photo of an inspection ``user`` may see; any other name is 404."""
    photo = db.session.scalar(select(InspectionPhoto).where(InspectionPhoto.file_name == name)) or abort(404)
    if not team_rules.may_view(user, photo.item.inspection):
        abort(404)
    return photo


def team_candidates(inspection: Inspection) -> list[User]:
    """The staff accounts that may be put on the team: active, in a team role, not on it already."""
    on_team = [member.user_id for member in inspection.members if member.user_id is not None]
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(team_rules.TEAM_ROLES), User.id.not_in(on_team))
            .options(selectinload(User.agency))
            .order_by(User.name, User.id)
        )
    )


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

    def read_id(name: str) -> int | None:
        return whole_number(request.args.get(name))

    return Scope(Period(query_date("from"), query_date("to")), read_id("agency"), read_id("business"))


def _in_period(column, period: Period):
    start, end = period.bounds()
    conditions = []
    if start:
        conditions.append(column >= start)
    if end:
        conditions.append(column < end)
    return conditions


def _narrow(stmt, user: User, args: ListArgs, scope: Scope, enum_columns: dict, business_column, search: tuple):
    """The filters both lists share: what the user may see, enum filters, agency, business, period, search."""
    stmt = stmt.where(team_rules.visible_clause(user, business_column))
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
    """Drafts the user is on the team of (the one who starts an inspection is): what "add to my open
    inspection" offers."""
    return list(
        db.session.scalars(
            select(Inspection)
            .where(Inspection.status == InspectionStatus.DRAFT, team_rules.team_clause(user))
            .options(selectinload(Inspection.business))
            .order_by(Inspection.started_at.desc())
            .limit(20)
        )
    )


def violations_due(user: User, today: date, within_days: int = 7) -> list[Violation]:
    """Open violations the user may see whose deadline is past or within a week, soonest first."""
    return list(
        db.session.scalars(
            select(Violation)
            .join(Violation.inspection)
            .where(
                team_rules.visible_clause(user, Violation.business_id),
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


def remedies_to_confirm(user: User) -> list[Violation]:
    """Remedies reported on violations of inspections the user is on the team of: theirs to confirm or reject."""
    return list(
        db.session.scalars(
            select(Violation)
            .join(Violation.inspection)
            .where(
                team_rules.team_clause(user),
                Violation.status == ViolationStatus.OPEN,
                Violation.remedy_reported_at.is_not(None),
            )
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


def violations_naming(item: InspectionItem) -> list[Violation]:
    """The violations recorded against a checked item, oldest first."""
    return list(
        db.session.scalars(
            select(Violation)
            .join(violation_item, violation_item.c.violation_id == Violation.id)
            .where(violation_item.c.item_id == item.id)
            .order_by(Violation.id)
        )
    )


def is_remedied(violation: Violation) -> bool:
    """Remedied as the ward confirmed; a violation closed after a referral was never remedied."""
    if violation.status == ViolationStatus.REMEDIED:
        return True
    return violation.status == ViolationStatus.CLOSED and any(
        step.status == ViolationStatus.REMEDIED for step in violation.steps
    )


def failure_stands(item: InspectionItem | None) -> bool:
    """The check failed (or a violation names the item) and not every violation was remedied: what the public
    verdict warns about, and what a downstream business is alerted to."""
    if item is None:
        return False
    violations = violations_naming(item)
    if item.result != CheckResult.FAIL and not violations:
        return False
    return not (violations and all(is_remedied(violation) for violation in violations))


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
