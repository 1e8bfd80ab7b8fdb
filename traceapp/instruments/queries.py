"""Reading instruments with the visibility rule applied (a business sees only its own), the due lists, the latest
check of an instrument and the market's reference scales."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from traceapp import codes
from traceapp.extensions import db
from traceapp.models import (
    Business,
    Inspection,
    InspectionItem,
    InspectionStatus,
    InstrumentStatus,
    MeasuringInstrument,
    Role,
    User,
)
from traceapp.models.enums import LabelledEnum
from traceapp.web.listing import ListArgs

DUE_SOON_DAYS = 30  # "due within 30 days" (issue 14, item 3)


class DueFilter(LabelledEnum):
    """The due-date filters of the list; ``due_on`` is the last day the verification holds."""

    OVERDUE = "overdue", _l("Verification overdue")
    SOON = "soon", _l("Due within 30 days")
    IN_DATE = "in_date", _l("In date")
    UNKNOWN = "unknown", _l("No verification date")


def _owned(user: User):
    """None for staff (they see every instrument of the ward); the business condition for an owner."""
    if user.role == Role.BUSINESS:
        return MeasuringInstrument.business_id == user.business_id
    return None


def visible_instrument(user: User, instrument_id: int) -> MeasuringInstrument:
    """The instrument, or 404 when it does not exist or belongs to another business (ids do not leak)."""
    stmt = select(MeasuringInstrument).where(MeasuringInstrument.id == instrument_id)
    condition = _owned(user)
    if condition is not None:
        stmt = stmt.where(condition)
    return db.session.scalar(stmt) or abort(404)


def instrument_by_code(code: str) -> MeasuringInstrument | None:
    return db.session.scalar(select(MeasuringInstrument).where(MeasuringInstrument.public_code == code))


def due_condition(due: DueFilter, today: date):
    soon_end = today + timedelta(days=DUE_SOON_DAYS)
    if due is DueFilter.OVERDUE:
        return MeasuringInstrument.due_on < today
    if due is DueFilter.SOON:
        return MeasuringInstrument.due_on.between(today, soon_end)
    if due is DueFilter.IN_DATE:
        return MeasuringInstrument.due_on >= today
    return MeasuringInstrument.due_on.is_(None)


def instrument_list_statement(user: User, args: ListArgs, today: date) -> Select:
    """The list as the user may see it, searched and filtered. Retired instruments are listed only when the
    status filter asks for them, and never on the due lists."""
    # The business is joined for the search and loaded with each row: the list and the export name it.
    stmt = (
        select(MeasuringInstrument)
        .join(MeasuringInstrument.business)
        .options(contains_eager(MeasuringInstrument.business))
    )
    condition = _owned(user)
    if condition is not None:
        stmt = stmt.where(condition)
    status = args.filters.get("status")
    if status:
        stmt = stmt.where(MeasuringInstrument.status == status)
    else:
        stmt = stmt.where(MeasuringInstrument.status != InstrumentStatus.RETIRED)
    if args.filters.get("kind"):
        stmt = stmt.where(MeasuringInstrument.kind == args.filters["kind"])
    due = args.filters.get("due")
    if due:
        stmt = stmt.where(due_condition(DueFilter(due), today), MeasuringInstrument.status != InstrumentStatus.RETIRED)
    if args.q:
        pattern = args.like()
        code = codes.normalise(args.q)
        stmt = stmt.where(
            or_(
                Business.search_key.like(args.folded_like(), escape="\\"),
                MeasuringInstrument.place_name.ilike(pattern, escape="\\"),
                MeasuringInstrument.stall.ilike(pattern, escape="\\"),
                MeasuringInstrument.serial_number.ilike(pattern, escape="\\"),
                MeasuringInstrument.certificate_number.ilike(pattern, escape="\\"),
                MeasuringInstrument.stamp_number.ilike(pattern, escape="\\"),
                MeasuringInstrument.public_code == code,
            )
        )
    # Most urgent first: overdue, then due soonest; those without a date after them.
    return stmt.order_by(
        MeasuringInstrument.due_on.is_(None), MeasuringInstrument.due_on, MeasuringInstrument.id.desc()
    )


def every_row(statement: Select) -> list[MeasuringInstrument]:
    """Every instrument a list statement selects, not one page: what the export writes."""
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class DueSummary:
    """What a home page shows: how many are overdue and due within 30 days, and the first few of them."""

    overdue: int
    soon: int
    first: list[MeasuringInstrument]

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.soon)


def due_summary(user: User, today: date, limit: int = 5) -> DueSummary:
    base = select(MeasuringInstrument).where(MeasuringInstrument.status != InstrumentStatus.RETIRED)
    condition = _owned(user)
    if condition is not None:
        base = base.where(condition)

    def count(due: DueFilter) -> int:
        subquery = base.where(due_condition(due, today)).subquery()
        return db.session.scalar(select(func.count()).select_from(subquery)) or 0

    urgent = or_(due_condition(DueFilter.OVERDUE, today), due_condition(DueFilter.SOON, today))
    first = db.session.scalars(
        base.where(urgent)
        .options(joinedload(MeasuringInstrument.business))
        .order_by(MeasuringInstrument.due_on, MeasuringInstrument.id)
        .limit(limit)
    ).all()
    return DueSummary(count(DueFilter.OVERDUE), count(DueFilter.SOON), list(first))


def latest_check(instrument: MeasuringInstrument) -> InspectionItem | None:
    """The latest submitted inspection item that checked this instrument (what its public page reports)."""
    return db.session.scalar(
        select(InspectionItem)
        .join(InspectionItem.inspection)
        .where(InspectionItem.instrument_id == instrument.id, Inspection.status == InspectionStatus.SUBMITTED)
        .order_by(Inspection.submitted_at.desc(), InspectionItem.id.desc())
        .limit(1)
    )


def reference_scales() -> list[MeasuringInstrument]:
    """The market's reference scales in use, by place and stall: where consumers re-weigh what they bought."""
    return list(
        db.session.scalars(
            select(MeasuringInstrument)
            .where(MeasuringInstrument.is_reference_scale.is_(True))
            .where(MeasuringInstrument.status != InstrumentStatus.RETIRED)
            .order_by(MeasuringInstrument.place_name, MeasuringInstrument.stall, MeasuringInstrument.id)
        )
    )


def business_choices() -> list[tuple[int, str]]:
    """The businesses staff may add an instrument for: every registered business of the ward, by name."""
    rows = db.session.execute(select(Business.id, Business.name, Business.address).order_by(Business.name)).all()
    return [(row.id, f"{row.name} — {row.address}" if row.address else row.name) for row in rows]
