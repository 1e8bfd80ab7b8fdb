"""Inspections (kiểm tra), their checked items and photos, violations, amendments and recalls (plan task 5).

An inspection is edited while it is a draft; once submitted it is read-only and corrected only through an
``InspectionAmendment`` (who, when, why, what changed). Each checked item is its own row, so two members of
a team adding items to one inspection at the same time never overwrite each other.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.clock import utcnow
from traceapp.models.accounts import Agency, User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.business import Business
from traceapp.models.enums import (
    CheckResult,
    InspectionKind,
    InspectionStatus,
    Measure,
    RecallScope,
    TeamRole,
    ViolationCategory,
    ViolationStatus,
    ViolationStepAction,
)
from traceapp.models.metrology import MeasuringInstrument
from traceapp.models.product import Batch, Product
from traceapp.models.types import StrEnumType


class Inspection(Base, TimestampMixin):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The register's own number, e.g. "KT-2026-0012"; given when the inspection is created.
    number: Mapped[str] = mapped_column(String(30), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[InspectionKind] = mapped_column(StrEnumType(InspectionKind))
    # InspectionField values; a short list, kept as JSON so one query loads the inspection.
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), index=True)
    # An unregistered place (a market stall, a shop without a registration) or the place of the inspection.
    place_name: Mapped[str] = mapped_column(String(200), default="")
    place_address: Mapped[str] = mapped_column(String(300), default="")
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[InspectionStatus] = mapped_column(
        StrEnumType(InspectionStatus), default=InspectionStatus.DRAFT, index=True
    )
    # Set on submit: FAIL when an item failed a check or a violation was recorded, else PASS.
    result: Mapped[CheckResult | None] = mapped_column(StrEnumType(CheckResult))
    conclusion: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Made by the phone that recorded it offline (traceapp/field/): a replay of the same id is the same record.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    agency: Mapped[Agency] = relationship()
    business: Mapped[Business | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    members: Mapped[list[InspectionMember]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionMember.id"
    )
    items: Mapped[list[InspectionItem]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionItem.id"
    )
    violations: Mapped[list[Violation]] = relationship(back_populates="inspection", order_by="Violation.id")
    amendments: Mapped[list[InspectionAmendment]] = relationship(
        back_populates="inspection", order_by="InspectionAmendment.id"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT

    @property
    def place(self) -> str:
        return self.business.name if self.business else self.place_name


class InspectionMember(Base):
    """A member of the inspection team; ``user`` when they have an account, else just a name. Only members with
    an account may change the inspection (``traceapp/inspections/team_rules.py``)."""

    __tablename__ = "inspection_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[TeamRole] = mapped_column(StrEnumType(TeamRole))
    position: Mapped[str] = mapped_column(String(120), default="")  # chức vụ, đơn vị

    inspection: Mapped[Inspection] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship()


class InspectionItem(Base, TimestampMixin):
    """One product or batch checked (or goods described in words when they carry no code)."""

    __tablename__ = "inspection_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    # A metrology inspection checks a measuring instrument rather than goods.
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("measuring_instrument.id"), index=True)
    description: Mapped[str] = mapped_column(String(300), default="")
    # check key (traceapp.inspections.checklist) -> CheckResult value; a line not answered is absent.
    checks: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # From the answered lines (checklist.result_of): FAIL on any fail; None while a line is unanswered and none
    # failed; PASS when all are answered and one passed; NOT_APPLICABLE when nothing was checked on a checklist.
    result: Mapped[CheckResult | None] = mapped_column(StrEnumType(CheckResult))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # Made by the phone that recorded it offline (traceapp/field/): a replay of the same id is the same record.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    inspection: Mapped[Inspection] = relationship(back_populates="items")
    product: Mapped[Product | None] = relationship()
    batch: Mapped[Batch | None] = relationship()
    instrument: Mapped[MeasuringInstrument | None] = relationship()
    created_by: Mapped[User] = relationship()
    photos: Mapped[list[InspectionPhoto]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="InspectionPhoto.id"
    )

    @property
    def title(self) -> str:
        if self.product is not None:
            return self.product.name + (f" · {self.batch.lot_code}" if self.batch else "")
        return self.description


class InspectionPhoto(Base):
    """A photo of an item, stored under instance/ (re-encoded, EXIF removed) and shown to staff only."""

    __tablename__ = "inspection_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_item.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # Made by the phone that recorded it offline (traceapp/field/): a replay of the same id is the same record.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    item: Mapped[InspectionItem] = relationship(back_populates="photos")


class InspectionAmendment(Base):
    """A correction of a submitted inspection: the changed fields before and after, and why."""

    __tablename__ = "inspection_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [before, after]

    inspection: Mapped[Inspection] = relationship(back_populates="amendments")
    user: Mapped[User] = relationship()


violation_item = Table(
    "violation_item",
    Base.metadata,
    Column("violation_id", Integer, ForeignKey("violation.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Integer, ForeignKey("inspection_item.id", ondelete="CASCADE"), primary_key=True),
)


class Violation(Base, TimestampMixin):
    __tablename__ = "violation"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), index=True)
    category: Mapped[ViolationCategory] = mapped_column(StrEnumType(ViolationCategory), index=True)
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[Measure] = mapped_column(StrEnumType(Measure))
    fine_vnd: Mapped[int | None] = mapped_column(BigInteger)
    seized_quantity: Mapped[str] = mapped_column(String(100), default="")
    seized_value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    remedy_deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ViolationStatus] = mapped_column(
        StrEnumType(ViolationStatus), default=ViolationStatus.OPEN, index=True
    )
    # What the business says it did; set by the business, confirmed or rejected by an inspector.
    remedy_note: Mapped[str | None] = mapped_column(Text)
    remedy_reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # Made by the phone that recorded it offline (traceapp/field/): a replay of the same id is the same record.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    inspection: Mapped[Inspection] = relationship(back_populates="violations")
    business: Mapped[Business | None] = relationship()
    created_by: Mapped[User] = relationship()
    items: Mapped[list[InspectionItem]] = relationship(secondary=violation_item, order_by="InspectionItem.id")
    steps: Mapped[list[ViolationStep]] = relationship(
        back_populates="violation", cascade="all, delete-orphan", order_by="ViolationStep.id"
    )

    @property
    def remedy_pending(self) -> bool:
        return self.status == ViolationStatus.OPEN and self.remedy_reported_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.status == ViolationStatus.OPEN and self.remedy_deadline is not None and self.remedy_deadline < today


class ViolationStep(Base):
    """One step of a violation's handling: recorded, remedy reported/confirmed/rejected, referred, closed."""

    __tablename__ = "violation_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    violation_id: Mapped[int] = mapped_column(ForeignKey("violation.id", ondelete="CASCADE"), index=True)
    action: Mapped[ViolationStepAction] = mapped_column(StrEnumType(ViolationStepAction))
    status: Mapped[ViolationStatus] = mapped_column(StrEnumType(ViolationStatus))  # status after the step
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    violation: Mapped[Violation] = relationship(back_populates="steps")
    user: Mapped[User] = relationship()


class Recall(Base):
    """An officer's recall of a product or a batch; the record's status becomes RECALLED."""

    __tablename__ = "recall"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[RecallScope] = mapped_column(StrEnumType(RecallScope))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    recalled_on: Mapped[date] = mapped_column(Date)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    product: Mapped[Product] = relationship()
    batch: Mapped[Batch | None] = relationship()
    user: Mapped[User] = relationship()
