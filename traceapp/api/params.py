"""Query parameters of the API: a period (``from``, ``to``) and a page (``page``, ``per_page``).

A machine sends these, so a bad value is refused with a 400 saying which parameter and why (in English, as the
rest of the API) rather than quietly replaced by a default as the officers' pages do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from traceapp.errors import DomainError
from traceapp.reports import periods
from traceapp.reports.choice import FIRST_YEAR, LAST_YEAR, MAX_YEARS

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadParameter(DomainError, ValueError):
    """A query parameter that cannot be used; the message names it."""


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def _day(args: Mapping[str, str], name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"'{name}' must be a date as YYYY-MM-DD.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadParameter(f"'{name}' must be between {FIRST_YEAR} and {LAST_YEAR}.")
    return day


def date_range(args: Mapping[str, str]) -> tuple[date | None, date | None]:
    """``from`` and ``to`` (local calendar days, both inclusive); either may be left out for an open end."""
    start, end = _day(args, "from"), _day(args, "to")
    if start and end and end < start:
        raise BadParameter("'to' is before 'from'.")
    return start, end


def period(args: Mapping[str, str], today: date) -> periods.Period:
    """The period for the figures: ``from`` and ``to`` together, or neither for the current reporting year."""
    start, end = date_range(args)
    if start is None and end is None:
        return periods.default_period(today)
    if start is None or end is None:
        raise BadParameter("Give both 'from' and 'to', or neither for the current reporting year.")
    chosen = periods.Period(start, end)
    if chosen.days > MAX_YEARS * 366:
        raise BadParameter(f"A period can be at most {MAX_YEARS} years.")
    return chosen


def _positive(args: Mapping[str, str], name: str, default: int, highest: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    digits = raw.lstrip("0") if raw.isascii() and raw.isdigit() else ""
    if not digits:
        raise BadParameter(f"'{name}' must be a whole number from 1.")
    # The length first: int() refuses a string of thousands of digits.
    if len(digits) > len(str(highest)) or int(digits) > highest:
        raise BadParameter(f"'{name}' can be at most {highest}.")
    return int(digits)


def page(args: Mapping[str, str]) -> Page:
    # A page far beyond the end is just empty; the bound only keeps OFFSET a sane number.
    return Page(
        _positive(args, "page", 1, highest=10_000_000),
        _positive(args, "per_page", DEFAULT_PER_PAGE, highest=MAX_PER_PAGE),
    )
