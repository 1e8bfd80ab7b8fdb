"""Creating and changing products, certifications and batches. Each function is one unit of work.

A product's photo is a file, outside the database's transaction: it is written before the unit and removed
again when the unit fails, so a refused or clashing save leaves neither a row nor a file behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from traceapp import codes, gs1
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Batch, BatchStatus, Certification, CertificationKind, Product, ProductStatus
from traceapp.products.inputs import BatchInput, CertificationInput, ProductInput
from traceapp.unit_of_work import retrying_on_conflict, transactional
from traceapp.uploads import UploadError, delete_image, save_image

IMAGE_FOLDER = "products"
# A drawn public code, a GTIN or a lot code taken by another request between our check and our commit: the
# unit runs again, and then draws another code or finds the clash and names it.
CONFLICT_ATTEMPTS = 3


class ProductError(DomainError):
    """A rule of this feature refused the request."""


def unique_public_code() -> str:
    """A code used by no product and no batch: both resolve through the same ``/q/`` page. The unique keys
    decide between two requests drawing the same code at once; the services that store a code retry then."""
    while True:
        code = codes.new_code()
        taken = db.session.scalar(select(Product.id).where(Product.public_code == code)) or db.session.scalar(
            select(Batch.id).where(Batch.public_code == code)
        )
        if not taken:
            return code


@contextmanager
def _clash_explained() -> Iterator[None]:
    """A unique key still clashing after the retries: say so on the form instead of failing the request."""
    try:
        yield
    except IntegrityError:
        raise ProductError(
            _l("These details clash with another record (GTIN or lot code). Check and save again.")
        ) from None


@contextmanager
def _stored_photo(upload: FileStorage | None) -> Iterator[str | None]:
    """Check, re-encode and write the uploaded photo, and give its file name (None without an upload); if the
    block then fails, remove the file again."""
    if upload is None:
        yield None
        return
    try:
        name = save_image(upload, IMAGE_FOLDER)
    except UploadError as exc:
        raise ProductError(exc.message, "image") from None
    try:
        yield name
    except BaseException:
        delete_image(IMAGE_FOLDER, name)
        raise


def _free_gtin(typed: str, product_id: int | None) -> str | None:
    """The GTIN as 14 digits (None when none is given), refused when another product is registered with it."""
    if not typed:
        return None
    gtin14 = gs1.normalise_gtin(typed)
    clash = select(Product.id).where(Product.gtin == gtin14)
    if product_id:
        clash = clash.where(Product.id != product_id)
    if db.session.scalar(clash):
        raise ProductError(_l("Another product is already registered with this GTIN."), "gtin")
    return gtin14


def _apply_product_fields(product: Product, data: ProductInput) -> None:
    product.gtin = _free_gtin(data.gtin, product.id)
    product.name = data.name
    product.category = data.category
    product.description = data.description
    product.ingredients = data.ingredients
    product.origin = data.origin
    product.net_quantity = data.net_quantity
    product.shelf_life = data.shelf_life
    product.standard_applied = data.standard_applied
    product.conformity_declaration = data.conformity_declaration


def create_product(business_id: int, data: ProductInput, image: FileStorage | None = None) -> Product:
    # A GTIN already taken is refused before the photo is read or written, as the form has always answered.
    _free_gtin(data.gtin, None)
    with _clash_explained(), _stored_photo(image) as image_name:
        return _insert_product(business_id, data, image_name)


@retrying_on_conflict(CONFLICT_ATTEMPTS)
def _insert_product(business_id: int, data: ProductInput, image_name: str | None) -> Product:
    product = Product(
        business_id=business_id,
        public_code=unique_public_code(),
        status=ProductStatus.ACTIVE,
        image_name=image_name,
    )
    _apply_product_fields(product, data)
    db.session.add(product)
    return product


def update_product(product: Product, data: ProductInput, image: FileStorage | None = None) -> Product:
    """Save the changes; a new photo replaces the old one, whose file goes once the change is stored."""
    _free_gtin(data.gtin, product.id)
    with _clash_explained(), _stored_photo(image) as new_name:
        replaced = _store_product_changes(product, data, new_name)
    delete_image(IMAGE_FOLDER, replaced)
    return product


@transactional
def _store_product_changes(product: Product, data: ProductInput, new_photo: str | None) -> str | None:
    """Apply the changes; return the file name of the photo they replace (None when the photo stays)."""
    _apply_product_fields(product, data)
    if new_photo is None:
        return None
    replaced, product.image_name = product.image_name, new_photo
    return replaced


@transactional
def set_product_status(product: Product, status: ProductStatus, reason: str | None = None) -> Product:
    if product.status == ProductStatus.RECALLED and status != ProductStatus.RECALLED:
        raise ProductError(_l("A recalled product can only be released by the ward officer."))
    product.status = status
    product.status_reason = reason or None
    return product


@transactional
def add_certification(product: Product, data: CertificationInput) -> Certification:
    cert = Certification(
        product=product,
        kind=data.kind,
        stars=data.stars if data.kind == CertificationKind.OCOP else None,
        number=data.number,
        issuer=data.issuer,
        issued_on=data.issued_on,
        expires_on=data.expires_on,
    )
    db.session.add(cert)
    return cert


@transactional
def remove_certification(cert: Certification) -> None:
    db.session.delete(cert)


def _lot_taken(product: Product, lot_code: str, exclude_id: int | None = None) -> bool:
    stmt = select(Batch.id).where(Batch.product_id == product.id, Batch.lot_code == lot_code)
    if exclude_id:
        stmt = stmt.where(Batch.id != exclude_id)
    return db.session.scalar(stmt) is not None


def save_batch(product: Product, data: BatchInput, batch: Batch | None = None) -> Batch:
    """A new batch (``batch`` None, with a drawn public code) or changes to ``batch``."""
    with _clash_explained():
        return _save_batch(product, data, batch)


@retrying_on_conflict(CONFLICT_ATTEMPTS)
def _save_batch(product: Product, data: BatchInput, batch: Batch | None) -> Batch:
    lot_code = data.lot_code.strip()
    if _lot_taken(product, lot_code, exclude_id=batch.id if batch else None):
        raise ProductError(_l("This product already has a batch with this lot code."), "lot_code")
    if batch is None:
        batch = Batch(product=product, public_code=unique_public_code(), status=BatchStatus.ACTIVE)
        db.session.add(batch)
    batch.lot_code = lot_code
    batch.production_date = data.production_date
    batch.expiry_date = data.expiry_date
    batch.quantity = data.quantity
    batch.unit = data.unit
    return batch
