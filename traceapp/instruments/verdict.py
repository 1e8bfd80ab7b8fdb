"""What a consumer is told about a measuring instrument: one verdict, decided by one pure rule.

Most serious first, in the scan page's style (traceapp/public/verdict.py): no longer in use → failed its latest
check and not remedied → verification overdue → nothing known about its verification → in date. ``due_on`` is
the last day the verification holds: on that day the instrument is still in date, the day after it is overdue,
counted in the ward's calendar (``clock.local_today``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from traceapp.models.enums import LabelledEnum
from traceapp.web.formatting import format_date


class InstrumentVerdictLevel(LabelledEnum):
    """The verdict, most serious first; the label is the headline (the in-date one names its date)."""

    RETIRED = "retired", _l("This instrument is no longer in use")
    FAILED = "failed", _l("Failed its latest check")
    OVERDUE = "overdue", _l("Verification overdue")
    UNKNOWN = "unknown", _l("No verification information")
    IN_DATE = "in_date", _l("Verification in date")

    @property
    def tone(self) -> str:
        """The colour of the verdict, as on the scan page: ``danger``, ``warning`` or ``ok``."""
        if self in (InstrumentVerdictLevel.FAILED, InstrumentVerdictLevel.OVERDUE):
            return "danger"
        return "ok" if self is InstrumentVerdictLevel.IN_DATE else "warning"

    @property
    def is_clear(self) -> bool:
        return self is InstrumentVerdictLevel.IN_DATE


_ACTIONS = {
    InstrumentVerdictLevel.RETIRED: _l("Do not rely on this instrument. Ask the seller to weigh on another one."),
    InstrumentVerdictLevel.FAILED: _l(
        "The ward found this instrument not accurate. Re-weigh what you bought on the market's reference scale, "
        "and report it if the quantity is short."
    ),
    InstrumentVerdictLevel.OVERDUE: _l(
        "Its verification has run out: it may no longer weigh or measure correctly. Re-weigh on the market's "
        "reference scale, or report it to the ward."
    ),
    InstrumentVerdictLevel.UNKNOWN: _l(
        "The ward has no verification date for this instrument. If in doubt, re-weigh on the market's reference scale."
    ),
    InstrumentVerdictLevel.IN_DATE: _l("Verified by an authorised organisation, and still in date."),
}


@dataclass(frozen=True)
class InstrumentVerdict:
    level: InstrumentVerdictLevel
    due_on: date | None
    overdue: bool = False  # also said when a graver verdict leads (a failed check on an overdue scale)

    @property
    def label(self) -> str:
        if self.level is InstrumentVerdictLevel.IN_DATE and self.due_on is not None:
            return _("Verification valid until %(date)s", date=format_date(self.due_on))
        if self.level is InstrumentVerdictLevel.OVERDUE and self.due_on is not None:
            return _("Verification overdue (it ran out on %(date)s)", date=format_date(self.due_on))
        return str(self.level.label)

    @property
    def action(self) -> str:
        return str(_ACTIONS[self.level])

    @property
    def also(self) -> str | None:
        """The overdue verification, when the headline is a graver verdict and would hide it."""
        if self.overdue and self.level is not InstrumentVerdictLevel.OVERDUE and self.due_on is not None:
            return _("Verification overdue (it ran out on %(date)s)", date=format_date(self.due_on))
        return None


def due_state(due_on: date | None, today: date) -> InstrumentVerdictLevel:
    """In date, overdue or unknown from the due date alone (the last valid day is still in date)."""
    if due_on is None:
        return InstrumentVerdictLevel.UNKNOWN
    return InstrumentVerdictLevel.OVERDUE if due_on < today else InstrumentVerdictLevel.IN_DATE


def decide(*, retired: bool, failure_stands: bool, due_on: date | None, today: date) -> InstrumentVerdict:
    """The verdict from plain facts: ``failure_stands`` is a failed latest check whose violations are not all
    remedied (``inspections.queries.failure_stands``)."""
    if retired:
        level = InstrumentVerdictLevel.RETIRED
    elif failure_stands:
        level = InstrumentVerdictLevel.FAILED
    else:
        level = due_state(due_on, today)
    overdue = due_state(due_on, today) is InstrumentVerdictLevel.OVERDUE
    return InstrumentVerdict(level, due_on, overdue)
