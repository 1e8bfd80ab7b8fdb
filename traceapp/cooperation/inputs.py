"""What the cooperation services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from traceapp.models import EventKind, TechnologyKind


@dataclass(frozen=True)
class EventInput:
    """An event as the officer typed it; the service trims the text."""

    kind: EventKind
    title: str
    held_on: date
    place: str
    agency_id: int
    topics: tuple[str, ...]  # EventTopic values
    starts_at: str = ""  # "08:00", or "" when not given
    participants: int | None = None
    conclusions: str = ""


@dataclass(frozen=True)
class TechnologyInput:
    """A technology a business declares; a certified system needs the certificate's number, issuer and expiry."""

    kind: TechnologyKind
    detail: str = ""
    certificate_number: str = ""
    issued_by: str = ""
    expires_on: date | None = None
