"""Businesses that register products: companies, household businesses, cooperatives, facilities."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.base import Base, TimestampMixin
from traceapp.models.enums import BusinessKind, BusinessStatus
from traceapp.models.types import StrEnumType
from traceapp.text import fold

if TYPE_CHECKING:
    from traceapp.models.accounts import User
    from traceapp.models.product import Product


class Business(Base, TimestampMixin):
    __tablename__ = "business"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[BusinessKind] = mapped_column(StrEnumType(BusinessKind))
    registration_number: Mapped[str] = mapped_column(String(20), unique=True)
    owner_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(15), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(300))
    quarter: Mapped[str] = mapped_column(String(100), default="")
    sector: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[BusinessStatus] = mapped_column(
        StrEnumType(BusinessStatus), default=BusinessStatus.PENDING, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", use_alter=True))
    # Name, owner and address folded by traceapp.text.fold, so a search typed without accents finds them.
    search_key: Mapped[str] = mapped_column(String(600), default="")

    users: Mapped[list[User]] = relationship(back_populates="business", foreign_keys="User.business_id")
    products: Mapped[list[Product]] = relationship(back_populates="business")

    @property
    def is_verified(self) -> bool:
        return self.status == BusinessStatus.VERIFIED


@event.listens_for(Business, "before_insert")
@event.listens_for(Business, "before_update")
def _fold_business(mapper, connection, business: Business) -> None:
    business.search_key = fold(f"{business.name} {business.owner_name} {business.address}")
