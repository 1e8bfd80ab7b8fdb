"""Violations: recorded during an inspection, then handled step by step; the business reports its remedy."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.inspections import bp, team_rules
from traceapp.inspections.forms import RemedyForm, StepForm, ViolationForm
from traceapp.inspections.legal import LEGAL_BASIS
from traceapp.inspections.queries import (
    agencies,
    parse_scope,
    team_inspection,
    team_violation,
    violation_list_statement,
    visible_violation,
)
from traceapp.inspections.team_rules import TEAM_ROLES
from traceapp.inspections.views import READ_ROLES
from traceapp.inspections.violations import (
    STAFF_ACTIONS,
    available_actions,
    item_choices,
    record_violation,
    report_remedy,
    take_step,
)
from traceapp.models import (
    CheckResult,
    Inspection,
    Measure,
    Role,
    ViolationCategory,
    ViolationStatus,
    ViolationStepAction,
)
from traceapp.web.access import roles_required
from traceapp.web.forms import choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import flash_form_errors, shows_refusal


@bp.route("/violations")
@roles_required(*READ_ROLES)
def violations():
    args = parse_list_args(status=ViolationStatus, category=ViolationCategory, measure=Measure)
    scope = parse_scope()
    pagination = paginate(violation_list_statement(current_user, args, scope), args)
    return render_template(
        "inspections/violations.html",
        pagination=pagination,
        args=args,
        scope=scope,
        agencies=agencies(),
        statuses=ViolationStatus,
        categories=ViolationCategory,
        measures=Measure,
        today=local_today(),
    )


@bp.route("/inspections/<int:inspection_id>/violations/new", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def new_violation(inspection_id: int):
    inspection = team_inspection(current_user, inspection_id)

    def failed_items(form: ViolationForm) -> None:
        form.item_ids.data = [item.id for item in inspection.items if item.result == CheckResult.FAIL]

    return violation_form_page(inspection, failed_items)


def violation_form_page(inspection: Inspection, prefill: Callable[[ViolationForm], None], **page: object):
    """The violation form of a draft: ``prefill`` fills it on the first GET; a valid POST records the violation."""
    if not inspection.is_draft:
        flash(_("Violations are recorded while the inspection is in progress."), "error")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    form = ViolationForm()
    form.item_ids.choices = choices(item_choices(inspection))
    if request.method == "GET":
        prefill(form)
    if form.validate_on_submit():
        with shows_refusal(form):
            record_violation(inspection, current_user, form.to_input())
            flash(_("Violation recorded."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="violations"))
    return render_template(
        "inspections/violation_form.html", form=form, inspection=inspection, legal_basis=LEGAL_BASIS, **page
    )


@bp.route("/violations/<int:violation_id>")
@roles_required(*READ_ROLES)
def violation(violation_id: int):
    item = visible_violation(current_user, violation_id)
    is_owner = current_user.role == Role.BUSINESS
    handles = team_rules.may_work_on(current_user, item.inspection) and not item.inspection.is_draft
    return render_template(
        "inspections/violation.html",
        violation=item,
        steps=ViolationStepAction,
        today=local_today(),
        legal_basis=LEGAL_BASIS,
        actions=available_actions(item) if handles else [],
        step_form=StepForm(),
        remedy_form=RemedyForm() if is_owner and item.status == ViolationStatus.OPEN else None,
    )


@bp.route("/violations/<int:violation_id>/<any(" + ", ".join(STAFF_ACTIONS) + "):action>", methods=["POST"])
@roles_required(*TEAM_ROLES)
def violation_step(violation_id: int, action: str):
    item = team_violation(current_user, violation_id)
    step = ViolationStepAction(action)  # the route admits only the staff actions
    form = StepForm()
    if form.validate_on_submit():
        with shows_refusal():
            take_step(item, current_user, step, form.note.data or "")
            flash(_("Step recorded: %(step)s.", step=step.label), "success")
    return redirect(url_for("inspections.violation", violation_id=item.id))


@bp.route("/violations/<int:violation_id>/remedy", methods=["POST"])
@roles_required(Role.BUSINESS)
def remedy(violation_id: int):
    item = visible_violation(current_user, violation_id)
    form = RemedyForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        with shows_refusal():
            report_remedy(item, current_user, form.note.data)
            flash(_("Thank you. The ward will check your remedy and confirm it."), "success")
    return redirect(url_for("inspections.violation", violation_id=item.id))
