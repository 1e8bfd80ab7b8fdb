"""Reading events, invitations and technology records; the adoption figures for the plan report."""

from __future__ import annotations

from datetime import date

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import selectinload

from traceapp.extensions import db
from traceapp.models import (
    CooperationEvent,
    EventInvitation,
    Product,
    TechnologyKind,
    TechnologyUse,
)
from traceapp.web.listing import ListArgs


def event_list_statement(args: ListArgs, today: date, upcoming: bool, topic: str | None):
    stmt = select(CooperationEvent).options(selectinload(CooperationEvent.agency))
    if upcoming:
        stmt = stmt.where(CooperationEvent.held_on >= today).order_by(CooperationEvent.held_on, CooperationEvent.id)
    else:
        stmt = stmt.where(CooperationEvent.held_on < today).order_by(CooperationEvent.held_on.desc(),
                                                                     CooperationEvent.id.desc())
    if "kind" in args.filters:
        stmt = stmt.where(CooperationEvent.kind == args.filters["kind"])
    if topic:
        stmt = stmt.where(db.cast(CooperationEvent.topics, db.String).like(f'%"{topic}"%'))
    if args.q:
        stmt = stmt.where(or_(CooperationEvent.title.ilike(args.like()), CooperationEvent.place.ilike(args.like())))
    return stmt


def upcoming_invitations(business_id: int, today: date) -> list[EventInvitation]:
    return list(db.session.scalars(
        select(EventInvitation).join(EventInvitation.event)
        .where(EventInvitation.business_id == business_id, CooperationEvent.held_on >= today)
        .options(selectinload(EventInvitation.event)).order_by(CooperationEvent.held_on)
    ))


def pending_reviews() -> list[TechnologyUse]:
    return list(db.session.scalars(
        select(TechnologyUse).where(TechnologyUse.verified_at.is_(None), TechnologyUse.rejection_note == "")
        .options(selectinload(TechnologyUse.business)).order_by(TechnologyUse.updated_at)
    ))


def adoption_figures(period_end: date) -> dict[str, int]:
    """Businesses applying each technology: verified and not expired at ``period_end``; plus businesses
    with QR traceability (at least one product with its code) and with GS1 barcodes on a product."""
    counted = (
        select(TechnologyUse.kind, func.count(distinct(TechnologyUse.business_id)))
        .where(TechnologyUse.verified_at.is_not(None),
               or_(TechnologyUse.expires_on.is_(None), TechnologyUse.expires_on >= period_end))
        .group_by(TechnologyUse.kind)
    )
    figures = {kind.value: 0 for kind in TechnologyKind}
    figures.update({str(kind): count for kind, count in db.session.execute(counted)})
    figures["qr_traceability"] = db.session.scalar(select(func.count(distinct(Product.business_id)))) or 0
    figures["gs1_on_products"] = db.session.scalar(
        select(func.count(distinct(Product.business_id))).where(Product.gtin.is_not(None))) or 0
    return figures


