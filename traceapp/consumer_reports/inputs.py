"""What the consumer-report services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import FileStorage

from traceapp.models import ReportKind


@dataclass(frozen=True)
class NewReport:
    """A consumer's report as sent; the service trims the text and checks the code names something registered."""

    kind: ReportKind
    message: str
    code: str = ""  # the code printed under the QR, or "" when the goods carry none
    place: str = ""  # where it was bought
    phone: str = ""  # to call back, as typed
    photo: FileStorage | None = None
