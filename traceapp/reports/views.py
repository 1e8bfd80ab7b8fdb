"""The figures of the plan report for a chosen period, beside the previous period, linked to their records.

At ``/reports/figures``: ``/reports`` itself is the consumer-report triage list of the inspections blueprint.
"""

from __future__ import annotations

from flask import render_template, request
from flask_babel import ngettext

from traceapp.clock import local_today
from traceapp.inspections.queries import agencies
from traceapp.models import PeriodKind, Role
from traceapp.reports import bp, columns, figures, plan, records, rows
from traceapp.reports.choice import parse_period, period_title, query_args
from traceapp.reports.figures import SinceEnd
from traceapp.web.access import roles_required


def agency_ids() -> dict[str, int]:
    return {agency.name: agency.id for agency in agencies()}


def since_end_words(since: SinceEnd) -> list[str]:
    """The records made after the period's end, as "12 inspection records", leaving out the kinds with none."""
    counts = [
        (since.inspections, ngettext("%(num)d inspection record", "%(num)d inspection records", since.inspections)),
        (since.violations, ngettext("%(num)d violation", "%(num)d violations", since.violations)),
        (
            since.consumer_reports,
            ngettext("%(num)d consumer report", "%(num)d consumer reports", since.consumer_reports),
        ),
        (since.recalls, ngettext("%(num)d recall", "%(num)d recalls", since.recalls)),
        (since.businesses, ngettext("%(num)d business registered", "%(num)d businesses registered", since.businesses)),
        (since.products, ngettext("%(num)d product registered", "%(num)d products registered", since.products)),
        (since.batches, ngettext("%(num)d batch registered", "%(num)d batches registered", since.batches)),
        (since.events, ngettext("%(num)d cooperation event", "%(num)d cooperation events", since.events)),
    ]
    return [words for count, words in counts if count]


@bp.route("/reports/figures")
@roles_required(Role.OFFICER, Role.ADMIN)
def index():
    chosen = parse_period(request.args, local_today())
    period = chosen.period
    now, before = figures.compute(period), figures.compute(period.previous())
    ended = local_today() > period.end
    return render_template(
        "reports/index.html",
        chosen=chosen,
        period=period,
        title=period_title(period),
        ended=ended,
        since=since_end_words(figures.since_end(period)) if ended else None,
        previous=period.previous(),
        kinds=PeriodKind,
        sections=rows.sections(now, before, agency_ids=agency_ids(), scans_by_month=figures.scans_by_month(period)),
        top_products=now.task4.top_products,
        report=plan.report_for(period),
        period_args=query_args(period),
        csv_types=[(name, columns.SHEET_TITLES[name]) for name in records.EXPORTED],
    )
