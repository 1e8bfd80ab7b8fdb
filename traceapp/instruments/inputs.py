"""What the instrument services are given: typed values a form (or the demo) has already read, never ``form.data``.

Kept apart from the services so that the forms can build them without importing the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from traceapp.models import AccuracyClass, InstrumentKind


@dataclass(frozen=True)
class InstrumentInput:
    """An instrument as declared: where it is, what it is, and its verification (kiểm định). ``max_capacity``
    (Max) and ``scale_interval`` (e) are in ``unit``; the service checks every rule between the fields."""

    kind: InstrumentKind
    place_name: str = ""
    stall: str = ""
    address: str = ""
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    accuracy_class: AccuracyClass | None = None
    max_capacity: Decimal | None = None
    scale_interval: Decimal | None = None
    unit: str = "kg"
    certificate_number: str = ""
    stamp_number: str = ""
    verified_by: str = ""
    verified_on: date | None = None
    stated_until: date | None = None  # the date the certificate states, when it states one
    is_reference_scale: bool = False
    note: str = ""
