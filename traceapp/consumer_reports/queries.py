"""Reading consumer reports for triage: the filtered list, and who a report can be handed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import request
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from traceapp import codes
from traceapp.clock import local_midnight
from traceapp.consumer_reports.services import ASSIGNABLE_ROLES
from traceapp.extensions import db
from traceapp.models import ConsumerReport, Product, User
from traceapp.web.listing import ListArgs, query_date


@dataclass
class ReportFilters:
    """What the list shows besides search, status and kind: received between two local days, mine only."""

    start: date | None = None
    end: date | None = None
    mine: bool = False

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.mine)


def parse_report_filters() -> ReportFilters:
    """``?from=2026-01-01&to=2026-01-31&mine=1``; a date that does not parse is ignored rather than an error."""

    return ReportFilters(query_date("from"), query_date("to"), request.args.get("mine") == "1")


def report_list_statement(user: User, args: ListArgs, filters: ReportFilters):
    """Newest first. The search matches the message, the place, the tracking code or the product's name."""
    stmt = select(ConsumerReport).options(
        selectinload(ConsumerReport.product), selectinload(ConsumerReport.assigned_to)
    )
    for name in ("status", "kind"):
        if name in args.filters:
            stmt = stmt.where(getattr(ConsumerReport, name) == args.filters[name])
    if filters.mine:
        stmt = stmt.where(ConsumerReport.assigned_to_id == user.id)
    if filters.start:
        stmt = stmt.where(ConsumerReport.created_at >= local_midnight(filters.start))
    if filters.end:  # the whole last day, in the ward's time zone
        stmt = stmt.where(ConsumerReport.created_at < local_midnight(filters.end + timedelta(days=1)))
    if args.q:
        stmt = stmt.outerjoin(ConsumerReport.product).where(
            or_(
                ConsumerReport.message.ilike(args.like()),
                ConsumerReport.place.ilike(args.like()),
                ConsumerReport.tracking_code.like(args.like(codes.normalise(args.q))),
                Product.search_key.like(args.folded_like()),
            )
        )
    return stmt.order_by(ConsumerReport.created_at.desc(), ConsumerReport.id.desc())


def assignable_users(user: User) -> list[User]:
    """The current user first (taking it themselves), then the active inspectors and police by name."""
    others = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES), User.id != user.id)
        .order_by(User.name, User.id)
    )
    return [user, *others]
