"""Applying what a phone recorded offline: one inspection per request, through the inspection services.

The whole request is one unit of work, so the team rule, the checklist, validation and the audit trail apply
exactly as online, and a refusal (a ``DomainError``) leaves nothing written: the phone keeps its record and shows
the message. Every record carries the phone's client id; a replay of the same ids finds what the first request
made and creates nothing new, and a doubled request racing the first one clashes on the unique client id at
commit and is run again, when it finds the records the winner made.

The conflict rule (docs/architecture.md, "Offline work and sync"): what the server holds stands. A submitted
inspection takes nothing more from a phone; a line or note changed on the server since the phone last saw it
keeps the server's value. Whatever is not applied comes back in ``not_applied``, with both values, for the phone
to show — never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from traceapp.extensions import db
from traceapp.field.errors import NotYours
from traceapp.field.payload import SentInspection, SentItem, SentViolation
from traceapp.inspections import checklist, team_rules
from traceapp.inspections.services import PHOTO_FOLDER, add_item, create_inspection, submit, update_item
from traceapp.inspections.violations import record_violation
from traceapp.models import CheckResult, Inspection, InspectionItem, InspectionPhoto, User, Violation
from traceapp.public import queries as public_queries
from traceapp.unit_of_work import retrying_on_conflict
from traceapp.uploads import delete_image

# A doubled request (two taps, a retry racing the first) clashes once on a client id; the rerun then finds it.
SYNC_ATTEMPTS = 3


@dataclass(frozen=True)
class NotApplied:
    """A value the phone had that the server did not take, shown on the phone with the server's value."""

    what: str
    phone: str
    server: str
    reason: str


@dataclass
class SyncOutcome:
    inspection: Inspection
    items: dict[str, int] = field(default_factory=dict)
    violations: dict[str, int] = field(default_factory=dict)
    photos: dict[str, int] = field(default_factory=dict)
    not_applied: list[NotApplied] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


M = TypeVar("M", Inspection, InspectionItem, Violation)


def _by_client_id(model: type[M], client_id: str) -> M | None:
    return db.session.scalar(select(model).where(model.client_id == client_id))


def _answer_label(value: str | None) -> str:
    if not value:
        return _("no answer")
    return str(CheckResult(value).label) if value in checklist.ANSWERS else value


def sync_inspection(user: User, sent: SentInspection, photos: Mapping[str, FileStorage]) -> SyncOutcome:
    """Create or bring up to date the inspection the phone recorded, as ``user``; see the module's rule."""
    saved: list[str] = []
    try:
        return _sync(user, sent, photos, saved)
    except BaseException:
        for name in saved:  # photos written by a unit that did not commit
            delete_image(PHOTO_FOLDER, name)
        raise


@retrying_on_conflict(SYNC_ATTEMPTS)
def _sync(user: User, sent: SentInspection, photos: Mapping[str, FileStorage], saved: list[str]) -> SyncOutcome:
    for name in saved:  # a rerun after a clash: the first attempt's files belong to nothing
        delete_image(PHOTO_FOLDER, name)
    saved.clear()
    for upload in photos.values():
        upload.stream.seek(0)
    inspection = _by_client_id(Inspection, sent.client_id)
    if inspection is None and sent.server_id is not None:
        inspection = db.session.get(Inspection, sent.server_id)
        if inspection is None:
            raise NotYours(_("This inspection is not on this server."))
    if inspection is None:
        inspection = create_inspection(user, sent.header)
        inspection.client_id = sent.client_id
        db.session.flush()
    elif not team_rules.may_view(user, inspection):
        raise NotYours(_("This inspection is not on this server."))
    outcome = SyncOutcome(inspection=inspection)
    for sent_item in sent.items:
        _sync_item(user, inspection, sent_item, photos, outcome, saved)
    db.session.flush()
    db.session.expire(inspection, ["items", "violations"])  # items added by id, not through the relationship
    for sent_violation in sent.violations:
        _sync_violation(user, inspection, sent_violation, outcome)
    if sent.conclusion is not None:
        _sync_submit(user, inspection, sent.conclusion, outcome)
    db.session.flush()
    for item in inspection.items:
        for kept in item.photos:
            if kept.client_id:
                outcome.photos[kept.client_id] = kept.id
    return outcome


def _new_files(sent: SentItem, photos: Mapping[str, FileStorage]) -> list[tuple[str, FileStorage]]:
    """The item's photos not yet on the server and sent with this request (a photo sent earlier is skipped)."""
    existing = set(
        db.session.scalars(select(InspectionPhoto.client_id).where(InspectionPhoto.client_id.in_(sent.photo_ids)))
    )
    return [(cid, photos[cid]) for cid in sent.photo_ids if cid not in existing and cid in photos]


def _name_photos(item: InspectionItem, new: list[tuple[str, FileStorage]], saved: list[str]) -> None:
    """The service appended the new photos last, in the order given: give each its client id."""
    for photo, (cid, _file) in zip(item.photos[len(item.photos) - len(new) :], new, strict=True):
        photo.client_id = cid
        saved.append(photo.file_name)


def _sync_item(
    user: User,
    inspection: Inspection,
    sent: SentItem,
    photos: Mapping[str, FileStorage],
    outcome: SyncOutcome,
    saved: list[str],
) -> None:
    item = _by_client_id(InspectionItem, sent.client_id)
    if item is None and sent.server_id is not None:
        item = db.session.get(InspectionItem, sent.server_id)
        if item is None:
            raise NotYours(_("This item is not part of the inspection."))
    if item is not None and item.inspection_id != inspection.id:
        raise NotYours(_("This item is not part of the inspection."))
    title = item.title if item is not None else (sent.description or sent.code)
    new = _new_files(sent, photos)
    if not inspection.is_draft:
        if item is None:
            outcome.not_applied.append(NotApplied(title, _("new item"), "", _submitted()))
        else:
            outcome.items[sent.client_id] = item.id
            _report_differences(item, sent, outcome)
        outcome.not_applied.extend(NotApplied(title, _("photo"), "", _submitted()) for _cid in new)
        return
    if item is None:
        item = _add_new_item(user, inspection, sent, new, outcome)
    else:
        checks, note = _merge(item, sent, outcome)
        if checks != item.checks or note != item.note or new:
            item = update_item(inspection, user, item.id, checks=checks, note=note, photos=[f for _c, f in new])
    _name_photos(item, new, saved)
    db.session.flush()
    outcome.items[sent.client_id] = item.id


def _add_new_item(
    user: User, inspection: Inspection, sent: SentItem, new: list[tuple[str, FileStorage]], outcome: SyncOutcome
) -> InspectionItem:
    """A new item; a code the phone could not look up offline is looked up now, and one nobody registered is
    kept in the item's description, so what was typed is never lost."""
    product = batch = None
    description = sent.description
    if sent.code:
        try:
            product, batch = public_queries.resolve(sent.code)
        except public_queries.UnknownCode:
            description = f"{description} ({sent.code})" if description.strip() else sent.code
            outcome.notes.append(
                _("The code “%(code)s” is not registered: the item keeps it in its description.", code=sent.code[:60])
            )
    item = add_item(
        inspection,
        user,
        product=product,
        batch=batch,
        description=description[:300] if product is None else "",
        checks=sent.checks,
        note=sent.note,
        photos=[f for _c, f in new],
    )
    item.client_id = sent.client_id
    return item


def _merge(item: InspectionItem, sent: SentItem, outcome: SyncOutcome) -> tuple[dict[str, str], str]:
    """Three-way, per line and for the note: the phone's value is taken when the server holds none yet or still
    holds a value the phone knew (nobody else changed it since); otherwise the server's stays and the phone's is
    not applied."""
    checks = dict(item.checks)
    for key, phone in sent.checks.items():
        server = item.checks.get(key, "")
        if phone == server:
            continue
        if not server or server in sent.known.get(f"checks:{key}", ()):
            checks[key] = phone
        else:
            outcome.not_applied.append(
                NotApplied(
                    f"{item.title}: {checklist.label_of(key)}",
                    _answer_label(phone),
                    _answer_label(server),
                    _("changed on the server by someone else since this phone last sent it"),
                )
            )
    note = item.note
    if sent.note.strip() != item.note:
        if not item.note or item.note in sent.known.get("note", ()):
            note = sent.note
        else:
            outcome.not_applied.append(
                NotApplied(
                    f"{item.title}: {_('Note')}",
                    sent.note,
                    item.note,
                    _("changed on the server by someone else since this phone last sent it"),
                )
            )
    return checks, note


def _report_differences(item: InspectionItem, sent: SentItem, outcome: SyncOutcome) -> None:
    """A submitted record keeps what it has: every value the phone holds differently is listed."""
    for key, phone in sent.checks.items():
        if phone != item.checks.get(key, ""):
            outcome.not_applied.append(
                NotApplied(
                    f"{item.title}: {checklist.label_of(key)}",
                    _answer_label(phone),
                    _answer_label(item.checks.get(key)),
                    _submitted(),
                )
            )
    if sent.note.strip() != item.note:
        outcome.not_applied.append(NotApplied(f"{item.title}: {_('Note')}", sent.note, item.note, _submitted()))


def _sync_violation(user: User, inspection: Inspection, sent: SentViolation, outcome: SyncOutcome) -> None:
    violation = _by_client_id(Violation, sent.client_id)
    if violation is not None:
        if violation.inspection_id != inspection.id:
            raise NotYours(_("This violation is not part of the inspection."))
        outcome.violations[sent.client_id] = violation.id
        return
    if not inspection.is_draft:
        outcome.not_applied.append(NotApplied(str(sent.found.category.label), _("new violation"), "", _submitted()))
        return
    item_ids = tuple(outcome.items[cid] for cid in sent.item_client_ids if cid in outcome.items)
    violation = record_violation(inspection, user, replace(sent.found, item_ids=item_ids))
    violation.client_id = sent.client_id
    db.session.flush()
    outcome.violations[sent.client_id] = violation.id


def _sync_submit(user: User, inspection: Inspection, conclusion: str, outcome: SyncOutcome) -> None:
    if inspection.is_draft:
        submit(inspection, user, conclusion)
    elif conclusion.strip() != inspection.conclusion:
        outcome.not_applied.append(NotApplied(_("Conclusion"), conclusion, inspection.conclusion, _submitted()))


def _submitted() -> str:
    return _("the inspection was already submitted on the server")
