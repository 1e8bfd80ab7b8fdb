"""Scan counts per public code per day. Nothing about the person who scanned is kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from traceapp.models.base import Base


class ScanDay(Base):
    __tablename__ = "scan_day"
    __table_args__ = (UniqueConstraint("public_code", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_code: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date, index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
