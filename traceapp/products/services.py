"""Creating and changing products, certifications and batches. Each function is one unit of work."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from traceapp import codes, gs1
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Batch, BatchStatus, Certification, CertificationKind, Product, ProductStatus
from traceapp.uploads import UploadError, delete_image, save_image

PRODUCT_FIELDS = (
    "name",
    "category",
    "description",
    "ingredients",
    "origin",
    "net_quantity",
    "shelf_life",
    "standard_applied",
    "conformity_declaration",
)
IMAGE_FOLDER = "products"


class ProductError(DomainError):
    """A rule of this feature refused the request."""


def unique_public_code() -> str:
    """A code used by no product and no batch: both resolve through the same ``/q/`` page."""
    while True:
        code = codes.new_code()
        taken = db.session.scalar(select(Product.id).where(Product.public_code == code)) or db.session.scalar(
            select(Batch.id).where(Batch.public_code == code)
        )
        if not taken:
            return code


def _apply_product_fields(product: Product, data: dict, image) -> None:
    for key in PRODUCT_FIELDS:
        setattr(product, key, data.get(key) or "")
    gtin14 = gs1.normalise_gtin(data["gtin"]) if data.get("gtin") else None
    if gtin14:
        clash = select(Product.id).where(Product.gtin == gtin14)
        if product.id:
            clash = clash.where(Product.id != product.id)
        if db.session.scalar(clash):
            raise ProductError(_l("Another product is already registered with this GTIN."), "gtin")
    product.gtin = gtin14
    if image:
        try:
            new_name = save_image(image, IMAGE_FOLDER)
        except UploadError as exc:
            raise ProductError(str(exc), "image") from None
        old_name, product.image_name = product.image_name, new_name
        return old_name
    return None


def create_product(business_id: int, data: dict, image=None) -> Product:
    product = Product(business_id=business_id, public_code=unique_public_code(), status=ProductStatus.ACTIVE)
    _apply_product_fields(product, data, image)
    db.session.add(product)
    _commit(product.image_name if image else None)
    return product


def update_product(product: Product, data: dict, image=None) -> Product:
    try:
        old_image = _apply_product_fields(product, data, image)
    except ProductError:
        db.session.rollback()  # the product object was partly changed; put it back as stored
        raise
    _commit(product.image_name if image else None)
    delete_image(IMAGE_FOLDER, old_image)
    return product


def set_product_status(product: Product, status: ProductStatus, reason: str | None = None) -> Product:
    if product.status == ProductStatus.RECALLED and status != ProductStatus.RECALLED:
        raise ProductError(_l("A recalled product can only be released by the ward officer."))
    product.status = status
    product.status_reason = reason or None
    db.session.commit()
    return product


def add_certification(product: Product, data: dict) -> Certification:
    kind = CertificationKind(data["kind"])
    cert = Certification(
        product=product,
        kind=kind,
        stars=data.get("stars") if kind == CertificationKind.OCOP else None,
        number=data.get("number") or "",
        issuer=data.get("issuer") or "",
        issued_on=data.get("issued_on"),
        expires_on=data.get("expires_on"),
    )
    db.session.add(cert)
    db.session.commit()
    return cert


def remove_certification(cert: Certification) -> None:
    db.session.delete(cert)
    db.session.commit()


BATCH_FIELDS = ("lot_code", "production_date", "expiry_date", "quantity", "unit")


def _lot_taken(product: Product, lot_code: str, exclude_id: int | None = None) -> bool:
    stmt = select(Batch.id).where(Batch.product_id == product.id, Batch.lot_code == lot_code)
    if exclude_id:
        stmt = stmt.where(Batch.id != exclude_id)
    return db.session.scalar(stmt) is not None


def save_batch(product: Product, data: dict, batch: Batch | None = None) -> Batch:
    lot_code = data["lot_code"].strip()
    if _lot_taken(product, lot_code, exclude_id=batch.id if batch else None):
        raise ProductError(_l("This product already has a batch with this lot code."), "lot_code")
    if batch is None:
        batch = Batch(product=product, public_code=unique_public_code(), status=BatchStatus.ACTIVE)
        db.session.add(batch)
    for key in BATCH_FIELDS:
        setattr(batch, key, data.get(key))
    batch.lot_code = lot_code
    batch.unit = data.get("unit") or ""
    _commit()
    return batch


def _commit(new_image: str | None = None) -> None:
    """Commit, or roll back and remove the image this save wrote, so nothing is left half-way."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        delete_image(IMAGE_FOLDER, new_image)
        raise ProductError(
            _l("These details clash with another record (GTIN or lot code). Check and save again.")
        ) from None
