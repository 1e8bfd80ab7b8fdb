"""The plan report of a period: list, start, header, department inputs and "no content" marks, lock, the record
of its sending, and the Word document."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import Department, PeriodKind, PlanReport, ReportState, Role
from traceapp.reports import bp, figures, plan, rows, word
from traceapp.reports.choice import parse_period, query_args, read_period
from traceapp.reports.forms import HeaderForm, InputForm, LockForm, NoContentForm, SentForm
from traceapp.reports.views import agency_ids
from traceapp.web.access import roles_required
from traceapp.web.formatting import format_date
from traceapp.web.outcomes import shows_refusal

READERS = (Role.OFFICER, Role.ADMIN)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/reports/plan")
@roles_required(Role.OFFICER, Role.ADMIN, Role.INSPECTOR, Role.POLICE)
def plan_list():
    """Officers and admins open the reports; inspectors and police see where their department's input is due."""
    return render_template(
        "reports/plan_list.html",
        reports=plan.all_reports(),
        department=plan.department_of(current_user),
        states=ReportState,
    )


@bp.route("/reports/plan/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def plan_new():
    form = HeaderForm()
    source = request.form if request.method == "POST" else request.args
    chosen = parse_period(source, local_today())
    if form.validate_on_submit():
        with shows_refusal(form):
            report = plan.start_report(
                read_period(request.form, local_today()),
                number=form.number.data or "",
                signer_name=form.signer_name.data,
                signer_title=form.signer_title.data,
                user=current_user,
            )
            flash(_("The report has been started. The departments can now enter their inputs."), "success")
            return redirect(url_for("reports.plan_show", report_id=report.id))
    existing = plan.report_for(chosen.period)
    return render_template(
        "reports/plan_new.html",
        form=form,
        chosen=chosen,
        kinds=PeriodKind,
        existing=existing,
        period_args=query_args(chosen.period),
    )


@bp.route("/reports/plan/<int:report_id>")
@roles_required(*READERS)
def plan_show(report_id: int):
    report = db.get_or_404(PlanReport, report_id)
    return _show(report)


def _show(report: PlanReport, sent_form: SentForm | None = None):
    """The report page; ``sent_form`` carries a refused "sent" record back with its errors."""
    period = plan.period_of(report)
    now, before = plan.figures_of(report), plan.previous_figures(period)
    locked = report.is_locked
    if sent_form is None:
        sent_form = SentForm(formdata=None, number=report.number, sent_on=local_today())
    # The monthly scan line is drawn from live rows, so a locked report (figures as sent) goes without it.
    monthly = None if locked else figures.scans_by_month(period)
    return render_template(
        "reports/plan_show.html",
        report=report,
        period=period,
        previous=period.previous(),
        locked=locked,
        sections=rows.sections(now, before, agency_ids=agency_ids(), scans_by_month=monthly),
        top_products=now.task4.top_products,
        departments=list(Department),
        inputs={item.department: item for item in report.inputs},
        lock_form=LockForm(),
        missing=plan.missing_departments(report),
        sent_form=sent_form,
        signer_title=plan.SIGNER_TITLES.get(report.signer_title, report.signer_title),
        audit_head=plan.audit_head_of(report),
        may_edit=lambda department: not locked and plan.may_edit_input(current_user, department),
    )


@bp.route("/reports/plan/<int:report_id>/edit", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def plan_edit(report_id: int):
    report = db.get_or_404(PlanReport, report_id)
    if report.is_locked:
        flash(_("This report is locked: its figures and inputs can no longer be changed."), "error")
        return redirect(url_for("reports.plan_show", report_id=report.id))
    form = HeaderForm(obj=report)
    if form.validate_on_submit():
        with shows_refusal(form):
            plan.update_header(
                report,
                number=form.number.data or "",
                signer_name=form.signer_name.data,
                signer_title=form.signer_title.data,
            )
            flash(_("Saved."), "success")
            return redirect(url_for("reports.plan_show", report_id=report.id))
    return render_template("reports/plan_header.html", form=form, report=report, period=plan.period_of(report))


@bp.route("/reports/plan/<int:report_id>/inputs/<department>", methods=["GET", "POST"])
@roles_required(*plan.INPUT_ROLES)
def plan_input(report_id: int, department: str):
    report = db.get_or_404(PlanReport, report_id)
    if department not in Department._value2member_map_:
        abort(404)
    dept = Department(department)
    if not plan.may_edit_input(current_user, dept):
        abort(403)
    officer = current_user.role == Role.OFFICER
    back = url_for("reports.plan_show", report_id=report.id) if officer else url_for("reports.plan_list")
    if report.is_locked:
        flash(_("This report is locked: its figures and inputs can no longer be changed."), "error")
        return redirect(back)
    form = InputForm(obj=plan.input_of(report, dept))
    if form.validate_on_submit():
        with shows_refusal(form):
            plan.save_input(
                report,
                dept,
                progress=form.progress.data or "",
                difficulties=form.difficulties.data or "",
                proposals=form.proposals.data or "",
                user=current_user,
            )
            flash(_("The input of %(department)s has been saved.", department=dept.label), "success")
            return redirect(back)
    return render_template(
        "reports/plan_input.html", form=form, report=report, department=dept, period=plan.period_of(report), back=back
    )


@bp.route("/reports/plan/<int:report_id>/lock", methods=["POST"])
@roles_required(Role.OFFICER)
def plan_lock(report_id: int):
    report = db.get_or_404(PlanReport, report_id)
    form = LockForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm that the report is final."), "error")
        return redirect(url_for("reports.plan_show", report_id=report.id))
    with shows_refusal():
        plan.lock(report, current_user)
        flash(_("The report is locked: its figures are kept as they are now."), "success")
    return redirect(url_for("reports.plan_show", report_id=report.id))


@bp.route("/reports/plan/<int:report_id>/inputs/<department>/no-content", methods=["POST"])
@roles_required(Role.OFFICER)
def plan_no_content(report_id: int, department: str):
    """The officer marks a department as having no content to report, or takes the mark back."""
    report = db.get_or_404(PlanReport, report_id)
    if department not in Department._value2member_map_:
        abort(404)
    dept = Department(department)
    form = NoContentForm()
    if form.validate_on_submit():
        with shows_refusal():
            if form.mark.data == "yes":
                plan.mark_no_content(report, dept, current_user)
                flash(_("%(department)s: marked as having no content to report.", department=dept.label), "success")
            else:
                plan.clear_no_content(report, dept)
                flash(_("%(department)s: the input is awaited again.", department=dept.label), "success")
    return redirect(url_for("reports.plan_show", report_id=report.id, _anchor="departments"))


@bp.route("/reports/plan/<int:report_id>/sent", methods=["POST"])
@roles_required(Role.OFFICER)
def plan_sent(report_id: int):
    """Locked → sent: the day it went out and the number it went under."""
    report = db.get_or_404(PlanReport, report_id)
    form = SentForm()
    outcome = shows_refusal(form)
    if form.validate_on_submit():
        with outcome:
            plan.record_sent(report, form.to_input(), current_user)
            flash(_("Recorded: the report was sent on %(date)s.", date=format_date(report.sent_on)), "success")
            return redirect(url_for("reports.plan_show", report_id=report.id))
    db.session.refresh(report)  # a refused record has rolled back; show the report as it is
    if report.state != ReportState.LOCKED and outcome.error is not None:
        flash(str(outcome.error), "error")  # a draft or an already sent report: the page shows no "sent" form
    return _show(report, sent_form=form), 400


@bp.route("/reports/plan/<int:report_id>/report.docx")
@roles_required(*READERS)
def plan_docx(report_id: int):
    report = db.get_or_404(PlanReport, report_id)
    period = plan.period_of(report)
    content = word.plan_report_docx(report, plan.figures_of(report), plan.previous_figures(period))
    name = f"bao-cao-ke-hoach-{period.start.isoformat()}-{period.end.isoformat()}.docx"
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=name)
