"""Cooperation with businesses (plan task 6): dialogues, forums, conferences and trainings, with invitations,
attendance and commitments; and each business's declared technology, verified by an officer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.models.accounts import Agency, User
from traceapp.models.base import Base, TimestampMixin
from traceapp.models.business import Business
from traceapp.models.enums import CommitmentStatus, EventKind, InvitationStatus, TechnologyKind
from traceapp.models.types import StrEnumType


class CooperationEvent(Base, TimestampMixin):
    __tablename__ = "cooperation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(StrEnumType(EventKind), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "08:00", local time of the ward
    place: Mapped[str] = mapped_column(String(300))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)  # EventTopic values
    # People present (including those not from an invited business), counted at the door.
    participants: Mapped[int | None] = mapped_column(Integer)
    conclusions: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    agency: Mapped[Agency] = relationship()
    created_by: Mapped[User] = relationship()
    invitations: Mapped[list[EventInvitation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventInvitation.id"
    )
    commitments: Mapped[list[EventCommitment]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventCommitment.id"
    )
    attachments: Mapped[list[EventAttachment]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventAttachment.id"
    )


class EventInvitation(Base):
    """A business invited to an event: its answer, and whether it came (checked in at the door)."""

    __tablename__ = "event_invitation"
    __table_args__ = (UniqueConstraint("event_id", "business_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("cooperation_event.id", ondelete="CASCADE"), index=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(StrEnumType(InvitationStatus), default=InvitationStatus.INVITED)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attendees: Mapped[int | None] = mapped_column(Integer)  # people the business sent

    event: Mapped[CooperationEvent] = relationship(back_populates="invitations")
    business: Mapped[Business] = relationship()


class EventCommitment(Base, TimestampMixin):
    """A conclusion or commitment of an event, followed up until done."""

    __tablename__ = "event_commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("cooperation_event.id", ondelete="CASCADE"), index=True)
    business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[CommitmentStatus] = mapped_column(StrEnumType(CommitmentStatus), default=CommitmentStatus.OPEN)
    follow_up: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[CooperationEvent] = relationship(back_populates="commitments")
    business: Mapped[Business | None] = relationship()


class EventAttachment(Base):
    """A file of an event (minutes, slides, photos), stored under instance/ and served to staff."""

    __tablename__ = "event_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("cooperation_event.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)  # stored name
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    event: Mapped[CooperationEvent] = relationship(back_populates="attachments")


class TechnologyUse(Base, TimestampMixin):
    """One technology or certified system a business says it applies; counted once an officer verifies it."""

    __tablename__ = "technology_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    kind: Mapped[TechnologyKind] = mapped_column(StrEnumType(TechnologyKind), index=True)
    detail: Mapped[str] = mapped_column(String(300), default="")  # e.g. the software's name, the sensors used
    certificate_number: Mapped[str] = mapped_column(String(100), default="")
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    rejection_note: Mapped[str] = mapped_column(Text, default="")

    business: Mapped[Business] = relationship()
    verified_by: Mapped[User | None] = relationship()

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today
