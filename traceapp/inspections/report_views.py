"""Triage of consumer reports by the ward's staff: list, read, hand over, link to an inspection, answer."""

from __future__ import annotations

import os
import re

from flask import abort, current_app, flash, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.consumer_reports import PHOTO_FOLDER, ReportError, assign, close, link_inspection
from traceapp.extensions import db
from traceapp.inspections import bp
from traceapp.inspections.report_forms import AssignForm, LinkForm, ReplyForm
from traceapp.inspections.report_queries import assignable_users, parse_report_filters, report_list_statement
from traceapp.models import STAFF_ROLES, ConsumerReport, ReportKind, ReportStatus, Role
from traceapp.web.access import roles_required
from traceapp.web.forms import choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import put_error

_PHOTO_NAME = re.compile(r"^[0-9a-f]{24}\.jpg$")
# Who may start an inspection (the lead's inspections.create); others see no such button.
_INSPECTING_ROLES = (Role.INSPECTOR, Role.POLICE)


@bp.route("/reports")
@roles_required(*STAFF_ROLES)
def reports():
    args = parse_list_args(status=ReportStatus, kind=ReportKind)
    filters = parse_report_filters()
    pagination = paginate(report_list_statement(current_user, args, filters), args)
    return render_template(
        "inspections/reports/index.html",
        pagination=pagination,
        args=args,
        filters=filters,
        statuses=ReportStatus,
        kinds=ReportKind,
    )


@bp.route("/reports/<int:report_id>")
@roles_required(*STAFF_ROLES)
def report(report_id: int):
    return _detail(db.get_or_404(ConsumerReport, report_id))


def _detail(report: ConsumerReport, *, assign_form=None, link_form=None, reply_form=None):
    """The detail page, with any form that failed validation shown with its errors."""
    assign_form = assign_form or AssignForm(assignee=report.assigned_to_id or current_user.id)
    assign_form.assignee.choices = choices(
        (
            user.id,
            _("Me (%(name)s)", name=user.name) if user.id == current_user.id else f"{user.name} · {user.role.label}",
        )
        for user in assignable_users(current_user)
    )
    return render_template(
        "inspections/reports/show.html",
        report=report,
        assign_form=assign_form,
        link_form=link_form or LinkForm(),
        reply_form=reply_form or ReplyForm(),
        can_inspect=current_user.role in _INSPECTING_ROLES,
    )


def _act(report: ConsumerReport, form_name: str, form, service, *args, done: str):
    """Run a triage service when its form is valid; a domain error goes next to its field, or to the page's top."""
    if form.validate_on_submit():
        try:
            service(report, current_user, *args)
        except ReportError as exc:
            db.session.rollback()
            if exc.field is None:
                flash(str(exc), "error")
                return redirect(url_for("inspections.report", report_id=report.id))
            put_error(form, exc)
        else:
            flash(done, "success")
            return redirect(url_for("inspections.report", report_id=report.id))
    return _detail(report, **{form_name: form})


@bp.route("/reports/<int:report_id>/assign", methods=["POST"])
@roles_required(*STAFF_ROLES)
def report_assign(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = AssignForm()
    return _act(report, "assign_form", form, assign, form.assignee.data, done=_("The report has been handed over."))


@bp.route("/reports/<int:report_id>/link", methods=["POST"])
@roles_required(*STAFF_ROLES)
def report_link(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = LinkForm()
    return _act(
        report, "link_form", form, link_inspection, form.number.data, done=_("The report is linked to the inspection.")
    )


@bp.route("/reports/<int:report_id>/resolve", methods=["POST"])
@roles_required(*STAFF_ROLES)
def report_resolve(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = ReplyForm()
    return _act(
        report,
        "reply_form",
        form,
        close,
        ReportStatus.RESOLVED,
        form.reply.data,
        done=_("The report is resolved; your reply is on its tracking page."),
    )


@bp.route("/reports/<int:report_id>/reject", methods=["POST"])
@roles_required(*STAFF_ROLES)
def report_reject(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = ReplyForm()
    return _act(
        report,
        "reply_form",
        form,
        close,
        ReportStatus.REJECTED,
        form.reply.data,
        done=_("The report is rejected; your reply is on its tracking page."),
    )


@bp.route("/reports/photos/<name>")
@roles_required(*STAFF_ROLES)
def report_photo(name: str):
    """A consumer's photo may show a face or a home: staff only, never cached by a shared cache."""
    if not _PHOTO_NAME.match(name):
        abort(404)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], PHOTO_FOLDER)
    response = send_from_directory(folder, name, max_age=3600)
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
