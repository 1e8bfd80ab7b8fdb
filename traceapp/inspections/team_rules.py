"""Who may do what with an inspection (issue 10, item 2): the one rule every view, service, list and template reads.

- **See** it: the officer and the administrator see every inspection; an inspector or a police officer sees
  the inspections of their own agency and those whose team they are on (the departments keep their records
  apart, as the plan has each report its own work); a business sees its own once they are submitted.
- **Work on** it (change a draft, its items, team and violations; submit it; amend it once submitted; handle
  its violations): only a member of its team by account, who is an inspector, a police officer or the ward
  officer. Seeing everything does not let the officer change anything they are not on the team of.
- **Put it under an agency** (start it, or move a draft to another agency): someone of that agency, or the
  ward officer, who answers for every agency's work in the ward.

Each rule is written twice, once for a loaded inspection (``may_*``) and once as a SQL condition for lists
(``*_clause``); tests/test_team_rules.py checks that the two agree.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, false, or_, true

from traceapp.inspections.errors import InspectionError, NotOnTheTeam
from traceapp.models import (
    FIELD_ROLES,
    OFFICE_ROLES,
    Inspection,
    InspectionMember,
    InspectionStatus,
    Role,
    User,
    Violation,
)

# Who may be on a team by account (and so work on an inspection); the administrator runs the system, not inspections.
TEAM_ROLES = (Role.INSPECTOR, Role.POLICE, Role.OFFICER)


def is_member(user: User, inspection: Inspection) -> bool:
    return any(member.user_id == user.id for member in inspection.members)


def may_view(user: User, inspection: Inspection) -> bool:
    if user.role == Role.BUSINESS:
        own = inspection.business_id is not None and inspection.business_id == user.business_id
        return own and not inspection.is_draft
    if user.role in OFFICE_ROLES:
        return True
    if user.role in FIELD_ROLES:
        return (user.agency_id is not None and inspection.agency_id == user.agency_id) or is_member(user, inspection)
    return False


def may_view_violation(user: User, violation: Violation) -> bool:
    """As its inspection; a business by the business the violation was recorded against."""
    if user.role == Role.BUSINESS:
        return (
            violation.business_id is not None
            and violation.business_id == user.business_id
            and not violation.inspection.is_draft
        )
    return may_view(user, violation.inspection)


def may_work_on(user: User, inspection: Inspection) -> bool:
    """On its team by account, in a role that works on inspections. What the state allows is the services' rule."""
    return user.is_active and user.role in TEAM_ROLES and is_member(user, inspection)


def may_put_under(user: User, agency_id: int) -> bool:
    """Whether ``user`` may start an inspection under ``agency_id`` or move a draft there."""
    if user.role not in TEAM_ROLES:
        return False
    return user.role == Role.OFFICER or (user.agency_id is not None and user.agency_id == agency_id)


# --- the same rules as SQL conditions on Inspection, for lists ----------------------------------------------


def _on_team(user: User) -> ColumnElement[bool]:
    return exists().where(InspectionMember.inspection_id == Inspection.id, InspectionMember.user_id == user.id)


def visible_clause(user: User, business_column=Inspection.business_id) -> ColumnElement[bool]:
    """``may_view`` in SQL; ``business_column`` is whose records a business reads (a violation's own business)."""
    if user.role == Role.BUSINESS:
        return and_(business_column == user.business_id, Inspection.status != InspectionStatus.DRAFT)
    if user.role in OFFICE_ROLES:
        return true()
    if user.role in FIELD_ROLES:
        own_agency = Inspection.agency_id == user.agency_id if user.agency_id is not None else false()
        return or_(own_agency, _on_team(user))
    return false()


def team_clause(user: User) -> ColumnElement[bool]:
    """``may_work_on`` in SQL."""
    if not user.is_active or user.role not in TEAM_ROLES:
        return false()
    return _on_team(user)


# --- the services' refusals ----------------------------------------------------------------------------------


def require_team(user: User, inspection: Inspection) -> None:
    if not may_work_on(user, inspection):
        raise NotOnTheTeam(_l("Only a member of the inspection team may change this inspection."))


def require_agency(user: User, agency_id: int) -> None:
    if not may_put_under(user, agency_id):
        raise InspectionError(
            _l("An inspection is recorded under your own agency; only the ward officer may choose another."),
            "agency_id",
        )
