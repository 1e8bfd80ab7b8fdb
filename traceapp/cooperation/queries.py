"""Reading events, invitations and technology records; the adoption figures for the plan report."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import String, cast, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from traceapp.clock import local_midnight
from traceapp.extensions import db
from traceapp.models import (
    Batch,
    Business,
    BusinessStatus,
    CooperationEvent,
    EventInvitation,
    Product,
    ScanDay,
    TechnologyKind,
    TechnologyUse,
)
from traceapp.web.listing import ListArgs

SCAN_WINDOW_DAYS = 90
MAX_CANDIDATES = 300


def event_list_statement(args: ListArgs, today: date, upcoming: bool, topic: str | None):
    """Upcoming events soonest first, or past events latest first; filtered by kind, topic and search text."""
    stmt = select(CooperationEvent).options(
        selectinload(CooperationEvent.agency), selectinload(CooperationEvent.invitations)
    )
    if upcoming:
        stmt = stmt.where(CooperationEvent.held_on >= today).order_by(CooperationEvent.held_on, CooperationEvent.id)
    else:
        stmt = stmt.where(CooperationEvent.held_on < today).order_by(
            CooperationEvent.held_on.desc(), CooperationEvent.id.desc()
        )
    if "kind" in args.filters:
        stmt = stmt.where(CooperationEvent.kind == args.filters["kind"])
    if topic:  # an EventTopic value, so it needs no escaping; JSON is stored as text on both databases
        stmt = stmt.where(cast(CooperationEvent.topics, String).like(f'%"{topic}"%'))
    if args.q:
        pattern = args.like()
        stmt = stmt.where(
            or_(
                CooperationEvent.title.ilike(pattern),
                CooperationEvent.place.ilike(pattern),
                CooperationEvent.conclusions.ilike(pattern),
            )
        )
    return stmt


def matching_businesses(sector: str, quarter: str, name: str = "") -> list[Business]:
    """Verified businesses whose line of business, quarter and name contain what was typed (any may be empty)."""
    stmt = select(Business).where(Business.status == BusinessStatus.VERIFIED).order_by(Business.name, Business.id)
    for column, text in ((Business.sector, sector), (Business.quarter, quarter), (Business.name, name)):
        if (text or "").strip():
            stmt = stmt.where(column.ilike(ListArgs(q=text.strip()).like()))
    return list(db.session.scalars(stmt.limit(MAX_CANDIDATES)))


def upcoming_invitations(business_id: int, today: date) -> list[EventInvitation]:
    return list(
        db.session.scalars(
            select(EventInvitation)
            .join(EventInvitation.event)
            .where(EventInvitation.business_id == business_id, CooperationEvent.held_on >= today)
            .options(selectinload(EventInvitation.event))
            .order_by(CooperationEvent.held_on, CooperationEvent.id)
        )
    )


def pending_reviews() -> list[TechnologyUse]:
    """Declarations neither verified nor sent back, oldest change first."""
    return list(
        db.session.scalars(
            select(TechnologyUse)
            .where(TechnologyUse.verified_at.is_(None), TechnologyUse.rejection_note == "")
            .options(selectinload(TechnologyUse.business))
            .order_by(TechnologyUse.updated_at, TechnologyUse.id)
        )
    )


def business_technology(business_id: int) -> list[TechnologyUse]:
    return list(
        db.session.scalars(
            select(TechnologyUse)
            .where(TechnologyUse.business_id == business_id)
            .order_by(TechnologyUse.kind, TechnologyUse.id)
        )
    )


def technology_counts(business_id: int, today: date) -> dict[str, int]:
    """What the business's own records show, without declaring anything: codes, GTINs, recent scans."""
    own = Product.business_id == business_id
    return {
        "products": db.session.scalar(select(func.count(Product.id)).where(own)) or 0,
        "batches": db.session.scalar(select(func.count(Batch.id)).join(Batch.product).where(own)) or 0,
        "gtin": db.session.scalar(select(func.count(Product.id)).where(own, Product.gtin.is_not(None))) or 0,
        "scans": db.session.scalar(
            select(func.sum(ScanDay.count))
            .join(Product, Product.id == ScanDay.product_id)
            .where(own, ScanDay.day > today - timedelta(days=SCAN_WINDOW_DAYS))
        )
        or 0,
        "scan_days": SCAN_WINDOW_DAYS,
    }


def adoption_figures(period_end: date) -> dict[str, int]:
    """Businesses applying each technology as it stood at the end of ``period_end`` (a local day).

    One key per ``TechnologyKind`` value: distinct businesses with a declaration made by then, verified by an
    officer, and not expired on ``period_end``. ``qr_traceability``: businesses with at least one product (every
    product has a QR code) registered by then; ``gs1_on_products``: those with a GTIN on at least one product.
    """
    until = local_midnight(period_end + timedelta(days=1))
    counted = (
        select(TechnologyUse.kind, func.count(distinct(TechnologyUse.business_id)))
        .where(
            TechnologyUse.verified_at.is_not(None),
            TechnologyUse.created_at < until,
            or_(TechnologyUse.expires_on.is_(None), TechnologyUse.expires_on >= period_end),
        )
        .group_by(TechnologyUse.kind)
    )
    figures = {kind.value: 0 for kind in TechnologyKind}
    figures.update({str(kind): count for kind, count in db.session.execute(counted)})
    with_products = select(func.count(distinct(Product.business_id))).where(Product.created_at < until)
    figures["qr_traceability"] = db.session.scalar(with_products) or 0
    figures["gs1_on_products"] = db.session.scalar(with_products.where(Product.gtin.is_not(None))) or 0
    return figures
