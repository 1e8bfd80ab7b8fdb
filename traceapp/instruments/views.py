"""The register's pages for businesses and the ward's staff: the list with its due filters, the form, the record,
confirming and retiring, the QR image and the sticker sheet, and the XLSX for the verification organisation."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.inspections.queries import failure_stands, is_remedied
from traceapp.instruments import bp, stickers
from traceapp.instruments.export import workbook_bytes
from traceapp.instruments.forms import InstrumentForm
from traceapp.instruments.kinds import unit_label
from traceapp.instruments.queries import (
    DueFilter,
    business_choices,
    due_summary,
    every_row,
    instrument_list_statement,
    latest_check,
    visible_instrument,
)
from traceapp.instruments.services import (
    confirm_instrument,
    declare_instrument,
    may_change,
    may_confirm,
    retire_instrument,
    update_instrument,
)
from traceapp.instruments.verdict import decide
from traceapp.labels import responses
from traceapp.labels.forms import LabelSheetForm
from traceapp.labels.sheets import render_sheet
from traceapp.labels.targets import UnprintableAddress
from traceapp.models import STAFF_ROLES, InstrumentKind, InstrumentStatus, MeasuringInstrument, Role
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import shows_refusal

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)
DECLARING = (Role.BUSINESS, Role.INSPECTOR, Role.POLICE, Role.OFFICER)


bp.register_error_handler(UnprintableAddress, responses.unprintable)


@bp.app_template_global()
def instrument_due_summary():
    """For the business home and the staff's "My work": the user's instruments overdue and due within 30 days."""
    return due_summary(current_user, local_today())


@bp.app_template_global()
def instrument_unit(unit: str) -> str:
    return unit_label(unit)


@bp.app_template_global()
def violation_remedied(violation) -> bool:
    return is_remedied(violation)


def _list_args():
    return parse_list_args(status=InstrumentStatus, kind=InstrumentKind, due=DueFilter)


@bp.route("/instruments")
@roles_required(*ANY_ROLE)
def index():
    args = _list_args()
    today = local_today()
    pagination = paginate(instrument_list_statement(current_user, args, today), args)
    return render_template(
        "instruments/index.html",
        pagination=pagination,
        args=args,
        today=today,
        filters=[
            ("due", DueFilter, _("Any due date")),
            ("kind", InstrumentKind, _("All kinds")),
            ("status", InstrumentStatus, _("In use")),
        ],
        verdicts={item.id: _due_verdict(item, today) for item in pagination.items},
        can_declare=current_user.role in DECLARING,
    )


def _due_verdict(instrument: MeasuringInstrument, today):
    """The due state alone, for a list: the record and the public page also weigh the latest check."""
    return decide(retired=False, failure_stands=False, due_on=instrument.due_on, today=today)


@bp.route("/instruments/export.xlsx")
@roles_required(*ANY_ROLE)
def export():
    """The list as filtered on the page, every row (not one page), for the verification organisation."""
    args = _list_args()
    today = local_today()
    rows = every_row(instrument_list_statement(current_user, args, today))
    response = Response(
        workbook_bytes(rows, today),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="phuong-tien-do-{today.isoformat()}.xlsx"'
    response.cache_control.no_store = True
    return response


def _form_for(instrument: MeasuringInstrument | None) -> InstrumentForm:
    form = InstrumentForm(obj=instrument)
    if request.method == "GET" and instrument is not None:
        form.accuracy_class.data = instrument.accuracy_class
    if current_user.role == Role.BUSINESS or instrument is not None:
        del form.business_id
    else:
        form.business_id.choices = choices(business_choices())
        if request.method == "GET" and request.args.get("business_id", "").isdigit():
            form.business_id.data = int(request.args["business_id"])
    return form


@bp.route("/instruments/new", methods=["GET", "POST"])
@roles_required(*DECLARING)
def create():
    form = _form_for(None)
    if form.validate_on_submit():
        business_id = current_business_id() if current_user.role == Role.BUSINESS else form.business_id.data
        with shows_refusal(form):
            instrument = declare_instrument(current_user, business_id, form.to_input())
            flash(_("The instrument has been added. Print its QR sticker and put it on the instrument."), "success")
            return redirect(url_for("instruments.show", instrument_id=instrument.id))
    return render_template("instruments/form.html", form=form, instrument=None)


@bp.route("/instruments/<int:instrument_id>")
@roles_required(*ANY_ROLE)
def show(instrument_id: int):
    instrument = visible_instrument(current_user, instrument_id)
    check = latest_check(instrument)
    today = local_today()
    return render_template(
        "instruments/show.html",
        instrument=instrument,
        verdict=decide(
            retired=instrument.status == InstrumentStatus.RETIRED,
            failure_stands=failure_stands(check),
            due_on=instrument.due_on,
            today=today,
        ),
        check=check,
        title=stickers.title(instrument),
        place=stickers.place(instrument),
        retired=instrument.status == InstrumentStatus.RETIRED,
        can_change=may_change(current_user, instrument) and instrument.status != InstrumentStatus.RETIRED,
        can_confirm=may_confirm(current_user) and instrument.status == InstrumentStatus.DECLARED,
        confirm_form=ConfirmForm(),
    )


@bp.route("/instruments/<int:instrument_id>/edit", methods=["GET", "POST"])
@roles_required(*DECLARING)
def edit(instrument_id: int):
    instrument = visible_instrument(current_user, instrument_id)
    form = _form_for(instrument)
    if form.validate_on_submit():
        was_confirmed = instrument.status == InstrumentStatus.CONFIRMED
        with shows_refusal(form):
            update_instrument(current_user, instrument, form.to_input())
            flash(_("The instrument has been saved."), "success")
            if was_confirmed and instrument.status == InstrumentStatus.DECLARED:
                flash(_("The ward will confirm the instrument again after your changes."), "warning")
            return redirect(url_for("instruments.show", instrument_id=instrument.id))
    return render_template("instruments/form.html", form=form, instrument=instrument)


@bp.route("/instruments/<int:instrument_id>/confirm", methods=["POST"])
@roles_required(Role.OFFICER)
def confirm(instrument_id: int):
    instrument = visible_instrument(current_user, instrument_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            confirm_instrument(current_user, instrument)
            flash(_("The instrument is confirmed."), "success")
    return redirect(url_for("instruments.show", instrument_id=instrument.id))


@bp.route("/instruments/<int:instrument_id>/retire", methods=["POST"])
@roles_required(*DECLARING)
def retire(instrument_id: int):
    instrument = visible_instrument(current_user, instrument_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            retire_instrument(current_user, instrument)
            flash(_("The instrument is marked as no longer in use."), "success")
    return redirect(url_for("instruments.show", instrument_id=instrument.id))


@bp.route("/instruments/<int:instrument_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def qr(instrument_id: int, fmt: str) -> Response:
    return responses.qr_image(stickers.sticker_url(visible_instrument(current_user, instrument_id)), fmt)


def _sheet_page(instrument: MeasuringInstrument, *, download: bool):
    """The sticker form (and a preview) on GET; with ``download`` the PDF, or the form again with a 400."""
    form = LabelSheetForm(formdata=request.args if (download or request.args) else None)
    label = stickers.label_text(instrument)
    if download and form.validate():
        with shows_refusal(form):
            pdf = render_sheet(label, form.to_input(), title=f"{label.product} · {label.code}")
            response = Response(pdf, mimetype="application/pdf")
            response.headers["Content-Disposition"] = f'inline; filename="tem-qr-{instrument.public_code}.pdf"'
            return response
    return render_template(
        "instruments/labels.html", instrument=instrument, form=form, label=label, **responses.sheet_facts(label.url)
    ), 400 if download else 200


@bp.route("/instruments/<int:instrument_id>/labels")
@roles_required(*ANY_ROLE)
def labels(instrument_id: int):
    return _sheet_page(visible_instrument(current_user, instrument_id), download=False)


@bp.route("/instruments/<int:instrument_id>/labels.pdf")
@roles_required(*ANY_ROLE)
def labels_pdf(instrument_id: int):
    return _sheet_page(visible_instrument(current_user, instrument_id), download=True)
