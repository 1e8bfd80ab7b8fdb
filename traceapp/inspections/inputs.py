"""What the inspection services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from traceapp.models import CheckResult, InspectionField, InspectionKind, Measure, TeamRole, ViolationCategory


@dataclass(frozen=True)
class InspectionInput:
    """The header of an inspection; the service trims the place and checks the business exists."""

    agency_id: int
    kind: InspectionKind
    fields: tuple[InspectionField, ...]
    started_at: datetime  # naive: the ward's local time as typed; aware: taken as it is
    business_id: int | None = None
    place_name: str = ""
    place_address: str = ""
    decision_number: str = ""
    latitude: float | None = None
    longitude: float | None = None
    report_id: int | None = None  # the consumer report it starts from (a new inspection only)


@dataclass(frozen=True)
class MemberInput:
    """A team member: a staff account (``user_id``), who may then work on the record, or just a name."""

    name: str
    role: TeamRole
    position: str = ""
    user_id: int | None = None


@dataclass(frozen=True)
class AmendmentInput:
    """A correction of a submitted record and why it is made."""

    decision_number: str
    result: CheckResult
    conclusion: str
    reason: str


@dataclass(frozen=True)
class ViolationInput:
    category: ViolationCategory
    description: str
    measure: Measure
    item_ids: tuple[int, ...] = ()
    fine_vnd: int | None = None
    seized_quantity: str = ""
    seized_value_vnd: int | None = None
    remedy_deadline: date | None = None
