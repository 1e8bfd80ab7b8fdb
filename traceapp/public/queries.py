"""Finding what a scanned or typed code points at, in as few queries as the scan page can afford."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from traceapp.extensions import db
from traceapp.gs1 import DigitalLink
from traceapp.models import Batch, Product


def _product_options():
    return (joinedload(Product.business), selectinload(Product.certifications))


def product_by_code(code: str) -> Product | None:
    return db.session.scalar(select(Product).where(Product.public_code == code).options(*_product_options()))


def batch_by_code(code: str) -> Batch | None:
    return db.session.scalar(
        select(Batch).where(Batch.public_code == code).options(
            joinedload(Batch.product).options(*_product_options())
        )
    )


def product_by_gtin(gtin14: str) -> Product | None:
    return db.session.scalar(select(Product).where(Product.gtin == gtin14).options(*_product_options()))


def batch_by_lot(product: Product, lot: str) -> Batch | None:
    return db.session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.lot_code == lot))


def resolve_link(link: DigitalLink) -> tuple[Product | None, Batch | None]:
    product = product_by_gtin(link.gtin)
    if product is None or not link.lot:
        return product, None
    return product, batch_by_lot(product, link.lot)
