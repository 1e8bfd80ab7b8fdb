"""What the supply-chain services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LinkDetails:
    """What both sides of a delivery can note: when, how much, and the paper that went with it."""

    shipped_on: date | None = None
    quantity: Decimal | None = None
    unit: str = ""
    document_ref: str = ""


@dataclass(frozen=True)
class InputDetails(LinkDetails):
    """What a batch was made from: a registered batch by its code (or scan link), or an outside supplier."""

    code: str = ""
    supplier_name: str = ""
    supplier_address: str = ""


@dataclass(frozen=True)
class OutputDetails(LinkDetails):
    """Where a batch went: a registered business (chosen from the search), or an outside buyer."""

    business_id: int | None = None
    buyer_name: str = ""
    buyer_address: str = ""
