"""The period's plan report: started by an officer, filled in by the departments, then compiled and locked, and
finally recorded as sent (draft → locked → sent, ``ReportState``).

A report is locked only once every department has entered its input or been marked by the officer as having no
content to report. Locking stores ``figures.compute(period)`` in the report, so what was sent to the province
stays what the report shows and exports even when records change later; a locked report's inputs are read-only.
Locking also stores the audit trail's head (entries and last hash), which the report prints: ``flask audit verify
--head`` proves later that no entry was cut off the trail since. Locked is not sent: the officer then records the
day and the number it was sent under, and only then does it read "sent". Each service is one unit of work:
everything lands, or it raises ``PlanError`` having written nothing.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp.audit import head as audit_head
from traceapp.clock import local_today, to_local, utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Department, DepartmentInput, PlanReport, ReportState, Role, User
from traceapp.reports import figures
from traceapp.reports.figures import Figures
from traceapp.reports.inputs import SentInput
from traceapp.reports.periods import Period
from traceapp.text import fold
from traceapp.unit_of_work import retrying_on_conflict, transactional
from traceapp.web.formatting import format_date

# signer_title holds one of these keys; the document prints the Vietnamese title and the TM./KT. lines.
SIGNER_TITLES = {"chair": _l("Chairman"), "vice_chair": _l("Vice-chairman")}

# Agencies' short names (folded, letters only) -> the plan's department; see AGENCIES in traceapp/demo/catalogue.py.
AGENCY_DEPARTMENTS = {
    "vhxh": Department.CULTURE_SOCIETY,
    "caphuong": Department.POLICE,
    "congan": Department.POLICE,
    "conganphuong": Department.POLICE,
    "kthtdt": Department.ECONOMY,
    "ttdvc": Department.PUBLIC_SERVICE,
    "ttcudvc": Department.PUBLIC_SERVICE,
    "ubmttq": Department.FATHERLAND_FRONT,
    "mttq": Department.FATHERLAND_FRONT,
}
INPUT_ROLES = (Role.OFFICER, Role.INSPECTOR, Role.POLICE)


class PlanError(DomainError):
    """A refused change; ``field`` names the form field the message belongs to, if any."""


def period_of(report: PlanReport) -> Period:
    return Period(report.period_start, report.period_end, report.period_kind)


def department_of(user: User) -> Department | None:
    """The plan's department of a staff member's agency, by its short name ("VH-XH", "CA phường" ...)."""
    if user.agency is None:
        return None
    return AGENCY_DEPARTMENTS.get(re.sub(r"[^a-z]", "", fold(user.agency.short_name)))


def may_edit_input(user: User, department: Department) -> bool:
    """Officers write any department's input; inspectors and police only their own agency's department."""
    if user.role == Role.OFFICER:
        return True
    return user.is_field_staff and department_of(user) == department


def report_for(period: Period) -> PlanReport | None:
    return db.session.scalar(
        select(PlanReport).where(PlanReport.period_start == period.start, PlanReport.period_end == period.end)
    )


def all_reports() -> list[PlanReport]:
    return list(db.session.scalars(select(PlanReport).order_by(PlanReport.period_end.desc(), PlanReport.id.desc())))


def input_of(report: PlanReport, department: Department) -> DepartmentInput | None:
    return next((item for item in report.inputs if item.department == department), None)


def _check_title(title: str) -> None:
    if title not in SIGNER_TITLES:
        raise PlanError(_("Choose the signer's title."), "signer_title")


def _require_draft(report: PlanReport) -> None:
    if report.is_locked:
        raise PlanError(_("This report is locked: its figures and inputs can no longer be changed."))


@retrying_on_conflict(2)
def start_report(period: Period, *, number: str, signer_name: str, signer_title: str, user: User) -> PlanReport:
    """A new draft report for ``period`` with an empty input per department; one report per period.

    Two officers starting the same period at once: the second commit clashes on the period's unique key, and the
    rerun finds the first one's report and refuses."""
    _check_title(signer_title)
    if report_for(period) is not None:
        raise PlanError(_("A report for this period has already been started."))
    report = PlanReport(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        number=number.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title,
        state=ReportState.DRAFT,
        created_by=user,
    )
    report.inputs = [DepartmentInput(department=department) for department in Department]
    db.session.add(report)
    return report


@transactional
def update_header(report: PlanReport, *, number: str, signer_name: str, signer_title: str) -> None:
    _require_draft(report)
    _check_title(signer_title)
    report.number, report.signer_name, report.signer_title = number.strip(), signer_name.strip(), signer_title


@transactional
def save_input(
    report: PlanReport, department: Department, *, progress: str, difficulties: str, proposals: str, user: User
) -> DepartmentInput:
    _require_draft(report)
    item = input_of(report, department)
    if item is None:
        item = DepartmentInput(department=department)
        report.inputs.append(item)
    item.progress, item.difficulties, item.proposals = progress.strip(), difficulties.strip(), proposals.strip()
    item.updated_by_id = user.id
    if item.has_text:  # entered after all: the officer's "no content" mark no longer stands
        item.no_content_at, item.no_content_by_id = None, None
    return item


@transactional
def mark_no_content(report: PlanReport, department: Department, user: User) -> DepartmentInput:
    """The officer's mark: ``department`` has nothing to report this period (who and when are kept)."""
    _require_draft(report)
    item = input_of(report, department)
    if item is None:
        item = DepartmentInput(department=department)
        report.inputs.append(item)
    if item.has_text:
        raise PlanError(
            _("%(department)s has entered its input: there is content to report.", department=department.label)
        )
    item.no_content_at, item.no_content_by_id = utcnow(), user.id
    return item


@transactional
def clear_no_content(report: PlanReport, department: Department) -> None:
    """Take the mark back: the department's input is awaited again."""
    _require_draft(report)
    item = input_of(report, department)
    if item is not None:
        item.no_content_at, item.no_content_by_id = None, None


def missing_departments(report: PlanReport) -> list[Department]:
    """Departments that have neither entered their input nor been marked as having no content to report."""
    return [
        department for department in Department if (item := input_of(report, department)) is None or not item.is_settled
    ]


@transactional
def lock(report: PlanReport, user: User) -> None:
    """Compile: the figures as of now are stored with the report, which becomes read-only. Refused while a
    department has neither entered its input nor been marked as having no content to report."""
    _require_draft(report)
    missing = missing_departments(report)
    if missing:
        raise PlanError(
            _(
                "The report cannot be locked yet: %(departments)s — neither input entered nor marked "
                "“no content to report”.",
                departments=", ".join(str(department.label) for department in missing),
            )
        )
    locked_figures = figures.compute(period_of(report)).as_dict()
    head = audit_head.current(db.session())  # the trail as it stands, read before this report changes at all
    report.locked_figures = locked_figures
    report.audit_head_count, report.audit_head_hash = head.count, head.hash
    report.state = ReportState.LOCKED
    report.locked_at = utcnow()
    report.locked_by_id = user.id


def audit_head_of(report: PlanReport) -> audit_head.Head | None:
    """The audit trail's head stored when the report was locked; None for a draft or one locked before it was."""
    if report.audit_head_count is None or not report.audit_head_hash:
        return None
    return audit_head.Head(report.audit_head_count, report.audit_head_hash, report.locked_at)


def locked_on(report: PlanReport) -> date | None:
    """The ward's calendar day the report was locked, or None for a draft."""
    return None if report.locked_at is None else to_local(report.locked_at).date()


@transactional
def record_sent(report: PlanReport, sent: SentInput, user: User) -> None:
    """Locked → sent: the day it went out (not before the lock, not after today in the ward) and its number."""
    if report.state == ReportState.DRAFT:
        raise PlanError(_("Lock the report first: only a locked report can be sent."))
    if report.state == ReportState.SENT:
        raise PlanError(_("This report has already been recorded as sent."))
    number = sent.number.strip()
    if not number:
        raise PlanError(_("Enter the number the report was sent under, e.g. 125/BC-UBND."), "number")
    if sent.sent_on is None:
        raise PlanError(_("Enter the date the report was sent."), "sent_on")
    if sent.sent_on > local_today():
        raise PlanError(_("The date it was sent cannot be later than today."), "sent_on")
    locked = locked_on(report)
    if locked is not None and sent.sent_on < locked:
        raise PlanError(
            _("The report was locked on %(date)s: it cannot have been sent before.", date=format_date(locked)),
            "sent_on",
        )
    report.number = number
    report.sent_on = sent.sent_on
    report.sent_at, report.sent_by_id = utcnow(), user.id
    report.state = ReportState.SENT


def figures_of(report: PlanReport) -> Figures:
    """The locked figures once locked (as sent), else the figures computed now."""
    if report.is_locked and report.locked_figures:
        return Figures.from_dict(report.locked_figures)
    return figures.compute(period_of(report))


def previous_figures(period: Period) -> Figures:
    """The previous period's figures: as sent when that period's report is locked, else computed now."""
    previous = period.previous()
    earlier = report_for(previous)
    if earlier is not None and earlier.is_locked and earlier.locked_figures:
        return Figures.from_dict(earlier.locked_figures)
    return figures.compute(previous)
