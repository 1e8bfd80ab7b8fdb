"""Changes to cooperation events: the event, its invitation list, attendance, commitments and files.

Each function that writes is one unit of work (``traceapp.unit_of_work``): everything lands, or it raises
``CooperationError`` having written nothing. A stored attachment is removed again when its row is not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from traceapp.clock import utcnow
from traceapp.cooperation import attachments
from traceapp.cooperation.inputs import EventInput
from traceapp.cooperation.queries import matching_businesses
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import (
    Business,
    BusinessStatus,
    CommitmentStatus,
    CooperationEvent,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    InvitationStatus,
    User,
)
from traceapp.public import queries as scanning
from traceapp.unit_of_work import transactional, unit_of_work
from traceapp.web.listing import ListArgs

CONFLICT = _l("Someone else changed this list at the same time. Reload the page and try again.")


class CooperationError(DomainError):
    """A change refused for a reason the user can fix; ``field`` names the form field it belongs to."""


@transactional
def save_event(event: CooperationEvent | None, user: User, data: EventInput) -> CooperationEvent:
    """A new event (``event`` None) or a change to one."""
    event = event or CooperationEvent(created_by=user)
    event.kind = data.kind
    event.title = data.title.strip()
    event.held_on = data.held_on
    event.starts_at = data.starts_at.strip()
    event.place = data.place.strip()
    event.agency_id = data.agency_id
    event.topics = list(data.topics)
    event.participants = data.participants
    event.conclusions = data.conclusions.strip()
    db.session.add(event)
    return event


# --- the invitation list ----------------------------------------------------------------------------------------


@transactional
def invite_matching(event: CooperationEvent, sector: str, quarter: str, name: str = "") -> int:
    """ "Invite all shown": every verified business the filter shows; returns how many were added."""
    return _invite(event, matching_businesses(sector, quarter, name))


@transactional
def invite_chosen(event: CooperationEvent, business_ids: Iterable[int]) -> int:
    """The businesses ticked one by one (verified only); returns how many were added."""
    ids = set(business_ids)
    if not ids:
        raise CooperationError(_l("Tick at least one business."))
    chosen = db.session.scalars(
        select(Business).where(Business.id.in_(ids), Business.status == BusinessStatus.VERIFIED)
    ).all()
    return _invite(event, list(chosen))


def _invite(event: CooperationEvent, businesses: list[Business]) -> int:
    invited = {invitation.business_id for invitation in event.invitations}
    added = [EventInvitation(event=event, business=b) for b in businesses if b.id not in invited]
    db.session.add_all(added)
    _flush_or_conflict()
    return len(added)


@transactional
def uninvite(event: CooperationEvent, invitation_id: int) -> None:
    invitation = _invitation(event, invitation_id)
    if invitation.checked_in_at is not None:
        raise CooperationError(_l("This business has been checked in; it stays on the list."))
    db.session.delete(invitation)


def _invitation(event: CooperationEvent, invitation_id: int) -> EventInvitation:
    invitation = db.session.get(EventInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise CooperationError(_l("This business is not on the invitation list."))
    return invitation


@transactional
def answer(invitation: EventInvitation, will_attend: bool, attendees: int | None, today: date) -> EventInvitation:
    """The business's reply from its home page; it can change its mind until the day of the event."""
    if invitation.event.held_on < today:
        raise CooperationError(_l("This event has already taken place."))
    if will_attend and not attendees:
        raise CooperationError(_l("Say how many people will come (at least 1)."), "attendees")
    invitation.status = InvitationStatus.CONFIRMED if will_attend else InvitationStatus.DECLINED
    invitation.answered_at = utcnow()
    invitation.attendees = attendees if will_attend else None
    return invitation


# --- attendance -------------------------------------------------------------------------------------------------


@transactional
def check_in(
    event: CooperationEvent, *, business_id: int | None = None, code: str = "", attendees: int | None = None
) -> EventInvitation:
    """Mark a business present, chosen from the list or named by one of its products' codes (typed or scanned);
    one that came without an invitation is added to the list."""
    business = _invited_business(event, business_id) if business_id else find_business(code)
    invitation = _invitation_of(event, business)
    if invitation is None:
        invitation = EventInvitation(event=event, business=business)
        db.session.add(invitation)
    invitation.checked_in_at = invitation.checked_in_at or utcnow()
    if attendees is not None:
        invitation.attendees = attendees
    _flush_or_conflict()
    return invitation


def _invitation_of(event: CooperationEvent, business: Business) -> EventInvitation | None:
    return db.session.scalar(
        select(EventInvitation).where(EventInvitation.event_id == event.id, EventInvitation.business_id == business.id)
    )


def _invited_business(event: CooperationEvent, business_id: int, field: str = "code") -> Business:
    for invitation in event.invitations:
        if invitation.business_id == business_id:
            return invitation.business
    raise CooperationError(_l("This business is not on the invitation list."), field)


def find_business(text: str) -> Business:
    """A product code (typed, or a scanned QR link) names its business; failing that, a single name match."""
    text = (text or "").strip()
    if not text:
        raise CooperationError(_l("Scan or type a product code, or type the business name."), "code")
    try:
        product, _batch = scanning.resolve(text)
    except scanning.UnknownCode:
        pass
    else:
        return product.business
    matches = db.session.scalars(
        select(Business).where(Business.name.ilike(ListArgs(q=text).like())).order_by(Business.id).limit(2)
    ).all()
    if len(matches) != 1:
        raise CooperationError(
            _l("No single business matches; scan one of its products or type its full name."), "code"
        )
    return matches[0]


# --- commitments ------------------------------------------------------------------------------------------------


@transactional
def add_commitment(event: CooperationEvent, text: str, business_id: int | None, due_on: date | None) -> EventCommitment:
    """A commitment made at the event, by one of the businesses on its list or by everyone."""
    if business_id is not None:
        _invited_business(event, business_id, "business_id")
    commitment = EventCommitment(event=event, text=text.strip(), due_on=due_on, business_id=business_id)
    db.session.add(commitment)
    return commitment


@transactional
def follow_up(commitment: EventCommitment, status: CommitmentStatus, note: str) -> EventCommitment:
    """Closing a commitment (done or dropped) says what was seen or why, for the next report."""
    note = (note or "").strip()
    if status != CommitmentStatus.OPEN and not note:
        raise CooperationError(_l("Write what was checked, or why it is dropped."), "follow_up")
    commitment.status = status
    commitment.follow_up = note
    return commitment


# --- files ------------------------------------------------------------------------------------------------------


def add_attachment(event: CooperationEvent, user: User, storage: FileStorage | None) -> EventAttachment:
    """The file is checked and stored first; if its row is then not written, the file is removed again."""
    if storage is None or not storage.filename:
        raise CooperationError(_l("Choose a file."), "file")
    try:
        stored = attachments.save(storage)
    except attachments.AttachmentError as exc:
        raise CooperationError(exc.message, "file") from None
    try:
        with unit_of_work():
            attachment = EventAttachment(
                event=event,
                file_name=stored.file_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                created_at=utcnow(),
                created_by_id=user.id,
            )
            db.session.add(attachment)
    except BaseException:
        attachments.remove(stored.file_name)  # no file without its row (the unit has rolled the row back)
        raise
    return attachment


def delete_attachment(attachment: EventAttachment) -> None:
    """The row goes first; the file only once that is committed, so a failure never leaves a row without file."""
    name = attachment.file_name
    with unit_of_work():
        db.session.delete(attachment)
    attachments.remove(name)


def _flush_or_conflict() -> None:
    """Two officers at the door checking in the same business at once: the second one is told to reload.

    Flushed here, inside the unit, so the clash on the unique key surfaces as a refusal the view can show; the
    unit then rolls everything back."""
    try:
        db.session.flush()
    except IntegrityError:
        raise CooperationError(CONFLICT) from None
