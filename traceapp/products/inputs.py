"""What the product services are given: typed values a form has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from traceapp.models import CertificationKind, ProductCategory


@dataclass(frozen=True)
class ProductInput:
    """What a business says about a product; the photo comes separately, as an upload."""

    name: str
    category: ProductCategory
    gtin: str = ""  # as typed under the barcode (8, 12, 13 or 14 digits), or "" for none
    description: str = ""
    ingredients: str = ""
    origin: str = ""
    net_quantity: str = ""
    shelf_life: str = ""
    standard_applied: str = ""
    conformity_declaration: str = ""


@dataclass(frozen=True)
class CertificationInput:
    kind: CertificationKind
    stars: int | None = None  # kept for OCOP only
    number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True)
class BatchInput:
    lot_code: str  # the service trims it
    production_date: date | None = None
    expiry_date: date | None = None
    quantity: Decimal | None = None
    unit: str = ""
