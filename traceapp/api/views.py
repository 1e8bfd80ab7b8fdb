"""The API's endpoints: the plan report's figures for a period, paged records, and locked plan reports."""

from __future__ import annotations

from flask import jsonify, request, url_for

from traceapp.api import bp, params
from traceapp.api.guard import ROUTE_METHODS, error
from traceapp.clock import local_today
from traceapp.reports import records


def _bad(exc: params.BadParameter):
    return error(400, str(exc))


@bp.route("/", methods=ROUTE_METHODS)
def index():
    """Where everything is, for whoever connects the province's system."""
    return jsonify(
        figures=url_for("api.figures", _external=True),
        records={name: url_for("api.record_list", record_type=name, _external=True) for name in records.RECORD_TYPES},
        documentation="docs/api.md",
    )


@bp.route("/figures", methods=ROUTE_METHODS)
def figures():
    """``compute(period)`` as it is: the same figures the officers' page and a locked report show."""
    from traceapp.reports import figures as report_figures  # lazily: it pulls in the whole reports package

    try:
        period = params.period(request.args, local_today())
    except params.BadParameter as exc:
        return _bad(exc)
    return jsonify(report_figures.compute(period).as_dict())


@bp.route("/plan-reports/<int:report_id>", methods=ROUTE_METHODS)
def plan_report(report_id: int):
    """A locked report: its figures exactly as they were sent, however the records changed since."""
    report = records.locked_report(report_id)
    if report is None:
        return error(404, "No locked plan report has this id.")
    return jsonify({**records.jsonable(records.plan_report_row(report)), "figures": report.locked_figures})


@bp.route("/<record_type>", methods=ROUTE_METHODS)
def record_list(record_type: str):
    kind = records.RECORD_TYPES.get(record_type)
    if kind is None:
        return error(404, f"Unknown record type. Use one of: {', '.join(records.RECORD_TYPES)}.")
    try:
        days, page = params.date_range(request.args), params.page(request.args)
    except params.BadParameter as exc:
        return _bad(exc)
    rows, total = records.fetch(kind, days, page.offset, page.size)
    more = page.offset + len(rows) < total
    period = {name: request.args[name] for name in ("from", "to") if request.args.get(name)}
    return jsonify(
        data=records.jsonable(rows),
        page=page.number,
        per_page=page.size,
        total=total,
        next=url_for(
            "api.record_list",
            record_type=record_type,
            **period,
            page=page.number + 1,
            per_page=page.size,
            _external=True,
        )
        if more
        else None,
    )


@bp.route("/<path:unknown>", methods=ROUTE_METHODS)
def not_found(unknown: str):
    return error(404, "No such API endpoint. See docs/api.md.")
