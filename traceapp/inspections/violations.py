"""Violations and their handling: open → remedied or referred → closed, each step with who, when and a note.

The business reports its remedy; an inspector confirms it (→ remedied) or rejects it (stays open).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.inspections.services import InspectionError
from traceapp.models import Inspection, User, Violation, ViolationStatus, ViolationStep

STEP_LABELS = {
    "recorded": _l("Recorded"),
    "remedy_reported": _l("Remedy reported by the business"),
    "remedy_confirmed": _l("Remedy confirmed"),
    "remedy_rejected": _l("Remedy not accepted"),
    "remedied": _l("Marked as remedied"),
    "referred": _l("Referred to the competent authority"),
    "closed": _l("Closed"),
}
# Staff actions: the statuses each may start from, and the status it leads to.
STAFF_ACTIONS = {
    "remedy_confirmed": ((ViolationStatus.OPEN,), ViolationStatus.REMEDIED),
    "remedy_rejected": ((ViolationStatus.OPEN,), ViolationStatus.OPEN),
    "remedied": ((ViolationStatus.OPEN,), ViolationStatus.REMEDIED),
    "referred": ((ViolationStatus.OPEN,), ViolationStatus.REFERRED),
    "closed": ((ViolationStatus.REMEDIED, ViolationStatus.REFERRED), ViolationStatus.CLOSED),
}
VIOLATION_FIELDS = (
    "category",
    "description",
    "measure",
    "fine_vnd",
    "seized_quantity",
    "seized_value_vnd",
    "remedy_deadline",
)


def record_violation(inspection: Inspection, user: User, data: dict) -> Violation:
    if not inspection.is_draft:
        raise InspectionError(_l("Violations are recorded while the inspection is in progress."))
    wanted = set(data.get("item_ids") or [])
    items = [item for item in inspection.items if item.id in wanted]
    violation = Violation(
        inspection=inspection,
        business_id=inspection.business_id,
        created_by=user,
        items=items,
        status=ViolationStatus.OPEN,
        **{key: data.get(key) for key in VIOLATION_FIELDS},
    )
    violation.steps.append(ViolationStep(action="recorded", status=ViolationStatus.OPEN, user=user))
    db.session.add(violation)
    db.session.commit()
    return violation


def available_actions(violation: Violation) -> list[str]:
    actions = [name for name, (sources, _) in STAFF_ACTIONS.items() if violation.status in sources]
    if not violation.remedy_pending:
        actions = [a for a in actions if a not in ("remedy_confirmed", "remedy_rejected")]
    else:
        actions = [a for a in actions if a != "remedied"]
    return actions


def take_step(violation: Violation, user: User, action: str, note: str = "") -> ViolationStep:
    if action not in available_actions(violation):
        raise InspectionError(_l("This step is not possible from the violation's current status."))
    if violation.inspection.is_draft:
        raise InspectionError(_l("Submit the inspection before handling its violations."))
    if action in ("referred", "remedy_rejected") and not note.strip():
        raise InspectionError(_l("Write a note: to whom it was referred, or why the remedy is not accepted."), "note")
    _, status = STAFF_ACTIONS[action]
    violation.status = status
    if action == "remedy_rejected":
        violation.remedy_reported_at = None
    step = ViolationStep(violation=violation, action=action, status=status, user=user, note=note.strip())
    db.session.add(step)
    db.session.commit()
    return step


def report_remedy(violation: Violation, user: User, note: str) -> ViolationStep:
    """The business says what it did; the violation stays open until an inspector confirms it."""
    if violation.status != ViolationStatus.OPEN:
        raise InspectionError(_l("This violation is no longer open."))
    violation.remedy_note = note.strip()
    violation.remedy_reported_at = utcnow()
    step = ViolationStep(
        violation=violation, action="remedy_reported", status=violation.status, user=user, note=note.strip()
    )
    db.session.add(step)
    db.session.commit()
    return step


def item_choices(inspection: Inspection) -> list[tuple[int, str]]:
    return [(item.id, item.title) for item in inspection.items]
