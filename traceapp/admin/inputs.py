"""What the account services are given: typed values a form (or ``flask users create``) has already read.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from traceapp.models import Role


@dataclass(frozen=True)
class StaffUserInput:
    """A staff account as typed; a phone or an e-mail is needed to log in. An empty password keeps the old one."""

    name: str
    role: Role
    agency_id: int | None
    phone: str = ""
    email: str = ""
    password: str = ""
