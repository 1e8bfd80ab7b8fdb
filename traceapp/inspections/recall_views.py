"""Recall forms for officers, reached from a product's or a batch's page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.inspections import bp
from traceapp.inspections.forms import RecallForm
from traceapp.inspections.recalls import recall
from traceapp.models import Batch, Product, Role
from traceapp.products.queries import visible_batch, visible_product
from traceapp.web.access import roles_required
from traceapp.web.outcomes import shows_refusal


def _recall_page(product: Product, batch: Batch | None, back: str):
    form = RecallForm()
    if not form.is_submitted():
        form.recalled_on.data = local_today()
    if form.validate_on_submit():
        with shows_refusal(form):
            recall(current_user, product, batch, form.reason.data, form.recalled_on.data)
            flash(_("Recalled. Its public page now shows a red warning."), "success")
            return redirect(back)
    return render_template("inspections/recall.html", form=form, product=product, batch=batch, back=back)


@bp.route("/products/<int:product_id>/recall", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def recall_product(product_id: int):
    product = visible_product(current_user, product_id)
    return _recall_page(product, None, url_for("products.show", product_id=product.id))


@bp.route("/batches/<int:batch_id>/recall", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def recall_batch(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    return _recall_page(batch.product, batch, url_for("products.batch", batch_id=batch.id))
