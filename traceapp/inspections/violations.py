"""Violations and their handling: open → remedied or referred → closed, each step with who, when and a note.

The business reports its remedy; a member of the inspection's team confirms it (→ remedied) or rejects it
(stays open): violations belong to their inspection, and the same team rule (``team_rules``) says who records
and handles them. Each function that writes is one unit of work.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.inspections.errors import InspectionError
from traceapp.inspections.inputs import ViolationInput
from traceapp.inspections.team_rules import may_view_violation, require_team
from traceapp.models import Inspection, Role, User, Violation, ViolationStatus, ViolationStep, ViolationStepAction
from traceapp.unit_of_work import transactional

Action = ViolationStepAction
# Staff actions: the statuses each may start from, and the status it leads to.
STAFF_ACTIONS: dict[ViolationStepAction, tuple[tuple[ViolationStatus, ...], ViolationStatus]] = {
    Action.REMEDY_CONFIRMED: ((ViolationStatus.OPEN,), ViolationStatus.REMEDIED),
    Action.REMEDY_REJECTED: ((ViolationStatus.OPEN,), ViolationStatus.OPEN),
    Action.REMEDIED: ((ViolationStatus.OPEN,), ViolationStatus.REMEDIED),
    Action.REFERRED: ((ViolationStatus.OPEN,), ViolationStatus.REFERRED),
    Action.CLOSED: ((ViolationStatus.REMEDIED, ViolationStatus.REFERRED), ViolationStatus.CLOSED),
}
# The steps that need a note: to whom it was referred, or why the remedy is not accepted.
NEEDS_NOTE = (Action.REFERRED, Action.REMEDY_REJECTED)


@transactional
def record_violation(inspection: Inspection, user: User, found: ViolationInput) -> Violation:
    require_team(user, inspection)
    if not inspection.is_draft:
        raise InspectionError(_l("Violations are recorded while the inspection is in progress."))
    wanted = set(found.item_ids)
    violation = Violation(
        inspection=inspection,
        business_id=inspection.business_id,
        created_by=user,
        items=[item for item in inspection.items if item.id in wanted],
        status=ViolationStatus.OPEN,
        category=found.category,
        description=found.description,
        measure=found.measure,
        fine_vnd=found.fine_vnd,
        seized_quantity=found.seized_quantity,
        seized_value_vnd=found.seized_value_vnd,
        remedy_deadline=found.remedy_deadline,
    )
    violation.steps.append(ViolationStep(action=Action.RECORDED, status=ViolationStatus.OPEN, user=user))
    db.session.add(violation)
    return violation


def available_actions(violation: Violation) -> list[ViolationStepAction]:
    actions = [action for action, (sources, _) in STAFF_ACTIONS.items() if violation.status in sources]
    if not violation.remedy_pending:
        return [a for a in actions if a not in (Action.REMEDY_CONFIRMED, Action.REMEDY_REJECTED)]
    return [a for a in actions if a != Action.REMEDIED]


@transactional
def take_step(violation: Violation, user: User, action: ViolationStepAction, note: str = "") -> ViolationStep:
    require_team(user, violation.inspection)
    if action not in available_actions(violation):
        raise InspectionError(_l("This step is not possible from the violation's current status."))
    if violation.inspection.is_draft:
        raise InspectionError(_l("Submit the inspection before handling its violations."))
    if action in NEEDS_NOTE and not note.strip():
        raise InspectionError(_l("Write a note: to whom it was referred, or why the remedy is not accepted."), "note")
    _, status = STAFF_ACTIONS[action]
    violation.status = status
    if action == Action.REMEDY_REJECTED:
        violation.remedy_reported_at = None
    step = ViolationStep(violation=violation, action=action, status=status, user=user, note=note.strip())
    db.session.add(step)
    return step


@transactional
def report_remedy(violation: Violation, user: User, note: str) -> ViolationStep:
    """The business says what it did; the violation stays open until an inspector confirms it."""
    if user.role != Role.BUSINESS or not may_view_violation(user, violation):
        raise InspectionError(_l("Only the business concerned may report its remedy."))
    if violation.status != ViolationStatus.OPEN:
        raise InspectionError(_l("This violation is no longer open."))
    violation.remedy_note = note.strip()
    violation.remedy_reported_at = utcnow()
    step = ViolationStep(
        violation=violation, action=Action.REMEDY_REPORTED, status=violation.status, user=user, note=note.strip()
    )
    db.session.add(step)
    return step


def item_choices(inspection: Inspection) -> list[tuple[int, str]]:
    return [(item.id, item.title) for item in inspection.items]
