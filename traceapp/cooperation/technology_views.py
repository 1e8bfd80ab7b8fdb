"""What technology a business applies: declared by the business, verified by an officer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from traceapp.cooperation import bp, services
from traceapp.cooperation.forms import ReviewForm, TechnologyForm
from traceapp.cooperation.queries import pending_reviews
from traceapp.cooperation.services import CooperationError
from traceapp.extensions import db
from traceapp.models import Batch, Product, Role, TechnologyUse
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm, put_error


def _own(use_id: int) -> TechnologyUse:
    use = db.session.get(TechnologyUse, use_id)
    if use is None or use.business_id != current_business_id():
        abort(404)
    return use


@bp.route("/business/technology", methods=["GET", "POST"])
@bp.route("/business/technology/<int:use_id>", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def technology(use_id: int | None = None):
    business_id = current_business_id()
    use = _own(use_id) if use_id else None
    form = TechnologyForm(obj=use)
    if form.validate_on_submit():
        try:
            services.save_technology(use, business_id, form.data)
        except CooperationError as exc:
            db.session.rollback()
            put_error(form, exc)
        else:
            flash(_("Saved. An officer of the ward will verify it."), "success")
            return redirect(url_for("cooperation.technology"))
    uses = db.session.scalars(select(TechnologyUse).where(TechnologyUse.business_id == business_id)
                              .order_by(TechnologyUse.kind)).all()
    counts = {
        "products": db.session.scalar(select(func.count(Product.id)).where(Product.business_id == business_id)),
        "batches": db.session.scalar(select(func.count(Batch.id)).join(Batch.product)
                                     .where(Product.business_id == business_id)),
        "gtin": db.session.scalar(select(func.count(Product.id)).where(Product.business_id == business_id,
                                                                       Product.gtin.is_not(None))),
    }
    return render_template("cooperation/technology.html", form=form, uses=uses, editing=use, counts=counts,
                           confirm=ConfirmForm())


@bp.route("/business/technology/<int:use_id>/delete", methods=["POST"])
@roles_required(Role.BUSINESS)
def delete_technology(use_id: int):
    use = _own(use_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(use)
        db.session.commit()
        flash(_("Removed."), "success")
    return redirect(url_for("cooperation.technology"))


@bp.route("/technology/review")
@roles_required(Role.OFFICER)
def review_queue():
    return render_template("cooperation/review.html", uses=pending_reviews(), form=ReviewForm())


@bp.route("/technology/<int:use_id>/<any(verify, reject):decision>", methods=["POST"])
@roles_required(Role.OFFICER)
def review(use_id: int, decision: str):
    use = db.session.get(TechnologyUse, use_id) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review(use, current_user, decision == "verify", form.note.data or "")
        except CooperationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Verified.") if decision == "verify" else _("Rejected."), "success")
    return redirect(url_for("cooperation.review_queue"))
