from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.extensions import db
from traceapp.models import STAFF_ROLES, Certification, ProductStatus, Role
from traceapp.products import bp
from traceapp.products.forms import BatchForm, CertificationForm, ProductForm, StatusReasonForm
from traceapp.products.queries import batch_list_statement, product_list_statement, visible_batch, visible_product
from traceapp.products.services import (
    add_certification,
    create_product,
    remove_certification,
    save_batch,
    set_product_status,
    update_product,
)
from traceapp.public.verdict import verdict_for
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import shows_refusal

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)


@bp.route("/products")
@roles_required(*ANY_ROLE)
def index():
    args = parse_list_args(status=ProductStatus)
    pagination = paginate(product_list_statement(current_user, args), args)
    return render_template("products/index.html", pagination=pagination, args=args, statuses=ProductStatus)


@bp.route("/products/new", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def create():
    form = ProductForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            product = create_product(current_business_id(), form.to_input(), image=form.image.data or None)
            flash(_("The product has been added. Add its first batch or print its QR labels."), "success")
            return redirect(url_for("products.show", product_id=product.id))
    return render_template("products/form.html", form=form, product=None)


@bp.route("/products/<int:product_id>")
@roles_required(*ANY_ROLE)
def show(product_id: int):
    return _render_show(visible_product(current_user, product_id))


def _render_show(product, certification_form=None):
    args = parse_list_args()
    return render_template(
        "products/show.html",
        product=product,
        verdict=verdict_for(product),
        batches=paginate(batch_list_statement(product, args), args),
        args=args,
        can_edit=_can_edit(product),
        certification_form=certification_form or CertificationForm(),
        status_form=StatusReasonForm(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def edit(product_id: int):
    product = visible_product(current_user, product_id)
    form = ProductForm(obj=product)
    if request.method == "GET" and product.gtin:
        form.gtin.data = product.gtin
    if form.validate_on_submit():
        with shows_refusal(form):
            update_product(product, form.to_input(), image=form.image.data or None)
            flash(_("The product has been saved."), "success")
            return redirect(url_for("products.show", product_id=product.id))
    return render_template("products/form.html", form=form, product=product)


@bp.route("/products/<int:product_id>/<any(withdraw, reactivate):action>", methods=["POST"])
@roles_required(Role.BUSINESS)
def change_status(product_id: int, action: str):
    product = visible_product(current_user, product_id)
    form = StatusReasonForm()
    if form.validate_on_submit():
        status = ProductStatus.WITHDRAWN if action == "withdraw" else ProductStatus.ACTIVE
        with shows_refusal():
            set_product_status(product, status, form.reason.data)
            flash(
                _("The product is withdrawn from sale.")
                if action == "withdraw"
                else _("The product is on sale again."),
                "success",
            )
    return redirect(url_for("products.show", product_id=product.id))


@bp.route("/products/<int:product_id>/certifications", methods=["POST"])
@roles_required(Role.BUSINESS)
def add_cert(product_id: int):
    product = visible_product(current_user, product_id)
    form = CertificationForm()
    if form.validate_on_submit():
        add_certification(product, form.to_input())
        flash(_("The certification has been added."), "success")
        return redirect(url_for("products.show", product_id=product.id))
    return _render_show(product, certification_form=form), 400


@bp.route("/products/<int:product_id>/certifications/<int:cert_id>/delete", methods=["POST"])
@roles_required(Role.BUSINESS)
def delete_cert(product_id: int, cert_id: int):
    product = visible_product(current_user, product_id)
    cert = db.first_or_404(
        db.select(Certification).where(Certification.id == cert_id, Certification.product_id == product.id)
    )
    if ConfirmForm().validate_on_submit():
        remove_certification(cert)
        flash(_("The certification has been removed."), "success")
    return redirect(url_for("products.show", product_id=product.id))


@bp.route("/products/<int:product_id>/batches/new", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def new_batch(product_id: int):
    product = visible_product(current_user, product_id)
    form = BatchForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            batch = save_batch(product, form.to_input())
            flash(_("The batch has been added."), "success")
            return redirect(url_for("products.batch", batch_id=batch.id))
    return render_template("products/batch_form.html", form=form, product=product, batch=None)


@bp.route("/batches/<int:batch_id>")
@roles_required(*ANY_ROLE)
def batch(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    return render_template(
        "products/batch.html",
        batch=batch,
        product=batch.product,
        verdict=verdict_for(batch.product, batch),
        can_edit=_can_edit(batch.product),
    )


@bp.route("/batches/<int:batch_id>/edit", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def edit_batch(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    form = BatchForm(obj=batch)
    if form.validate_on_submit():
        with shows_refusal(form):
            save_batch(batch.product, form.to_input(), batch=batch)
            flash(_("The batch has been saved."), "success")
            return redirect(url_for("products.batch", batch_id=batch.id))
    return render_template("products/batch_form.html", form=form, product=batch.product, batch=batch)


def _can_edit(product) -> bool:
    return current_user.role == Role.BUSINESS and product.business_id == current_user.business_id
