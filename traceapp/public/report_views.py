"""Consumer reports, no login: the report form, the tracking page, and the tracking-code lookup."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from traceapp import codes
from traceapp.consumer_reports import ReportError, report_by_tracking_code, submit_report, target_of
from traceapp.extensions import db, limiter
from traceapp.models import ReportKind
from traceapp.public import bp
from traceapp.public.report_forms import ReportForm
from traceapp.web.errors import abort_with
from traceapp.web.outcomes import put_error


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
def report_new():
    form = ReportForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:40]
    product, batch = target_of(form.code.data)
    if form.is_submitted() and form.looks_automated():
        form.website.data = ""
        form.form_errors.append(_("Your report could not be accepted. Please try again."))
        return render_template("public/report_form.html", form=form, product=product, batch=batch), 400
    if form.validate_on_submit():
        try:
            report = submit_report(
                kind=ReportKind(form.kind.data),
                message=form.message.data,
                code=form.code.data,
                place=form.place.data,
                phone=form.phone.data,
                photo=form.photo.data,
            )
        except ReportError as exc:
            db.session.rollback()
            put_error(form, exc)
        else:
            flash(_("Thank you. The ward has received your report."), "success")
            return redirect(url_for("public.report_status", tracking_code=report.tracking_code))
    return render_template("public/report_form.html", form=form, product=product, batch=batch)


@bp.route("/report/track")
def report_track():
    """The consumer types the tracking code they were given; dashes, spaces and case do not matter."""
    raw = request.args.get("code", "")[:40]
    if not raw.strip():
        return render_template("public/report_track.html", code="", error=None)
    code = codes.normalise(raw)
    if not codes.is_well_formed(code):
        error = _("A tracking code has 8 letters and digits, like ABCD-2345. Check what you typed.")
        return render_template("public/report_track.html", code=raw, error=error), 400
    if report_by_tracking_code(code) is None:
        error = _(
            "No report has the tracking code %(code)s. Check the code you were given when you sent it.",
            code=codes.display(code),
        )
        return render_template("public/report_track.html", code=raw, error=error), 404
    return redirect(url_for("public.report_status", tracking_code=code))


@bp.route("/report/<tracking_code>")
def report_status(tracking_code: str):
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
        return redirect(url_for("public.report_status", tracking_code=code), 301)
    report = report_by_tracking_code(code)
    if report is None:
        abort_with(
            404,
            _(
                "No report has the tracking code %(code)s. Check the code you were given when you sent it.",
                code=codes.display(code),
            ),
        )
    return render_template("public/report_status.html", report=report)
