"""The supply chain pages: a batch's inputs and outputs, the links waiting for my answer, a batch's trace."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from traceapp.extensions import db
from traceapp.inspections.queries import search_businesses
from traceapp.models import STAFF_ROLES, Batch, LinkStatus, Product, Role, SupplyLink
from traceapp.products.queries import visible_batch
from traceapp.supply import bp, chain, export
from traceapp.supply.forms import DecisionForm, InputForm, OutputForm
from traceapp.supply.services import add_input, add_output, counterparty_id, decide, delete
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm
from traceapp.web.outcomes import shows_refusal
from traceapp.web.storable import whole_number

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)
FIELD_STAFF = (Role.INSPECTOR, Role.POLICE, Role.OFFICER, Role.ADMIN)


@bp.app_template_global()
def supply_alerts(business_id: int):
    """For the business home page: its batches made from a recalled or non-conformant batch."""
    return chain.affected_batches(business_id)


@bp.app_template_global()
def pending_supply_count(business_id: int) -> int:
    return len(_incoming(business_id))


def _chain_page(batch: Batch, input_form=None, output_form=None, matches=()):
    inputs = db.session.scalars(
        select(SupplyLink).where(SupplyLink.downstream_batch_id == batch.id).order_by(SupplyLink.id)
    ).all()
    outputs = db.session.scalars(
        select(SupplyLink).where(SupplyLink.upstream_batch_id == batch.id).order_by(SupplyLink.id)
    ).all()
    can_edit = current_user.role == Role.BUSINESS
    return render_template(
        "supply/chain.html",
        batch=batch,
        product=batch.product,
        inputs=inputs,
        outputs=outputs,
        can_edit=can_edit,
        input_form=input_form or InputForm(),
        output_form=output_form or OutputForm(),
        matches=matches,
        confirm=ConfirmForm(),
        counterparty_id=counterparty_id,
        can_export=current_user.role in FIELD_STAFF,
    )


@bp.route("/batches/<int:batch_id>/chain")
@roles_required(*ANY_ROLE)
def batch_chain(batch_id: int):
    return _chain_page(visible_batch(current_user, batch_id))


@bp.route("/batches/<int:batch_id>/chain/inputs", methods=["POST"])
@roles_required(Role.BUSINESS)
def new_input(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    form = InputForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            link = add_input(batch, current_user, form.to_input())
            flash(
                _("Input recorded.")
                if link.status == LinkStatus.CONFIRMED
                else _("Input recorded; the other business will be asked to confirm it."),
                "success",
            )
            return redirect(url_for("supply.batch_chain", batch_id=batch.id))
    return _chain_page(batch, input_form=form), 400


@bp.route("/batches/<int:batch_id>/chain/outputs", methods=["POST"])
@roles_required(Role.BUSINESS)
def new_output(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    form = OutputForm()
    matches = search_businesses(form.business_query.data or "") if not form.business_id.data else []
    if request.form.get("search"):
        return _chain_page(batch, output_form=form, matches=matches)
    if form.validate_on_submit():
        with shows_refusal(form):
            link = add_output(batch, current_user, form.to_input())
            flash(
                _("Delivery recorded.")
                if link.status == LinkStatus.CONFIRMED
                else _("Delivery recorded; the receiving business will be asked to confirm it."),
                "success",
            )
            return redirect(url_for("supply.batch_chain", batch_id=batch.id))
    return _chain_page(batch, output_form=form, matches=matches), 400


def _incoming(business_id: int) -> list[SupplyLink]:
    pending = db.session.scalars(
        select(SupplyLink).where(
            SupplyLink.status == LinkStatus.PENDING, SupplyLink.recorded_by_business_id != business_id
        )
    )
    return [link for link in pending if counterparty_id(link) == business_id]


@bp.route("/supply/incoming")
@roles_required(Role.BUSINESS)
def incoming():
    business_id = current_business_id()
    links = _incoming(business_id)
    own_batches = db.session.scalars(
        select(Batch).join(Batch.product).where(Product.business_id == business_id).order_by(Batch.id.desc()).limit(200)
    ).all()
    forms = {}
    for link in links:
        form = DecisionForm(prefix=f"l{link.id}")
        form.batch_id.choices = [("", "—")] + [(str(b.id), f"{b.product.name} · {b.lot_code}") for b in own_batches]
        forms[link.id] = form
    return render_template("supply/incoming.html", links=links, forms=forms)


def _answerable(link_id: int) -> SupplyLink:
    link = db.session.get(SupplyLink, link_id)
    if link is None or counterparty_id(link) != current_business_id():
        abort(404)
    return link


@bp.route("/supply/links/<int:link_id>/<any(confirm, dispute):answer>", methods=["POST"])
@roles_required(Role.BUSINESS)
def answer_link(link_id: int, answer: str):
    link = _answerable(link_id)
    form = DecisionForm(prefix=f"l{link.id}")
    batch_id = whole_number(form.batch_id.data)
    batch = db.session.get(Batch, batch_id) if batch_id is not None else None
    with shows_refusal():
        decide(link, current_user, answer == "confirm", form.note.data or "", batch)
        flash(_("Confirmed.") if answer == "confirm" else _("Marked as disputed."), "success")
    return redirect(url_for("supply.incoming"))


@bp.route("/supply/links/<int:link_id>/delete", methods=["POST"])
@roles_required(Role.BUSINESS)
def delete_link(link_id: int):
    link = db.session.get(SupplyLink, link_id)
    if link is None or link.recorded_by_business_id != current_business_id():
        abort(404)
    downstream = link.downstream_batch
    batch_id = (
        downstream.id
        if downstream is not None and downstream.product.business_id == link.recorded_by_business_id
        else link.upstream_batch_id
    )
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            delete(link)
            flash(_("Link withdrawn."), "success")
    return redirect(url_for("supply.batch_chain", batch_id=batch_id))


@bp.route("/batches/<int:batch_id>/trace.<any(csv, xlsx):fmt>")
@roles_required(*FIELD_STAFF)
def trace(batch_id: int, fmt: str):
    """The whole chain of a batch, both directions, for a recall: one click, a sortable spreadsheet."""
    batch = visible_batch(current_user, batch_id)
    links = chain.connected_links(batch)
    name = f"truy-xuat-{batch.public_code}.{fmt}"
    if fmt == "csv":
        response = Response(export.to_csv(links), mimetype="text/csv")
    else:
        response = Response(
            export.to_xlsx(links, batch.lot_code),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
