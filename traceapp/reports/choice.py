"""A reporting period chosen in a query string: ``?kind=quarter&year=2026&n=3`` or ``?kind=custom&from=&to=``.

Whatever cannot be read (a bad date, an end before the start, a period over five years, a month 13) gives the
default period and a message saying why, never an error page: officers edit these URLs by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from traceapp.errors import DomainError
from traceapp.models import PeriodKind
from traceapp.reports import periods
from traceapp.web.formatting import format_date

MAX_YEARS = 5
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class PeriodChoice:
    period: periods.Period
    problem: str | None = None

    @property
    def number(self) -> int:
        """The month, quarter or half of the year the period is (1 for a year or a custom period)."""
        month = self.period.start.month
        return {
            PeriodKind.MONTH: month,
            PeriodKind.QUARTER: (month - 1) // 3 + 1,
            PeriodKind.HALF: 1 if month <= 6 else 2,
        }.get(self.period.kind, 1)


_QUARTERS = ("I", "II", "III", "IV")


def period_title(period: periods.Period) -> str:
    """The period in words: "Reporting year 16/11/2025 – 15/11/2026", "Month 11/2026 (01/11/2026 – 30/11/2026)"."""
    start, end = format_date(period.start), format_date(period.end)
    number = PeriodChoice(period).number
    if period.kind == PeriodKind.YEAR:
        return _("Reporting year %(start)s – %(end)s", start=start, end=end)
    if period.kind == PeriodKind.MONTH:
        return _(
            "Month %(month)s/%(year)s (%(start)s – %(end)s)",
            month=f"{number:02d}",
            year=period.start.year,
            start=start,
            end=end,
        )
    if period.kind == PeriodKind.QUARTER:
        return _(
            "Quarter %(quarter)s/%(year)s (%(start)s – %(end)s)",
            quarter=_QUARTERS[number - 1],
            year=period.start.year,
            start=start,
            end=end,
        )
    if period.kind == PeriodKind.HALF and number == 1:
        return _("First half of %(year)s (%(start)s – %(end)s)", year=period.start.year, start=start, end=end)
    if period.kind == PeriodKind.HALF:
        return _("Second half of %(year)s (%(start)s – %(end)s)", year=period.start.year, start=start, end=end)
    return _("From %(start)s to %(end)s", start=start, end=end)


def current(kind: PeriodKind, today: date) -> periods.Period:
    """The month, quarter, half or reporting year that contains ``today``."""
    if kind == PeriodKind.MONTH:
        return periods.month(today.year, today.month)
    if kind == PeriodKind.QUARTER:
        return periods.quarter(today.year, (today.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF:
        return periods.half(today.year, 1 if today.month <= 6 else 2)
    return periods.default_period(today)


_BUILDERS = {
    PeriodKind.MONTH: (periods.month, 12),
    PeriodKind.QUARTER: (periods.quarter, 4),
    PeriodKind.HALF: (periods.half, 2),
}


def _read(args: Mapping[str, str], kind: PeriodKind, today: date) -> periods.Period:
    if kind == PeriodKind.CUSTOM:
        period = periods.Period(
            date.fromisoformat(args.get("from", "")[:10]), date.fromisoformat(args.get("to", "")[:10])
        )
        if not (period.start.year >= FIRST_YEAR and period.end.year <= LAST_YEAR):
            raise ValueError(period)
        return period
    year = int(args.get("year") or today.year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(year)
    if kind == PeriodKind.YEAR:
        return periods.reporting_year(year)
    if not args.get("n"):  # no number: the one containing today, or the first of another year
        return current(kind, today) if year == today.year else _BUILDERS[kind][0](year, 1)
    builder, highest = _BUILDERS[kind]
    number = int(args["n"])
    if not 1 <= number <= highest:
        raise ValueError(number)
    return builder(year, number)


class PeriodError(DomainError, ValueError):
    """A period that cannot be reported on; the message says why, in the user's language."""


def read_period(args: Mapping[str, str], today: date) -> periods.Period:
    """The period ``args`` names (``kind``, ``year``, ``n``, ``from``, ``to``); ``PeriodError`` when unusable."""
    raw_kind = args.get("kind") or (PeriodKind.CUSTOM.value if args.get("from") or args.get("to") else "year")
    if raw_kind not in PeriodKind._value2member_map_:
        raise PeriodError(_("That kind of period is unknown."))
    try:
        period = _read(args, PeriodKind(raw_kind), today)
    except (ValueError, TypeError) as exc:
        if raw_kind == PeriodKind.CUSTOM and _dates_reversed(args):
            raise PeriodError(_("The period ends before it starts.")) from exc
        raise PeriodError(_("That period could not be read: check the dates or numbers.")) from exc
    if period.days > MAX_YEARS * 366:
        raise PeriodError(_("A period can be at most five years."))
    return period


def parse_period(args: Mapping[str, str], today: date) -> PeriodChoice:
    """The period the query string names; otherwise the default period (the reporting year) and why."""
    if not any(args.get(name) for name in ("kind", "from", "to")):
        return PeriodChoice(periods.default_period(today))
    try:
        return PeriodChoice(read_period(args, today))
    except PeriodError as exc:
        return PeriodChoice(
            periods.default_period(today), _("%(problem)s The reporting year is shown instead.", problem=str(exc))
        )


def _dates_reversed(args: Mapping[str, str]) -> bool:
    try:
        return date.fromisoformat(args.get("to", "")[:10]) < date.fromisoformat(args.get("from", "")[:10])
    except ValueError:
        return False


def query_args(period: periods.Period) -> dict[str, str | int]:
    """The query string that names ``period`` again (links between the figures and the plan report)."""
    return {
        "kind": period.kind.value,
        "year": period.start.year,
        "n": PeriodChoice(period).number,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
    }
