"""Downloads of a period for officers: the XLSX workbook, a CSV per record type, the JSON data package for the
provincial TĐC database and the EPCIS 2.0 document of the period's events.

The period comes in the figures page's query string; one that cannot be read sends the officer back to the page
with the reason rather than quietly exporting another period.
"""

from __future__ import annotations

import functools
import io

from flask import Response, abort, redirect, request, send_file, stream_with_context, url_for

from traceapp.clock import local_today
from traceapp.models import Role
from traceapp.reports import bp, epcis, figures, package, records, workbook
from traceapp.reports.choice import read_period
from traceapp.reports.periods import Period
from traceapp.web.access import roles_required
from traceapp.web.outcomes import shows_refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(period: Period, what: str, extension: str) -> str:
    return f"{what}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


def with_period(view):
    """Calls ``view(period, ...)`` with the period of the query string (the reporting year when none is named)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        refusal = shows_refusal()  # flashes why the period cannot be read
        with refusal:
            period = read_period(request.args, local_today())
        if refusal.refused:
            return redirect(url_for("reports.index"))
        return view(period, *args, **kwargs)

    return wrapped


def _download(chunks, mimetype: str, name: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/reports/export/workbook.xlsx")
@roles_required(Role.OFFICER, Role.ADMIN)
@with_period
def export_workbook(period: Period):
    content = workbook.workbook(period, figures.compute(period), figures.compute(period.previous()))
    return send_file(
        io.BytesIO(content),
        mimetype=XLSX,
        as_attachment=True,
        download_name=_file_name(period, "so-lieu-ke-hoach", "xlsx"),
    )


@bp.route("/reports/export/<record_type>.csv")
@roles_required(Role.OFFICER, Role.ADMIN)
@with_period
def export_csv(period: Period, record_type: str):
    if record_type not in records.EXPORTED:
        abort(404)
    return _download(
        package.csv_chunks(record_type, period), "text/csv; charset=utf-8", _file_name(period, record_type, "csv")
    )


@bp.route("/reports/export/package.json")
@roles_required(Role.OFFICER, Role.ADMIN)
@with_period
def export_package(period: Period):
    return _download(
        package.package_chunks(period, figures.compute(period)),
        "application/json",
        _file_name(period, "tdc-package", "json"),
    )


@bp.route("/reports/export/epcis.jsonld")
@roles_required(Role.OFFICER, Role.ADMIN)
@with_period
def export_epcis(period: Period):
    return _download(
        iter([package.dumps(epcis.document(period))]), "application/ld+json", _file_name(period, "epcis", "jsonld")
    )
