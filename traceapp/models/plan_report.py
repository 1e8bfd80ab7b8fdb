"""The plan report to the provincial Department of Science and Technology: a period's figures, the departments'
narrative inputs, and, once locked, the figures exactly as they were sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.accounts import User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.enums import Department, PeriodKind, ReportState
from traceapp.models.types import StrEnumType


class PlanReport(Base, TimestampMixin):
    __tablename__ = "plan_report"
    __table_args__ = (UniqueConstraint("period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[PeriodKind] = mapped_column(StrEnumType(PeriodKind))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # inclusive, a local (Asia/Ho_Chi_Minh) calendar day
    number: Mapped[str] = mapped_column(String(60), default="")  # số và ký hiệu, e.g. "215/BC-UBND"
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[ReportState] = mapped_column(StrEnumType(ReportState), default=ReportState.DRAFT)
    # Set when locked: the figures as sent (``Figures.as_dict()`` of traceapp.reports.figures), kept even if records
    # change later.
    locked_figures: Mapped[dict | None] = mapped_column(JSON)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The audit chain's head when it was locked (traceapp/audit/head.py), printed on the report: entries and the
    # last hash, so `flask audit verify --head COUNT:HASH` shows later that nothing was cut off the trail since.
    audit_head_count: Mapped[int | None] = mapped_column(Integer)
    audit_head_hash: Mapped[str | None] = mapped_column(String(64))
    # Set when the officer records that it was sent (the state becomes SENT): the day on the document, a local
    # calendar day; the number it was sent under is ``number``. ``sent_at``/``sent_by`` say who recorded it, when.
    sent_on: Mapped[date | None] = mapped_column(Date)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    inputs: Mapped[list[DepartmentInput]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="DepartmentInput.department"
    )
    locked_by: Mapped[User | None] = relationship(foreign_keys=[locked_by_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    @property
    def is_locked(self) -> bool:
        """Locked or sent: the figures are kept and nothing of the report changes any more."""
        return self.state in (ReportState.LOCKED, ReportState.SENT)

    @property
    def is_sent(self) -> bool:
        return self.state == ReportState.SENT


class DepartmentInput(Base, TimestampMixin):
    """One department's narrative for the period: progress, difficulties, proposals."""

    __tablename__ = "department_input"
    __table_args__ = (UniqueConstraint("report_id", "department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("plan_report.id", ondelete="CASCADE"), index=True)
    department: Mapped[Department] = mapped_column(StrEnumType(Department))
    progress: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The officer's mark "no content to report" for this period (who, when); cleared when text is entered.
    no_content_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    no_content_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    report: Mapped[PlanReport] = relationship(back_populates="inputs")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    no_content_by: Mapped[User | None] = relationship(foreign_keys=[no_content_by_id])

    @property
    def has_text(self) -> bool:
        return any((text or "").strip() for text in (self.progress, self.difficulties, self.proposals))

    @property
    def marked_no_content(self) -> bool:
        return self.no_content_at is not None and not self.has_text

    @property
    def is_settled(self) -> bool:
        """Entered, or marked by the officer as having nothing to report: the report may be locked."""
        return self.has_text or self.no_content_at is not None


class LabelPrint(Base):
    """A label sheet generated for a product or batch: the plan report counts QR labels from these."""

    __tablename__ = "label_print"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"))
    labels: Mapped[int] = mapped_column(Integer)
    printed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class ApiToken(Base):
    """A read-only token for the province's systems; only its SHA-256 is stored, and it can be revoked."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))  # who holds it, e.g. "Sở KH&CN Quảng Ngãi – CSDL TĐC"
    prefix: Mapped[str] = mapped_column(String(12), index=True)  # shown in lists to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(20), default="read")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
