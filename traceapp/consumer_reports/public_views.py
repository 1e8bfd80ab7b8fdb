"""The consumer's side, no login: the report form, the tracking-code lookup and the tracking page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from traceapp import codes
from traceapp.consumer_reports import bp
from traceapp.consumer_reports.forms import ReportForm
from traceapp.consumer_reports.services import report_by_tracking_code, submit_report, target_of
from traceapp.extensions import limiter
from traceapp.models import ReportStatus
from traceapp.web.errors import abort_with
from traceapp.web.outcomes import shows_refusal

# What the tracking page tells the consumer at each status.
STATUS_NOTES = {
    ReportStatus.NEW: _l("The ward has received your report and will look into it."),
    ReportStatus.TRIAGED: _l("An officer of the ward is handling your report."),
    ReportStatus.INSPECTING: _l("The ward is inspecting the goods you reported."),
    ReportStatus.RESOLVED: _l("The ward has dealt with your report."),
    ReportStatus.REJECTED: _l("The ward has closed your report without action."),
}


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


def _counts(response) -> bool:
    """A form sent back for correction (200) does not use up the allowance; a saved or refused report does."""
    return response.status_code != 200


def _too_many(_limit) -> None:
    abort_with(
        429,
        _(
            "You have sent several reports in a short time. Please try again later, or call or visit "
            "the People's Committee of the ward."
        ),
    )


@bp.route("/report", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"], deduct_when=_counts, on_breach=_too_many)
def new():
    form = ReportForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:40]
    product, batch = target_of(form.code.data)
    if form.is_submitted() and form.looks_automated():
        form.website.data = ""
        form.form_errors.append(_("Your report could not be accepted. Please try again."))
        return render_template("consumer_reports/form.html", form=form, product=product, batch=batch), 400
    if form.validate_on_submit():
        with shows_refusal(form):
            report = submit_report(form.to_input())
            flash(_("Thank you. The ward has received your report."), "success")
            return redirect(url_for("consumer_reports.status", tracking_code=report.tracking_code))
    return render_template("consumer_reports/form.html", form=form, product=product, batch=batch)


@bp.route("/report/track")
def track():
    """The consumer types the tracking code they were given; dashes, spaces and case do not matter."""
    raw = request.args.get("code", "")[:40]
    if not raw.strip():
        return render_template("consumer_reports/track.html", code="", error=None)
    code = codes.normalise(raw)
    if not codes.is_well_formed(code):
        error = _("A tracking code has 8 letters and digits, like ABCD-2345. Check what you typed.")
        return render_template("consumer_reports/track.html", code=raw, error=error), 400
    if report_by_tracking_code(code) is None:
        error = _(
            "No report has the tracking code %(code)s. Check the code you were given when you sent it.",
            code=codes.display(code),
        )
        return render_template("consumer_reports/track.html", code=raw, error=error), 404
    return redirect(url_for("consumer_reports.status", tracking_code=code))


@bp.route("/report/<tracking_code>")
def status(tracking_code: str):
    """What the ward has done with a report; nothing about the person who sent it."""
    code = codes.normalise(tracking_code)
    if not codes.is_well_formed(code):
        abort_with(
            400,
            _(
                "“%(code)s” is not a tracking code. A tracking code has 8 letters and digits, like ABCD-2345.",
                code=tracking_code[:40],
            ),
        )
    if code != tracking_code:
        return redirect(url_for("consumer_reports.status", tracking_code=code), 301)
    report = report_by_tracking_code(code)
    if report is None:
        abort_with(
            404,
            _(
                "No report has the tracking code %(code)s. Check the code you were given when you sent it.",
                code=codes.display(code),
            ),
        )
    return render_template("consumer_reports/status.html", report=report, note=STATUS_NOTES[report.status])
