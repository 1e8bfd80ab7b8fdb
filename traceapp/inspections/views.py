"""An inspection from start to submit, on a phone: header, team, checked items with photos, submit, amend.

Who may see and who may change an inspection is the team rule (``team_rules``): each view loads the record
through ``visible_inspection`` (404) or ``team_inspection`` (404, then 403), and the services refuse again.
"""

from __future__ import annotations

import os
import re

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from traceapp.clock import local_input, local_now, local_today
from traceapp.extensions import db
from traceapp.inspections import bp, checklist, team_rules
from traceapp.inspections.forms import AmendmentForm, InspectionForm, ItemForm, MemberForm, SubmitForm
from traceapp.inspections.queries import (
    agencies,
    inspection_list_statement,
    parse_scope,
    search_businesses,
    team_candidates,
    team_inspection,
    visible_inspection,
    visible_photo,
)
from traceapp.inspections.services import (
    PHOTO_FOLDER,
    add_item,
    add_member,
    amend,
    create_inspection,
    delete_item,
    remove_member,
    submit,
    update_header,
    update_item,
)
from traceapp.inspections.team_rules import TEAM_ROLES
from traceapp.models import (
    FIELD_ROLES,
    STAFF_ROLES,
    Batch,
    Business,
    CheckResult,
    InspectionField,
    InspectionKind,
    InspectionStatus,
    Product,
    Role,
)
from traceapp.public import queries as public_queries
from traceapp.web.access import roles_required
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import flash_form_errors, shows_refusal
from traceapp.web.storable import whole_number

READ_ROLES = (Role.BUSINESS, *STAFF_ROLES)
_PHOTO_NAME = re.compile(r"^[0-9a-f]{24}\.jpg$")
AMEND_LABELS = {"decision_number": _l("Decision number"), "result": _l("Result"), "conclusion": _l("Conclusion")}


@bp.route("/inspections")
@roles_required(*READ_ROLES)
def index():
    args = parse_list_args(status=InspectionStatus, kind=InspectionKind, field=InspectionField, result=CheckResult)
    scope = parse_scope()
    pagination = paginate(inspection_list_statement(current_user, args, scope), args)
    return render_template(
        "inspections/index.html",
        pagination=pagination,
        args=args,
        scope=scope,
        agencies=agencies(),
        statuses=InspectionStatus,
        kinds=InspectionKind,
        fields=InspectionField,
        results=(CheckResult.PASS, CheckResult.FAIL),
    )


def _inspection_form(obj=None) -> InspectionForm:
    """The header form; the agencies offered are those the user may put the inspection under, and its own."""
    form = InspectionForm(obj=obj)
    current = obj.agency_id if obj is not None else None
    form.agency_id.choices = choices(
        (agency.id, agency.name)
        for agency in agencies()
        if agency.id == current or team_rules.may_put_under(current_user, agency.id)
    )
    return form


def _prefill_new(form: InspectionForm) -> None:
    """Defaults for a new inspection: the user's agency, now, and the business behind a scanned code or report."""
    form.agency_id.data = current_user.agency_id
    form.started_at.data = local_now().replace(tzinfo=None, second=0, microsecond=0)
    form.kind.data = InspectionKind.UNANNOUNCED.value
    form.report_id.data = request.args.get("report", "")[:10]
    if form.report_id.data:
        form.kind.data = InspectionKind.COMPLAINT.value
    business_id = whole_number(request.args.get("business"))
    business = db.session.get(Business, business_id) if business_id is not None else None
    if business is not None:
        form.business_id.data, form.business_query.data = str(business.id), business.name
    code = request.args.get("code", "")
    if code:
        try:
            product, _batch = public_queries.resolve(code)
        except public_queries.UnknownCode:
            return
        form.business_id.data = str(product.business_id)
        form.business_query.data = product.business.name


@bp.route("/inspections/new", methods=["GET", "POST"])
@roles_required(*FIELD_ROLES)
def create():
    form = _inspection_form()
    if request.method == "GET":
        _prefill_new(form)
    if _ready_to_save(form):
        with shows_refusal(form):
            inspection = create_inspection(current_user, form.to_input())
            flash(
                _(
                    "Inspection %(number)s started. Scan or type the code of each item you check.",
                    number=inspection.number,
                ),
                "success",
            )
            code = request.args.get("code", "")[:300]
            return redirect(url_for("inspections.new_item", inspection_id=inspection.id, code=code or None))
    return render_template("inspections/form.html", form=form, inspection=None, matches=_business_matches(form))


def _ready_to_save(form: InspectionForm) -> bool:
    """Valid, and not a "find the business" round trip; a typed name must be chosen from the matches first."""
    if request.form.get("search") or not form.validate_on_submit():
        return False
    if form.business_query.data and not form.business_id.data and not form.place_name.data:
        form.business_query.errors = [_("Choose the business from the list, or fill in the unregistered place.")]
        return False
    return True


def _business_matches(form: InspectionForm) -> list[Business]:
    """Businesses matching what was typed, offered when the typed name is not yet a chosen business."""
    if form.business_query.data and not form.business_id.data:
        return search_businesses(form.business_query.data)
    return []


@bp.route("/inspections/<int:inspection_id>")
@roles_required(*READ_ROLES)
def show(inspection_id: int):
    inspection = visible_inspection(current_user, inspection_id)
    on_team = team_rules.may_work_on(current_user, inspection)
    can_edit = inspection.is_draft and on_team
    member_form = MemberForm()
    if can_edit:
        member_form.user_id.choices = _account_choices(inspection)
    return render_template(
        "inspections/show.html",
        inspection=inspection,
        can_edit=can_edit,
        read_only_for_staff=current_user.is_staff and not on_team,
        failed=checklist.failed,
        summaries={item.id: _summary(inspection, item) for item in inspection.items},
        field_label=_field_label,
        amend_labels=AMEND_LABELS,
        member_form=member_form,
        submit_form=SubmitForm(conclusion=inspection.conclusion),
        confirm=ConfirmForm(),
        is_staff=current_user.role in STAFF_ROLES,
        can_amend=not inspection.is_draft and on_team,
    )


def _account_choices(inspection):
    """The staff who may be put on the team, and first the choice of a person without an account."""
    accounts = [
        (user.id, f"{user.name} · {user.agency.short_name}" if user.agency else user.name)
        for user in team_candidates(inspection)
    ]
    return choices([(0, _("— a person without an account —")), *accounts])


def _summary(inspection, item) -> dict:
    """What the item page says of an item's answers: the lines failed and, in a draft, those still open."""
    lines = checklist.lines_for(inspection.fields)
    return {
        "failed": checklist.failed(item.checks),
        "open": [check.label for check in checklist.unanswered(item.checks, lines)] if inspection.is_draft else [],
        "answers": checklist.answers(item.checks, lines, final=not inspection.is_draft),
        "nothing_checked": item.result == CheckResult.NOT_APPLICABLE,
    }


def _field_label(value: str) -> str:
    return InspectionField(value).label if value in InspectionField._value2member_map_ else value


@bp.route("/inspections/<int:inspection_id>/edit", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def edit(inspection_id: int):
    inspection = team_inspection(current_user, inspection_id)
    if not inspection.is_draft:
        flash(_("This inspection has been submitted and can no longer be changed; add an amendment."), "error")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    form = _inspection_form(obj=inspection)
    if request.method == "GET":
        form.started_at.data = local_input(inspection.started_at)
        if inspection.business:
            form.business_id.data, form.business_query.data = str(inspection.business_id), inspection.business.name
    if _ready_to_save(form):
        with shows_refusal(form):
            update_header(inspection, current_user, form.to_input())
            flash(_("Saved."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id))
    return render_template("inspections/form.html", form=form, inspection=inspection, matches=_business_matches(form))


@bp.route("/inspections/<int:inspection_id>/members", methods=["POST"])
@roles_required(*TEAM_ROLES)
def new_member(inspection_id: int):
    inspection = team_inspection(current_user, inspection_id)
    form = MemberForm()
    form.user_id.choices = _account_choices(inspection)
    if form.validate_on_submit():
        with shows_refusal():
            add_member(inspection, current_user, form.to_input())
    else:
        flash_form_errors(form)
    return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="team"))


@bp.route("/inspections/<int:inspection_id>/members/<int:member_id>/delete", methods=["POST"])
@roles_required(*TEAM_ROLES)
def delete_member(inspection_id: int, member_id: int):
    inspection = team_inspection(current_user, inspection_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            remove_member(inspection, current_user, member_id)
    return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="team"))


def _refuse_if_submitted(inspection):
    if inspection.is_draft:
        return None
    flash(_("This inspection has been submitted and can no longer be changed; add an amendment."), "error")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


def _item_page(form: ItemForm, inspection, product=None, batch=None, item=None):
    return render_template(
        "inspections/item_form.html",
        form=form,
        inspection=inspection,
        item=item,
        product=product,
        batch=batch,
        groups=checklist.groups_of(form.lines),
        without_checklist=checklist.fields_without_checklist(inspection.fields),
        today=local_today(),
    )


@bp.route("/inspections/<int:inspection_id>/items/new", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def new_item(inspection_id: int):
    inspection = team_inspection(current_user, inspection_id)
    if refused := _refuse_if_submitted(inspection):
        return refused
    form = ItemForm(lines=checklist.lines_for(inspection.fields))
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:300]
    valid = form.validate_on_submit()  # before resolving: validation clears errors added earlier
    product, batch = _resolve_item_code(form)
    if valid and not form.code.errors and not request.form.get("lookup"):
        with shows_refusal(form):
            add_item(
                inspection,
                current_user,
                product=product,
                batch=batch,
                description=form.description.data or "",
                checks=form.checks(),
                note=form.note.data or "",
                photos=form.photo_files(),
            )
            flash(_("Item saved. Scan the next one, or go back to the inspection."), "success")
            return redirect(url_for("inspections.new_item", inspection_id=inspection.id))
    return _item_page(form, inspection, product, batch)


@bp.route("/inspections/<int:inspection_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def edit_item(inspection_id: int, item_id: int):
    """Answer the lines an item left open (or correct an answer) while the inspection is a draft."""
    inspection = team_inspection(current_user, inspection_id)
    item = next((item for item in inspection.items if item.id == item_id), None)
    if item is None:
        abort(404)
    if refused := _refuse_if_submitted(inspection):
        return refused
    lines = checklist.lines_for(inspection.fields)
    if request.method == "GET":
        stored = {"check_" + key: value for key, value in item.checks.items()}
        form = ItemForm(lines=lines, data={**stored, "note": item.note})
    else:
        form = ItemForm(lines=lines)
    if form.validate_on_submit():
        with shows_refusal(form):
            update_item(
                inspection,
                current_user,
                item.id,
                checks=form.checks(),
                note=form.note.data or "",
                photos=form.photo_files(),
            )
            flash(_("Item saved."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor=f"item-{item.id}"))
    return _item_page(form, inspection, item.product, item.batch, item)


def _resolve_item_code(form: ItemForm) -> tuple[Product | None, Batch | None]:
    """The product and batch the typed or scanned code names; an unknown code is an error beside the field."""
    if not form.code.data:
        return None, None
    try:
        return public_queries.resolve(form.code.data)
    except public_queries.UnknownCode as exc:
        form.code.errors = [*form.code.errors, str(exc)]
        return None, None


@bp.route("/inspections/<int:inspection_id>/items/<int:item_id>/delete", methods=["POST"])
@roles_required(*TEAM_ROLES)
def remove_item(inspection_id: int, item_id: int):
    inspection = team_inspection(current_user, inspection_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            delete_item(inspection, current_user, item_id)
            flash(_("Item removed."), "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="items"))


@bp.route("/inspections/<int:inspection_id>/submit", methods=["POST"])
@roles_required(*TEAM_ROLES)
def submit_inspection(inspection_id: int):
    inspection = team_inspection(current_user, inspection_id)
    form = SubmitForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        with shows_refusal():
            submit(inspection, current_user, form.conclusion.data)
            flash(
                _("Inspection %(number)s submitted. The record is now read-only.", number=inspection.number), "success"
            )
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.route("/inspections/<int:inspection_id>/amend", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def amend_inspection(inspection_id: int):
    """A member of the team corrects a submitted record, with a reason (the officer too, when on the team)."""
    inspection = team_inspection(current_user, inspection_id)
    if inspection.is_draft:
        return redirect(url_for("inspections.edit", inspection_id=inspection.id))
    form = AmendmentForm(obj=inspection)
    if form.validate_on_submit():
        with shows_refusal(form):
            amend(inspection, current_user, form.to_input())
            flash(_("The correction has been recorded."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="amendments"))
    return render_template("inspections/amend.html", form=form, inspection=inspection)


@bp.route("/inspections/photos/<name>")
@roles_required(*STAFF_ROLES)
def photo(name: str):
    """Inspection photos are evidence: staff who may see the inspection only, never public, never cached by a
    shared cache."""
    if not _PHOTO_NAME.match(name):
        abort(404)
    visible_photo(current_user, name)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], PHOTO_FOLDER)
    response = send_from_directory(folder, name, max_age=3600)
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
