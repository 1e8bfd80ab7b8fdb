"""Recording an inspection: create, team, items with photos, submit, amend. Each function is one unit of work.

A service either writes everything or raises ``InspectionError`` having written nothing; photos already
written to disk for a save that failed are removed again. Every service that changes an inspection takes the
user who asks and refuses anyone the team rule (``team_rules``) does not let work on it, whatever the view
checked before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from traceapp.clock import from_local_input, to_local, utcnow
from traceapp.extensions import db
from traceapp.inspections import checklist, signatures
from traceapp.inspections.errors import InspectionError
from traceapp.inspections.inputs import AmendmentInput, InspectionInput, MemberInput
from traceapp.inspections.team_rules import TEAM_ROLES, require_agency, require_team
from traceapp.models import (
    Batch,
    Business,
    CheckResult,
    ConsumerReport,
    Inspection,
    InspectionAmendment,
    InspectionItem,
    InspectionMember,
    InspectionPhoto,
    InspectionStatus,
    Product,
    ReportStatus,
    Role,
    TeamRole,
    User,
)
from traceapp.unit_of_work import retrying_on_conflict, transactional, unit_of_work
from traceapp.uploads import UploadError, delete_image, save_image

PHOTO_FOLDER = "inspections"
TEAM_ROLE_OF = {Role.POLICE: TeamRole.POLICE}
NUMBERING_ATTEMPTS = 5


def _next_number(year: int) -> str:
    """``KT-2026-0013``: one more than the year's highest (zero-padded, so text order is number order)."""
    prefix = f"KT-{year}-"
    last = db.session.scalar(
        select(Inspection.number)
        .where(Inspection.number.like(prefix + "%"))
        .order_by(Inspection.number.desc())
        .limit(1)
    )
    tail = last[len(prefix) :] if last else "0"
    return f"{prefix}{(int(tail) if tail.isdigit() else 0) + 1:04d}"


def _apply_header(inspection: Inspection, header: InspectionInput) -> None:
    inspection.agency_id = header.agency_id
    inspection.kind = header.kind
    inspection.fields = [field.value for field in header.fields]
    inspection.decision_number = header.decision_number
    inspection.started_at = from_local_input(header.started_at) or utcnow()
    inspection.latitude, inspection.longitude = header.latitude, header.longitude
    if header.business_id and db.session.get(Business, header.business_id) is None:
        raise InspectionError(_l("Choose the business from the list."), "business_query")
    inspection.business_id = header.business_id
    inspection.place_name = header.place_name.strip()
    inspection.place_address = header.place_address.strip()
    if not header.business_id and not inspection.place_name:
        raise InspectionError(_l("Choose a registered business or give the name of the place."), "place_name")


def create_inspection(user: User, header: InspectionInput) -> Inspection:
    """A draft inspection led by ``user``, who is its first team member; linked to a consumer report when it
    starts from one. Started under the user's own agency (the ward officer may choose any)."""
    require_agency(user, header.agency_id)
    try:
        return _create_numbered(user, header)
    except IntegrityError:
        raise InspectionError(_l("The inspection could not be numbered; please try again.")) from None


@retrying_on_conflict(NUMBERING_ATTEMPTS)
def _create_numbered(user: User, header: InspectionInput) -> Inspection:
    """Numbered one more than the year's highest; another inspection taking that number a moment earlier
    makes the commit clash, and the whole unit is run again with the next number."""
    inspection = Inspection(status=InspectionStatus.DRAFT, created_by=user, fields=[])
    _apply_header(inspection, header)
    inspection.members.append(
        InspectionMember(
            user=user,
            name=user.name,
            role=TEAM_ROLE_OF.get(user.role, TeamRole.LEADER),
            position=user.agency.name if user.agency else "",
        )
    )
    inspection.number = _next_number(to_local(inspection.started_at).year)
    db.session.add(inspection)
    report = db.session.get(ConsumerReport, header.report_id) if header.report_id else None
    if report is not None and report.is_open:
        report.inspection = inspection
        report.status = ReportStatus.INSPECTING
    return inspection


@transactional
def update_header(inspection: Inspection, user: User, header: InspectionInput) -> Inspection:
    """Change a draft's header; moving it to another agency needs someone of that agency (or the officer)."""
    require_team(user, inspection)
    _require_draft(inspection)
    if header.agency_id != inspection.agency_id:
        require_agency(user, header.agency_id)
    _apply_header(inspection, header)
    lines = checklist.lines_for(inspection.fields)
    for item in inspection.items:  # another field, other lines: what the items say follows
        item.result = checklist.result_of(item.checks, lines)
    return inspection


@transactional
def add_member(inspection: Inspection, user: User, new: MemberInput) -> InspectionMember:
    """A member by name (someone without an account), or a staff account, who may then work on the draft too."""
    require_team(user, inspection)
    _require_draft(inspection)
    account = _team_account(inspection, new.user_id) if new.user_id else None
    name = new.name.strip() or (account.name if account else "")
    if not name:
        raise InspectionError(_l("Enter the member's name."), "name")
    position = new.position.strip() or (account.agency.name if account and account.agency else "")
    member = InspectionMember(inspection=inspection, user=account, name=name, role=new.role, position=position)
    db.session.add(member)
    return member


def _team_account(inspection: Inspection, user_id: int) -> User:
    account = db.session.get(User, user_id)
    if account is None or not account.active or account.role not in TEAM_ROLES:
        raise InspectionError(_l("Choose an inspector, a police officer or the ward officer from the list."), "user_id")
    if any(member.user_id == account.id for member in inspection.members):
        raise InspectionError(_l("%(name)s is already on the team.", name=account.name), "user_id")
    return account


@transactional
def remove_member(inspection: Inspection, user: User, member_id: int) -> None:
    """Remove a member; the last member with an account stays, or nobody could carry on with the draft."""
    require_team(user, inspection)
    _require_draft(inspection)
    member = db.session.get(InspectionMember, member_id)
    if member is None or member.inspection_id != inspection.id:
        raise InspectionError(_l("This member is not in the team."))
    if len(inspection.members) <= 1:
        raise InspectionError(_l("An inspection team needs at least one member."))
    others_with_account = [m for m in inspection.members if m.user_id is not None and m.id != member.id]
    if member.user_id is not None and not others_with_account:
        raise InspectionError(
            _l("The team needs at least one member with an account to carry on with the record; add one first.")
        )
    db.session.delete(member)


def add_item(
    inspection: Inspection,
    user: User,
    *,
    product: Product | None = None,
    batch: Batch | None = None,
    description: str = "",
    checks: Mapping[str, str],
    note: str = "",
    photos: Iterable[FileStorage] = (),
) -> InspectionItem:
    """One checked item and its photos. Items are separate rows: team members adding at once never clash.

    Only the answers to the lines of the inspection's checklist are kept; a line may be left unanswered in
    the draft (submitting is refused until it is answered). The photos are written to disk as the item is
    built; if the unit fails (a refused photo, a failed commit) the files written so far are removed again,
    so no photo is left without its row."""
    saved: list[str] = []
    try:
        with unit_of_work():
            require_team(user, inspection)
            _require_draft(inspection)
            if product is None and not description.strip():
                raise InspectionError(_l("Scan or type the product's code, or describe the goods."), "code")
            lines = checklist.lines_for(inspection.fields)
            kept = checklist.answered(checks, lines)
            item = InspectionItem(
                inspection_id=inspection.id,
                product=product,
                batch=batch,
                description=description.strip(),
                checks=kept,
                result=checklist.result_of(kept, lines),
                note=note.strip(),
                created_by=user,
            )
            _add_photos(item, user, photos, saved)
            db.session.add(item)
    except BaseException:
        for name in saved:
            delete_image(PHOTO_FOLDER, name)
        raise
    return item


def update_item(
    inspection: Inspection,
    user: User,
    item_id: int,
    *,
    checks: Mapping[str, str],
    note: str,
    photos: Iterable[FileStorage] = (),
) -> InspectionItem:
    """Answer an item's lines (the ones left open, or a corrected answer), change its note, add photos.

    The answers given replace the item's answers to the lines of the inspection's checklist; answers to lines
    the checklist no longer asks are kept as they were."""
    saved: list[str] = []
    try:
        with unit_of_work():
            require_team(user, inspection)
            _require_draft(inspection)
            item = _item_of(inspection, item_id)
            lines = checklist.lines_for(inspection.fields)
            asked = {check.key for check in lines}
            kept = {key: value for key, value in item.checks.items() if key not in asked}
            item.checks = {**kept, **checklist.answered(checks, lines)}
            item.result = checklist.result_of(item.checks, lines)
            item.note = note.strip()
            _add_photos(item, user, photos, saved)
    except BaseException:
        for name in saved:
            delete_image(PHOTO_FOLDER, name)
        raise
    return item


def _add_photos(item: InspectionItem, user: User, photos: Iterable[FileStorage], saved: list[str]) -> None:
    """At most ``MAX_PHOTOS_PER_ITEM`` photos per item, counted before any is decoded: with the request size limit
    and the reduced decoding in uploads.py, this bounds how long one item's save can hold a worker."""
    photos = list(photos)
    limit = current_app.config["MAX_PHOTOS_PER_ITEM"]
    if len(item.photos) + len(photos) > limit:
        raise InspectionError(
            _l("An item keeps at most %(limit)d photos; choose the ones that show the problem.", limit=limit),
            "photos",
        )
    for photo in photos:
        try:
            saved.append(save_image(photo, PHOTO_FOLDER))
        except UploadError as exc:
            raise InspectionError(str(exc), "photos") from None
        item.photos.append(InspectionPhoto(file_name=saved[-1], created_by_id=user.id))


def _item_of(inspection: Inspection, item_id: int) -> InspectionItem:
    item = db.session.get(InspectionItem, item_id)
    if item is None or item.inspection_id != inspection.id:
        raise InspectionError(_l("This item is not part of the inspection."))
    return item


def delete_item(inspection: Inspection, user: User, item_id: int) -> None:
    """Remove an item of a draft; its photo files go once the row is gone for good."""
    with unit_of_work():
        require_team(user, inspection)
        _require_draft(inspection)
        item = _item_of(inspection, item_id)
        if any(item in violation.items for violation in inspection.violations):
            raise InspectionError(_l("A violation names this item; change the violation first."))
        names = [photo.file_name for photo in item.photos]
        db.session.delete(item)
    for name in names:
        delete_image(PHOTO_FOLDER, name)


@transactional
def submit(inspection: Inspection, user: User, conclusion: str) -> Inspection:
    """Close the record: it becomes read-only, and its result is what the items and violations say.

    Refused while any line of any item is unanswered. Each item's result is worked out again from its answers
    to the inspection's checklist (the fields may have changed since the item was saved); the inspection fails
    when an item or a violation does, and passes otherwise."""
    require_team(user, inspection)
    _require_draft(inspection)
    if not inspection.items and not inspection.violations:
        raise InspectionError(_l("Add at least one checked item before submitting."))
    lines = checklist.lines_for(inspection.fields)
    for n, item in enumerate(inspection.items, start=1):
        if missing := checklist.unanswered(item.checks, lines):
            raise InspectionError(
                _l(
                    "Item %(n)s (%(item)s): “%(line)s” has no answer. Open the item and choose pass, fail or "
                    "not applicable for every line before submitting.",
                    n=n,
                    item=item.title,
                    line=missing[0].label,
                )
            )
    for item in inspection.items:
        item.result = checklist.result_of(item.checks, lines)
    failed = any(item.result == CheckResult.FAIL for item in inspection.items) or bool(inspection.violations)
    now = utcnow()
    inspection.result = CheckResult.FAIL if failed else CheckResult.PASS
    inspection.conclusion = conclusion.strip()
    inspection.status = InspectionStatus.SUBMITTED
    inspection.ended_at = inspection.ended_at or now
    inspection.submitted_at = now
    inspection.submitted_by = user
    return inspection


@transactional
def amend(inspection: Inspection, user: User, change: AmendmentInput) -> InspectionAmendment:
    """Correct a submitted record: only a member of its team, and only with a reason. What changed is kept with
    who, when and why (the amendment row, and the audit trail's entries for it and for the inspection). No
    change, no amendment."""
    require_team(user, inspection)
    if inspection.is_draft:
        raise InspectionError(_l("A draft is edited directly; amendments are for submitted records."))
    if not change.reason.strip():
        raise InspectionError(_l("Give the reason for the correction."), "reason")
    wanted: dict[str, str | CheckResult] = {
        "decision_number": change.decision_number,
        "result": change.result,
        "conclusion": change.conclusion,
    }
    changes: dict[str, list[str]] = {}
    for key, after in wanted.items():
        before = getattr(inspection, key)
        if (before or "") != (after or ""):
            changes[key] = [str(before or ""), str(after or "")]
            setattr(inspection, key, after)
    if not changes:
        raise InspectionError(_l("Nothing was changed."))
    signatures.void_for_amendment(inspection, user, change.reason.strip(), changes)  # the record is signed again
    amendment = InspectionAmendment(inspection=inspection, user=user, reason=change.reason.strip(), changes=changes)
    db.session.add(amendment)
    return amendment


def _require_draft(inspection: Inspection) -> None:
    if not inspection.is_draft:
        raise InspectionError(_l("This inspection has been submitted and can no longer be changed; add an amendment."))
