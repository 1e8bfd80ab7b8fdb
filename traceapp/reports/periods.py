"""Reporting periods: calendar days in Asia/Ho_Chi_Minh, turned into UTC instants for queries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from traceapp.clock import local_midnight
from traceapp.models import PeriodKind

# The plan asks for the report by 15 November. A reporting year starts the day after the last one closed, 16
# November of the year before, and ends on that 15 November, so every day is counted in exactly one report.
REPORT_DAY = (11, 15)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends after it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants: local midnight at the start, local midnight after the last day."""
        return local_midnight(self.start), local_midnight(self.end + timedelta(days=1))

    def previous(self) -> Period:
        """The period before, of the same kind: last month, last quarter, last year; else as many days before."""
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}[self.kind]
            start = _add_months(self.start, -months)
            end = _add_months(self.end + timedelta(days=1), -months) - timedelta(days=1)
            return Period(start, end, self.kind)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.kind)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period(start, _add_months(start, 1) - timedelta(days=1), PeriodKind.MONTH)


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * (number - 1) + 1, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1), PeriodKind.QUARTER)


def half(year: int, number: int) -> Period:
    start = date(year, 1 if number == 1 else 7, 1)
    return Period(start, _add_months(start, 6) - timedelta(days=1), PeriodKind.HALF)


def reporting_year(year: int) -> Period:
    """16 November of the year before to 15 November: what the report sent by the plan's deadline covers."""
    end = date(year, *REPORT_DAY)
    return Period(date(year - 1, *REPORT_DAY) + timedelta(days=1), end, PeriodKind.YEAR)


def default_period(today: date) -> Period:
    """The reporting year named after today's calendar year; from 16 November to 31 December that is the year
    just reported (the officer is writing its report), and the figures page counts what came after its end."""
    return reporting_year(today.year)
