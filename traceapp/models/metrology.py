"""Measuring instruments used in trade (phương tiện đo nhóm 2) and where each one's verification stands.

A business declares its instruments, the ward's officer confirms them, and an inspector may add one found in
the field. ``due_on`` is stored, not computed on read, so "due within 30 days" and "overdue" are plain SQL: it
is the date the certificate states, or else the verification date plus the period for the kind
(``traceapp.metrology.rules``), and is set whenever either changes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.accounts import User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.business import Business
from traceapp.models.enums import InstrumentKind, LabelledEnum
from traceapp.models.types import StrEnumType


class InstrumentStatus(LabelledEnum):
    DECLARED = "declared", _l("Declared by the business")
    CONFIRMED = "confirmed", _l("Confirmed by the ward")
    RETIRED = "retired", _l("No longer in use")


class MeasuringInstrument(Base, TimestampMixin):
    __tablename__ = "measuring_instrument"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_code: Mapped[str] = mapped_column(String(16), unique=True)  # the sticker's short code (codes.new_code)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    kind: Mapped[InstrumentKind] = mapped_column(StrEnumType(InstrumentKind))
    status: Mapped[InstrumentStatus] = mapped_column(StrEnumType(InstrumentStatus), default=InstrumentStatus.DECLARED)
    # Where it is used: the market (or shop), the stall number, the address.
    place_name: Mapped[str] = mapped_column(String(200), default="")
    stall: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    manufacturer: Mapped[str] = mapped_column(String(120), default="")
    model: Mapped[str] = mapped_column(String(120), default="")
    serial_number: Mapped[str] = mapped_column(String(80), default="")
    # Weighing instruments: accuracy class ("I", "II", "III", "IIII"; AccuracyClass), Max and e in ``unit``.
    accuracy_class: Mapped[str] = mapped_column(String(8), default="")
    max_capacity: Mapped[Decimal | None] = mapped_column(Numeric(14, 6))
    scale_interval: Mapped[Decimal | None] = mapped_column(Numeric(14, 6))
    unit: Mapped[str] = mapped_column(String(8), default="kg")
    # Verification (kiểm định): certificate and stamp numbers, by whom, when, and until when.
    certificate_number: Mapped[str] = mapped_column(String(60), default="")
    stamp_number: Mapped[str] = mapped_column(String(60), default="")
    verified_by: Mapped[str] = mapped_column(String(200), default="")
    verified_on: Mapped[date | None] = mapped_column(Date)
    stated_until: Mapped[date | None] = mapped_column(Date)  # as the certificate states it, when it does
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    is_reference_scale: Mapped[bool] = mapped_column(Boolean, default=False)  # cân đối chứng, listed publicly
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    business: Mapped[Business] = relationship()
    declared_by: Mapped[User | None] = relationship(foreign_keys=[declared_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
