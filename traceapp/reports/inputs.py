"""What the plan-report services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SentInput:
    """How a locked report was sent: the day on the document and its number ("125/BC-UBND"), as typed."""

    sent_on: date | None
    number: str
