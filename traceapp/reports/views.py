"""The figures of the plan report for a chosen period, beside the previous period, linked to their records.

At ``/reports/figures``: ``/reports`` itself is the consumer-report triage list of the inspections blueprint.
"""

from __future__ import annotations

from flask import render_template, request

from traceapp.clock import local_today
from traceapp.inspections.queries import agencies
from traceapp.models import PeriodKind, Role
from traceapp.reports import bp, columns, figures, plan, records, rows
from traceapp.reports.choice import parse_period, query_args
from traceapp.web.access import roles_required


def agency_ids() -> dict[str, int]:
    return {agency.name: agency.id for agency in agencies()}


@bp.route("/reports/figures")
@roles_required(Role.OFFICER, Role.ADMIN)
def index():
    chosen = parse_period(request.args, local_today())
    period = chosen.period
    now, before = figures.compute(period), figures.compute(period.previous())
    return render_template(
        "reports/index.html",
        chosen=chosen,
        period=period,
        previous=period.previous(),
        kinds=PeriodKind,
        sections=rows.sections(now, before, agency_ids=agency_ids(), scans_by_month=figures.scans_by_month(period)),
        top_products=now.task4.top_products,
        report=plan.report_for(period),
        period_args=query_args(period),
        csv_types=[(name, columns.SHEET_TITLES[name]) for name in records.EXPORTED],
    )
