"""Recording an inspection: create, team, items with photos, submit, amend. Each function is one unit of work.

A service either commits once or raises ``InspectionError`` having written nothing (photos already written
to disk for a failed save are removed again).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from traceapp.clock import from_local_input, to_local, utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.models import (
    Business,
    CheckResult,
    ConsumerReport,
    Inspection,
    InspectionAmendment,
    InspectionItem,
    InspectionMember,
    InspectionPhoto,
    InspectionStatus,
    ReportStatus,
    Role,
    TeamRole,
    User,
)
from traceapp.uploads import UploadError, delete_image, save_image

PHOTO_FOLDER = "inspections"
TEAM_ROLE_OF = {Role.POLICE: TeamRole.POLICE}
HEADER_FIELDS = (
    "agency_id",
    "kind",
    "fields",
    "place_name",
    "place_address",
    "decision_number",
    "started_at",
    "latitude",
    "longitude",
)


class InspectionError(DomainError):
    """A rule of this feature refused the request."""


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


def _apply_header(inspection: Inspection, data: dict) -> None:
    for key in HEADER_FIELDS:
        if key in data:
            setattr(inspection, key, from_local_input(data[key]) if key == "started_at" else data[key])
    business_id = int(data["business_id"]) if str(data.get("business_id") or "").isdigit() else None
    if business_id and db.session.get(Business, business_id) is None:
        raise InspectionError(_l("Choose the business from the list."), "business_query")
    inspection.business_id = business_id
    inspection.place_name = (data.get("place_name") or "").strip()
    inspection.place_address = (data.get("place_address") or "").strip()
    if not business_id and not inspection.place_name:
        raise InspectionError(_l("Choose a registered business or give the name of the place."), "place_name")


def create_inspection(user: User, data: dict) -> Inspection:
    """A draft inspection led by ``user``; linked to a consumer report when it starts from one."""
    report_id = str(data.get("report_id") or "")
    for _attempt in range(5):
        inspection = Inspection(status=InspectionStatus.DRAFT, created_by=user, fields=[])
        _apply_header(inspection, data)
        inspection.members.append(
            InspectionMember(
                user=user,
                name=user.name,
                role=TEAM_ROLE_OF.get(user.role, TeamRole.LEADER),
                position=user.agency.name if user.agency else "",
            )
        )
        inspection.number = _next_number(to_local(inspection.started_at or utcnow()).year)
        db.session.add(inspection)
        report = db.session.get(ConsumerReport, int(report_id)) if report_id.isdigit() else None
        if report is not None and report.is_open:
            report.inspection = inspection
            report.status = ReportStatus.INSPECTING
        try:
            db.session.commit()
            return inspection
        except IntegrityError:
            db.session.rollback()  # another inspection took the number a moment ago: number again
    raise InspectionError(_l("The inspection could not be numbered; please try again."))


def update_header(inspection: Inspection, data: dict) -> Inspection:
    _require_draft(inspection)
    try:
        _apply_header(inspection, data)
    except InspectionError:
        db.session.rollback()
        raise
    db.session.commit()
    return inspection


def add_member(inspection: Inspection, data: dict) -> InspectionMember:
    _require_draft(inspection)
    member = InspectionMember(
        inspection=inspection,
        name=data["name"].strip(),
        role=data["role"],
        position=(data.get("position") or "").strip(),
    )
    db.session.add(member)
    db.session.commit()
    return member


def remove_member(inspection: Inspection, member_id: int) -> None:
    _require_draft(inspection)
    member = db.session.get(InspectionMember, member_id)
    if member is None or member.inspection_id != inspection.id:
        raise InspectionError(_l("This member is not in the team."))
    if len(inspection.members) <= 1:
        raise InspectionError(_l("An inspection team needs at least one member."))
    db.session.delete(member)
    db.session.commit()


def add_item(
    inspection: Inspection,
    user: User,
    *,
    product=None,
    batch=None,
    description: str = "",
    checks: dict[str, str],
    note: str = "",
    photos=(),
) -> InspectionItem:
    """One checked item and its photos. Items are separate rows: team members adding at once never clash."""
    _require_draft(inspection)
    if product is None and not description.strip():
        raise InspectionError(_l("Scan or type the product's code, or describe the goods."), "code")
    checks = {key: value for key, value in checks.items() if key in checklist.CHECK_KEYS}
    item = InspectionItem(
        inspection_id=inspection.id,
        product=product,
        batch=batch,
        description=description.strip(),
        checks=checks,
        result=checklist.overall(checks),
        note=note.strip(),
        created_by=user,
    )
    saved: list[str] = []
    try:
        for photo in photos:
            saved.append(save_image(photo, PHOTO_FOLDER))
            item.photos.append(InspectionPhoto(file_name=saved[-1], created_by_id=user.id))
        db.session.add(item)
        db.session.commit()
    except UploadError as exc:
        _discard(saved)
        raise InspectionError(str(exc), "photos") from None
    except Exception:
        _discard(saved)
        raise
    return item


def _discard(saved: list[str]) -> None:
    db.session.rollback()
    for name in saved:
        delete_image(PHOTO_FOLDER, name)


def delete_item(inspection: Inspection, item_id: int) -> None:
    _require_draft(inspection)
    item = db.session.get(InspectionItem, item_id)
    if item is None or item.inspection_id != inspection.id:
        raise InspectionError(_l("This item is not part of the inspection."))
    if any(item in violation.items for violation in inspection.violations):
        raise InspectionError(_l("A violation names this item; change the violation first."))
    names = [photo.file_name for photo in item.photos]
    db.session.delete(item)
    db.session.commit()
    for name in names:
        delete_image(PHOTO_FOLDER, name)


def submit(inspection: Inspection, user: User, conclusion: str) -> Inspection:
    """Close the record: it becomes read-only, and its result is what the items and violations say."""
    _require_draft(inspection)
    if not inspection.items and not inspection.violations:
        raise InspectionError(_l("Add at least one checked item before submitting."))
    failed = any(item.result == CheckResult.FAIL for item in inspection.items) or bool(inspection.violations)
    now = utcnow()
    inspection.result = CheckResult.FAIL if failed else CheckResult.PASS
    inspection.conclusion = conclusion.strip()
    inspection.status = InspectionStatus.SUBMITTED
    inspection.ended_at = inspection.ended_at or now
    inspection.submitted_at = now
    inspection.submitted_by = user
    db.session.commit()
    return inspection


def amend(inspection: Inspection, user: User, data: dict) -> InspectionAmendment | None:
    """Correct a submitted record; what changed is kept with who, when and why. No change, no amendment."""
    if inspection.is_draft:
        raise InspectionError(_l("A draft is edited directly; amendments are for submitted records."))
    changes = {}
    for key in ("decision_number", "result", "conclusion"):
        before, after = getattr(inspection, key), data.get(key)
        if key == "result":
            after = CheckResult(after)
        if (before or "") != (after or ""):
            changes[key] = [str(before or ""), str(after or "")]
            setattr(inspection, key, after)
    if not changes:
        raise InspectionError(_l("Nothing was changed."))
    amendment = InspectionAmendment(inspection=inspection, user=user, reason=data["reason"].strip(), changes=changes)
    db.session.add(amendment)
    db.session.commit()
    return amendment


def _require_draft(inspection: Inspection) -> None:
    if not inspection.is_draft:
        raise InspectionError(_l("This inspection has been submitted and can no longer be changed; add an amendment."))
