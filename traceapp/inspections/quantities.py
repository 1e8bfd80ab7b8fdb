"""Reading a measured quantity as the inspector types it on a phone: ``1,5`` and ``1.5`` are both one and a half.

The Vietnamese decimal mark is the comma, a phone's numeric keypad often gives the point: either is taken, once.
Anything else (letters, two marks, a sign, ``NaN``, more digits than the column keeps) is refused with a message
the inspector can act on, never a 500. The bound and the decimals follow the columns of
``models/metrology_check.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from traceapp.inspections.errors import InspectionError

_NUMBER = re.compile(r"^[0-9]{1,9}(?:[.,][0-9]{1,6})?$")
MAX_QUANTITY = Decimal(10) ** 8  # Numeric(14, 6) keeps eight digits before the point


class QuantityError(InspectionError):
    """A typed figure is not a quantity the check can use."""


def parse_quantity(text: str | None, *, places: int = 6, field: str | None = None) -> Decimal:
    """``text`` as a non-negative Decimal with at most ``places`` decimals, below :data:`MAX_QUANTITY`."""
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        raise QuantityError(_l("Enter a number."), field)
    if not raw.isascii() or not _NUMBER.match(raw):
        raise QuantityError(
            _l("“%(text)s” is not a number: write digits with one decimal comma, e.g. 1,5.", text=raw[:20]), field
        )
    value = Decimal(raw.replace(",", "."))
    if value >= MAX_QUANTITY:
        raise QuantityError(_l("%(text)s is too large for a measured quantity.", text=raw), field)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise QuantityError(_l("At most %(places)d decimal places.", places=places), field)
    return value


def format_quantity(value: Decimal) -> str:
    """A quantity as the ward writes it: a decimal comma, no trailing zeros (``1,5``; ``500``)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
