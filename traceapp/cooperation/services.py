"""Changes to cooperation events and technology records. Each function is one unit of work: it commits once or
raises ``CooperationError`` having written nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp.cooperation import attachments
from traceapp.extensions import db
from traceapp.inspections import scanning
from traceapp.models import (
    Business,
    BusinessStatus,
    CooperationEvent,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    InvitationStatus,
    TechnologyKind,
    TechnologyUse,
    User,
)
from traceapp.web.listing import ListArgs

EVENT_FIELDS = ("kind", "title", "held_on", "starts_at", "place", "agency_id", "topics", "participants",
                "conclusions")
TECHNOLOGY_FIELDS = ("kind", "detail", "certificate_number", "issued_by", "expires_on")


class CooperationError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def save_event(event: CooperationEvent | None, user: User, data: dict) -> CooperationEvent:
    event = event or CooperationEvent(created_by=user)
    for key in EVENT_FIELDS:
        value = data.get(key)
        setattr(event, key, value.strip() if isinstance(value, str) else value)
    db.session.add(event)
    db.session.commit()
    return event


def matching_businesses(sector: str, quarter: str) -> list[Business]:
    """Verified businesses whose line of business and quarter contain what was typed (either may be empty)."""
    stmt = select(Business).where(Business.status == BusinessStatus.VERIFIED).order_by(Business.name)
    if sector.strip():
        stmt = stmt.where(Business.sector.ilike(ListArgs(q=sector.strip()).like()))
    if quarter.strip():
        stmt = stmt.where(Business.quarter.ilike(ListArgs(q=quarter.strip()).like()))
    return list(db.session.scalars(stmt.limit(500)))


def invite(event: CooperationEvent, businesses: list[Business]) -> int:
    """Invite those not yet invited; returns how many were added."""
    invited = {invitation.business_id for invitation in event.invitations}
    added = [EventInvitation(event=event, business=b) for b in businesses if b.id not in invited]
    db.session.add_all(added)
    db.session.commit()
    return len(added)


def uninvite(event: CooperationEvent, invitation_id: int) -> None:
    invitation = db.session.get(EventInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise CooperationError(_l("This business is not on the invitation list."))
    if invitation.checked_in_at is not None:
        raise CooperationError(_l("This business has been checked in; it stays on the list."))
    db.session.delete(invitation)
    db.session.commit()


def find_business(text: str) -> Business:
    """A product code (typed or scanned) names its business; otherwise an exact or single partial name match."""
    try:
        product, _batch = scanning.resolve(text)
        return product.business
    except scanning.UnknownCode:
        pass
    matches = list(db.session.scalars(select(Business).where(
        Business.name.ilike(ListArgs(q=text.strip()).like())).limit(2)))
    if len(matches) != 1:
        raise CooperationError(_l("No single business matches; scan one of its products or type its full name."),
                               "code")
    return matches[0]


def check_in(event: CooperationEvent, business: Business, attendees: int | None) -> EventInvitation:
    """Mark the business present; one that came without an invitation is added to the list."""
    invitation = db.session.scalar(select(EventInvitation).where(EventInvitation.event_id == event.id,
                                                                 EventInvitation.business_id == business.id))
    if invitation is None:
        invitation = EventInvitation(event=event, business=business)
        db.session.add(invitation)
    invitation.checked_in_at = invitation.checked_in_at or datetime.now(UTC)
    if attendees is not None:
        invitation.attendees = attendees
    db.session.commit()
    return invitation


def answer(invitation: EventInvitation, will_attend: bool, attendees: int | None) -> EventInvitation:
    invitation.status = InvitationStatus.CONFIRMED if will_attend else InvitationStatus.DECLINED
    invitation.answered_at = datetime.now(UTC)
    invitation.attendees = attendees if will_attend else None
    db.session.commit()
    return invitation


def add_commitment(event: CooperationEvent, data: dict) -> EventCommitment:
    business_id = int(data["business_id"]) if str(data.get("business_id") or "").isdigit() else None
    commitment = EventCommitment(event=event, text=data["text"].strip(), due_on=data.get("due_on"),
                                 business_id=business_id)
    db.session.add(commitment)
    db.session.commit()
    return commitment


def follow_up(commitment: EventCommitment, data: dict) -> EventCommitment:
    commitment.status = data["status"]
    commitment.follow_up = (data.get("follow_up") or "").strip()
    db.session.commit()
    return commitment


def add_attachment(event: CooperationEvent, user: User, storage) -> EventAttachment:
    if storage is None or not storage.filename:
        raise CooperationError(_l("Choose a file."), "file")
    try:
        name, original, content_type, size = attachments.save(storage)
    except attachments.AttachmentError as exc:
        raise CooperationError(str(exc), "file") from None
    attachment = EventAttachment(event=event, file_name=name, original_name=original, content_type=content_type,
                                 size=size, created_at=datetime.now(UTC), created_by_id=user.id)
    db.session.add(attachment)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        attachments.remove(name)
        raise
    return attachment


def delete_attachment(attachment: EventAttachment) -> None:
    name = attachment.file_name
    db.session.delete(attachment)
    db.session.commit()
    attachments.remove(name)


def save_technology(use: TechnologyUse | None, business_id: int, data: dict) -> TechnologyUse:
    """A new or changed declaration waits for an officer again: what is counted is what was checked."""
    use = use or TechnologyUse(business_id=business_id)
    for key in TECHNOLOGY_FIELDS:
        value = data.get(key)
        setattr(use, key, value.strip() if isinstance(value, str) else value)
    if TechnologyKind(use.kind).is_certified_system and not use.certificate_number:
        raise CooperationError(_l("Give the certificate number of a certified system."), "certificate_number")
    use.verified_at, use.verified_by_id, use.rejection_note = None, None, ""
    db.session.add(use)
    db.session.commit()
    return use


def review(use: TechnologyUse, user: User, accept: bool, note: str = "") -> TechnologyUse:
    if not accept and not note.strip():
        raise CooperationError(_l("Say why it is not accepted."), "note")
    use.verified_at = datetime.now(UTC) if accept else None
    use.verified_by_id = user.id if accept else None
    use.rejection_note = "" if accept else note.strip()
    db.session.commit()
    return use
