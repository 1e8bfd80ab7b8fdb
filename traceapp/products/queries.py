"""Reading products and batches with the visibility rule applied: a business sees only its own."""

from __future__ import annotations

from flask import abort
from sqlalchemy import func, or_, select

from traceapp.extensions import db
from traceapp.models import Batch, Product, Role
from traceapp.web.listing import ListArgs


def _owned_filter(user):
    """None for staff (they see every product); a business id condition for an owner."""
    if user.role == Role.BUSINESS:
        return Product.business_id == user.business_id
    return None


def visible_product(user, product_id: int) -> Product:
    stmt = select(Product).where(Product.id == product_id)
    condition = _owned_filter(user)
    if condition is not None:
        stmt = stmt.where(condition)
    return db.session.scalar(stmt) or abort(404)


def visible_batch(user, batch_id: int) -> Batch:
    stmt = select(Batch).join(Batch.product).where(Batch.id == batch_id)
    condition = _owned_filter(user)
    if condition is not None:
        stmt = stmt.where(condition)
    return db.session.scalar(stmt) or abort(404)


def product_list_statement(user, args: ListArgs):
    stmt = select(Product).order_by(Product.updated_at.desc(), Product.id.desc())
    condition = _owned_filter(user)
    if condition is not None:
        stmt = stmt.where(condition)
    if args.q:
        pattern = args.like()
        stmt = stmt.where(
            or_(
                Product.search_key.like(args.folded_like(), escape="\\"),
                Product.gtin.ilike(pattern, escape="\\"),
                Product.public_code.ilike(pattern, escape="\\"),
            )
        )
    if args.filters.get("status"):
        stmt = stmt.where(Product.status == args.filters["status"])
    return stmt


def batch_list_statement(product: Product, args: ListArgs):
    stmt = select(Batch).where(Batch.product_id == product.id).order_by(Batch.production_date.desc(), Batch.id.desc())
    if args.q:
        stmt = stmt.where(Batch.lot_code.ilike(args.like(), escape="\\"))
    return stmt


def business_summary(business_id: int) -> dict:
    products = db.session.scalar(select(func.count(Product.id)).where(Product.business_id == business_id))
    batches = db.session.scalar(
        select(func.count(Batch.id)).join(Batch.product).where(Product.business_id == business_id)
    )
    recent = db.session.scalars(
        select(Product).where(Product.business_id == business_id).order_by(Product.updated_at.desc()).limit(5)
    ).all()
    return {"products": products, "batches": batches, "recent": recent}
