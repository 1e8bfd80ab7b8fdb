"""What the database can hold, checked where a client's text becomes a number or a date.

A client can type anything: an id of twelve digits, ``NaN``, the year 9999. Python turns most of it into an int,
a Decimal or a date without complaint, and the failure comes later and louder (SQLite's "int too large", a
PostgreSQL "integer out of range", a date one day past ``date.max``): a 500. So each kind of value has one bound here,
and the URL converter, the list pages' query strings and every form field (``web/forms.py``) apply it.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

# An id, and any whole number an INTEGER column holds: 32 bits on PostgreSQL (SQLAlchemy even casts a bound id
# ``::INTEGER``, so a larger one fails in the query itself), 64 on SQLite.
MAX_ID = 2**31 - 1
# A BIGINT column (a fine in đồng), and the most any whole number from a client may be.
MAX_BIGINT = 2**63 - 1
# The widest decimal column is Numeric(14, 3): eleven digits before the point.
MAX_DECIMAL = Decimal(10) ** 11
# Calendar days the app stores and reckons with (a day after, a month on, a period before) without overflowing
# Python's dates or meaning anything a ward could have recorded: production, expiry, events, reports.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)


def whole_number(text: str | None) -> int | None:
    """``text`` as an id (or a count) the database can hold: ASCII digits only (``"²"`` and ``"١٢"`` are digits to
    ``str.isdigit``, not to the ward), at most :data:`MAX_ID`; anything else is ``None``. The one way to read a
    number from a raw form value or query string."""
    raw = (text or "").strip()
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def integer_fits(value: int, highest: int = MAX_ID) -> bool:
    return -highest <= value <= highest


def finite(value: Decimal | float) -> bool:
    """Not ``NaN``, ``sNaN`` or ``Infinity`` (a Decimal ``NaN`` even refuses to be compared)."""
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def decimal_fits(value: Decimal | int) -> bool:
    """Finite and within the widest column (a field's default may be a plain int)."""
    return finite(Decimal(value)) and abs(Decimal(value)) < MAX_DECIMAL


def float_fits(value: float) -> bool:
    return finite(value) and abs(value) <= float(MAX_DECIMAL)


def date_fits(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DATE <= day <= LAST_DATE


def parse_date(text: str | None) -> date | None:
    """An ISO day (``2026-11-15``) within the storable range, else ``None``: the one parser for a date a client
    sends in a query string."""
    try:
        day = date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None
    return day if date_fits(day) else None
