"""What the business services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from traceapp.models import BusinessKind


@dataclass(frozen=True)
class BusinessProfileInput:
    """A business's profile as typed; the service normalises the phone, the number and the e-mail."""

    name: str
    kind: BusinessKind
    registration_number: str
    owner_name: str
    phone: str
    address: str
    email: str = ""
    quarter: str = ""
    sector: str = ""


@dataclass(frozen=True)
class OwnerLogin:
    """The account a business signs up with: the owner logs in by this phone (or e-mail)."""

    phone: str
    password: str
    email: str = ""
