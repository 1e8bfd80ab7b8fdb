"""Consumer reports (phản ánh): a problem reported from a public page, without an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.accounts import User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.enums import ReportKind, ReportStatus
from traceapp.models.inspection import Inspection
from traceapp.models.product import Batch, Product
from traceapp.models.types import StrEnumType


class ConsumerReport(Base, TimestampMixin):
    __tablename__ = "consumer_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Given to the consumer to follow the report; as unguessable as a public code.
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    kind: Mapped[ReportKind] = mapped_column(StrEnumType(ReportKind))
    message: Mapped[str] = mapped_column(Text)
    # Where it was bought, when the product has no code (a market stall, a shop).
    place: Mapped[str] = mapped_column(String(300), default="")
    photo_name: Mapped[str | None] = mapped_column(String(80))
    # Optional, so the ward can call back; shown to staff only and never on a public page.
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[ReportStatus] = mapped_column(StrEnumType(ReportStatus), default=ReportStatus.NEW, index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    # The ward's answer, shown on the tracking page.
    reply: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    product: Mapped[Product | None] = relationship()
    batch: Mapped[Batch | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    inspection: Mapped[Inspection | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status not in (ReportStatus.RESOLVED, ReportStatus.REJECTED)
