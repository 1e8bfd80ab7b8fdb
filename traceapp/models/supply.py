"""One step back, one step forward (Thông tư 02/2024/TT-BKHCN, TCVN 12850:2019): where a batch came from
and where it went.

A ``SupplyLink`` is one edge of the chain, from an upstream party to a downstream one. Each end is either a
registered batch, a registered business (when the receiver has not yet named its batch), or an outside
party by name and address. The party that did not record the link confirms or disputes it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.accounts import User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.business import Business
from traceapp.models.enums import LinkStatus
from traceapp.models.product import Batch
from traceapp.models.types import StrEnumType


class SupplyLink(Base, TimestampMixin):
    __tablename__ = "supply_link"
    __table_args__ = (
        CheckConstraint("upstream_batch_id IS NOT NULL OR upstream_name <> ''", name="upstream_named"),
        CheckConstraint(
            "downstream_batch_id IS NOT NULL OR downstream_business_id IS NOT NULL OR downstream_name <> ''",
            name="downstream_named",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Upstream: a registered batch, or an outside supplier.
    upstream_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    upstream_name: Mapped[str] = mapped_column(String(200), default="")
    upstream_address: Mapped[str] = mapped_column(String(300), default="")
    # Downstream: a registered batch, a registered business, or an outside buyer.
    downstream_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    downstream_business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), index=True)
    downstream_name: Mapped[str] = mapped_column(String(200), default="")
    downstream_address: Mapped[str] = mapped_column(String(300), default="")
    shipped_on: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(20), default="")
    document_ref: Mapped[str] = mapped_column(String(100), default="")  # invoice / delivery note number
    recorded_by_business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[LinkStatus] = mapped_column(StrEnumType(LinkStatus), default=LinkStatus.PENDING, index=True)
    status_note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    upstream_batch: Mapped[Batch | None] = relationship(foreign_keys=[upstream_batch_id])
    downstream_batch: Mapped[Batch | None] = relationship(foreign_keys=[downstream_batch_id])
    downstream_business: Mapped[Business | None] = relationship(foreign_keys=[downstream_business_id])
    recorded_by_business: Mapped[Business] = relationship(foreign_keys=[recorded_by_business_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
