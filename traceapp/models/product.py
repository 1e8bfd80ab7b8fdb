"""Products, their certifications and their batches (lô hàng)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, SmallInteger, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.base import Base, TimestampMixin
from traceapp.models.business import Business
from traceapp.models.enums import BatchStatus, CertificationKind, ProductCategory, ProductStatus
from traceapp.models.types import StrEnumType
from traceapp.text import fold


class Product(Base, TimestampMixin):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[ProductCategory] = mapped_column(StrEnumType(ProductCategory))
    gtin: Mapped[str | None] = mapped_column(String(14), unique=True)  # always 14 digits when present
    public_code: Mapped[str] = mapped_column(String(16), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    ingredients: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(200), default="")
    net_quantity: Mapped[str] = mapped_column(String(50), default="")
    shelf_life: Mapped[str] = mapped_column(String(50), default="")
    standard_applied: Mapped[str] = mapped_column(String(100), default="")
    conformity_declaration: Mapped[str] = mapped_column(String(200), default="")
    image_name: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[ProductStatus] = mapped_column(StrEnumType(ProductStatus), default=ProductStatus.ACTIVE)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # The name folded by traceapp.text.fold, so a search typed without accents finds it.
    search_key: Mapped[str] = mapped_column(String(200), default="")

    business: Mapped[Business] = relationship(back_populates="products")
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Certification.id"
    )
    batches: Mapped[list[Batch]] = relationship(back_populates="product", order_by="Batch.id.desc()")


@event.listens_for(Product, "before_insert")
@event.listens_for(Product, "before_update")
def _fold_product(mapper, connection, product: Product) -> None:
    product.search_key = fold(product.name)


class Certification(Base, TimestampMixin):
    """A certification of a product: OCOP (1–5 stars), VietGAP, HACCP, ISO 22000 ..."""

    __tablename__ = "certification"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CertificationKind] = mapped_column(StrEnumType(CertificationKind))
    stars: Mapped[int | None] = mapped_column(SmallInteger)
    number: Mapped[str] = mapped_column(String(100), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)

    product: Mapped[Product] = relationship(back_populates="certifications")

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today


class Batch(Base, TimestampMixin):
    __tablename__ = "batch"
    __table_args__ = (UniqueConstraint("product_id", "lot_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    lot_code: Mapped[str] = mapped_column(String(20))
    production_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(20), default="")
    public_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[BatchStatus] = mapped_column(StrEnumType(BatchStatus), default=BatchStatus.ACTIVE)
    status_reason: Mapped[str | None] = mapped_column(Text)

    product: Mapped[Product] = relationship(back_populates="batches")

    def is_expired(self, today: date) -> bool:
        return self.expiry_date is not None and self.expiry_date < today
