"""The ward's side: list, read, hand over, link to an inspection, answer (staff only, under /consumer-reports)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.consumer_reports import bp, services
from traceapp.consumer_reports.forms import AssignForm, LinkForm, ReplyForm
from traceapp.consumer_reports.queries import assignable_users, parse_report_filters, report_list_statement
from traceapp.extensions import db
from traceapp.models import STAFF_ROLES, ConsumerReport, ReportKind, ReportStatus, Role
from traceapp.web.access import roles_required
from traceapp.web.forms import Form, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import shows_refusal

_PHOTO_NAME = re.compile(r"^[0-9a-f]{24}\.jpg$")
# Who may start an inspection (inspections.create); others see no such button.
_INSPECTING_ROLES = (Role.INSPECTOR, Role.POLICE)


@bp.route("/consumer-reports")
@roles_required(*STAFF_ROLES)
def index():
    args = parse_list_args(status=ReportStatus, kind=ReportKind)
    filters = parse_report_filters()
    pagination = paginate(report_list_statement(current_user, args, filters), args)
    return render_template(
        "consumer_reports/index.html",
        pagination=pagination,
        args=args,
        filters=filters,
        statuses=ReportStatus,
        kinds=ReportKind,
    )


@bp.route("/consumer-reports/<int:report_id>")
@roles_required(*STAFF_ROLES)
def show(report_id: int):
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
        "consumer_reports/show.html",
        report=report,
        assign_form=assign_form,
        link_form=link_form or LinkForm(),
        reply_form=reply_form or ReplyForm(),
        can_inspect=current_user.role in _INSPECTING_ROLES,
    )


def _act(report: ConsumerReport, form_name: str, form: Form, action: Callable[[], object], *, done: str):
    """Run a triage service when its form is valid. A refusal about a field is shown beside it; one about the
    report itself (closed meanwhile) is flashed at the top of the page it leads back to."""
    if form.validate_on_submit():
        refusal = shows_refusal(form)
        with refusal:
            action()
            flash(done, "success")
            return redirect(url_for("consumer_reports.show", report_id=report.id))
        if refusal.error is not None and refusal.error.field is None:
            flash(str(refusal.error), "error")
            return redirect(url_for("consumer_reports.show", report_id=report.id))
    return _detail(report, **{form_name: form})


@bp.route("/consumer-reports/<int:report_id>/assign", methods=["POST"])
@roles_required(*STAFF_ROLES)
def assign(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = AssignForm()
    return _act(
        report,
        "assign_form",
        form,
        lambda: services.assign(report, current_user, form.assignee.data),
        done=_("The report has been handed over."),
    )


@bp.route("/consumer-reports/<int:report_id>/link", methods=["POST"])
@roles_required(*STAFF_ROLES)
def link(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = LinkForm()
    return _act(
        report,
        "link_form",
        form,
        lambda: services.link_inspection(report, current_user, form.number.data),
        done=_("The report is linked to the inspection."),
    )


@bp.route("/consumer-reports/<int:report_id>/resolve", methods=["POST"])
@roles_required(*STAFF_ROLES)
def resolve(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = ReplyForm()
    return _act(
        report,
        "reply_form",
        form,
        lambda: services.close(report, current_user, ReportStatus.RESOLVED, form.reply.data),
        done=_("The report is resolved; your reply is on its tracking page."),
    )


@bp.route("/consumer-reports/<int:report_id>/reject", methods=["POST"])
@roles_required(*STAFF_ROLES)
def reject(report_id: int):
    report = db.get_or_404(ConsumerReport, report_id)
    form = ReplyForm()
    return _act(
        report,
        "reply_form",
        form,
        lambda: services.close(report, current_user, ReportStatus.REJECTED, form.reply.data),
        done=_("The report is rejected; your reply is on its tracking page."),
    )


@bp.route("/consumer-reports/photos/<name>")
@roles_required(*STAFF_ROLES)
def photo(name: str):
    """A consumer's photo may show a face or a home: staff only, never cached by a shared cache."""
    if not _PHOTO_NAME.match(name):
        abort(404)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], services.PHOTO_FOLDER)
    response = send_from_directory(folder, name, max_age=3600)
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
