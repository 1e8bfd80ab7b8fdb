"""Finding what a scanned or typed code points at, in as few queries as the scan page can afford.

The scan page is the busiest page of the site (bench/, docs/benchmarks.md), so each lookup is one
round trip that brings the product, its business and its certifications along (joined eager loads),
and the statements are built once at import with bound parameters: building and caching a new
statement object on every request cost about as much as running it.

:func:`resolve` turns whatever an inspector, a business or an officer scanned or typed into the product (and
batch) it names. It lives here, below the features, because inspections, the supply chain and cooperation
events all read codes the way the public scan page does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from traceapp import codes, gs1
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.gs1 import DigitalLink
from traceapp.models import Batch, MeasuringInstrument, Product


def _product_options():
    return (joinedload(Product.business), joinedload(Product.certifications))


_PRODUCT_BY_CODE = select(Product).where(Product.public_code == bindparam("code")).options(*_product_options())
_PRODUCT_BY_GTIN = select(Product).where(Product.gtin == bindparam("gtin")).options(*_product_options())
_BATCH_BY_CODE = (
    select(Batch)
    .where(Batch.public_code == bindparam("code"))
    .options(joinedload(Batch.product).options(*_product_options()))
)
_BATCH_BY_LOT = select(Batch).where(Batch.product_id == bindparam("product_id"), Batch.lot_code == bindparam("lot"))
# A GS1 link names the product by GTIN and the batch by lot: one query finds both when the lot exists.
_BATCH_BY_GTIN_AND_LOT = (
    select(Batch)
    .join(Batch.product)
    .where(Product.gtin == bindparam("gtin"), Batch.lot_code == bindparam("lot"))
    .options(joinedload(Batch.product).options(*_product_options()))
)


def _one(statement, **params):
    # unique(): the joined certifications repeat the parent row once per certification.
    return db.session.execute(statement, params).unique().scalar_one_or_none()


def product_by_code(code: str) -> Product | None:
    return _one(_PRODUCT_BY_CODE, code=code)


def batch_by_code(code: str) -> Batch | None:
    return _one(_BATCH_BY_CODE, code=code)


def product_by_gtin(gtin14: str) -> Product | None:
    return _one(_PRODUCT_BY_GTIN, gtin=gtin14)


def batch_by_lot(product: Product, lot: str) -> Batch | None:
    return _one(_BATCH_BY_LOT, product_id=product.id, lot=lot)


def resolve_link(link: DigitalLink) -> tuple[Product | None, Batch | None]:
    if link.lot:
        batch = _one(_BATCH_BY_GTIN_AND_LOT, gtin=link.gtin, lot=link.lot)
        if batch is not None:
            return batch.product, batch
    # No lot, or an unknown one: the product alone (the page tells "unknown product" from "unknown lot").
    return product_by_gtin(link.gtin), None


class UnknownCode(DomainError, ValueError):
    """Nothing registered answers to the code; the message says why for the form."""


def resolve(raw: str) -> tuple[Product, Batch | None]:
    """The product (and batch) a scanned link or typed code points at: a printed code, a ``/q/`` link or a GS1
    Digital Link. Raises :class:`UnknownCode` when nothing registered answers."""
    text = (raw or "").strip()
    path = urlsplit(text).path if "/" in text else ""
    if "/01/" in path or path.startswith("01/"):
        try:
            link = gs1.parse_path("/" + path[path.index("01/") :])
        except gs1.DigitalLinkError as exc:
            raise UnknownCode(str(exc)) from None
        product, batch = resolve_link(link)
        if product is None or (link.lot and batch is None):
            raise UnknownCode(_not_found(text))
        return product, batch
    if "/q/" in path:
        text = path.rsplit("/q/", 1)[1]
    code = codes.normalise(text)
    if not codes.is_well_formed(code):
        raise UnknownCode(_not_found(raw))
    batch = batch_by_code(code)
    found = batch.product if batch else product_by_code(code)
    if found is None:
        raise UnknownCode(_not_found(codes.display(code)))
    return found, batch


def _not_found(code: str) -> str:
    return _(
        "No registered product or batch has the code “%(code)s”. Describe the goods in words instead.", code=code[:60]
    )


def is_instrument_code(code: str) -> bool:
    """Whether ``code`` is a measuring instrument's sticker code (instruments and goods share one code space)."""
    found = select(MeasuringInstrument.id).where(MeasuringInstrument.public_code == code)
    return db.session.scalar(found) is not None
