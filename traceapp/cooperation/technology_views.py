"""What technology a business applies: counted from its records or declared by it, verified by an officer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.cooperation import bp
from traceapp.cooperation import technology as declarations
from traceapp.cooperation.forms import ReviewForm, TechnologyForm
from traceapp.cooperation.queries import business_technology, pending_reviews, technology_counts
from traceapp.extensions import db
from traceapp.models import Role, TechnologyUse
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm
from traceapp.web.outcomes import shows_refusal


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
        with shows_refusal(form):
            declarations.save(use, business_id, form.to_input(), local_today())
            flash(_("Saved. An officer of the ward will verify it."), "success")
            return redirect(url_for("cooperation.technology"))
    status = 400 if form.errors else 200
    return render_template(
        "cooperation/technology.html",
        form=form,
        uses=business_technology(business_id),
        editing=use,
        counts=technology_counts(business_id, local_today()),
        confirm=ConfirmForm(),
    ), status


@bp.route("/business/technology/<int:use_id>/delete", methods=["POST"])
@roles_required(Role.BUSINESS)
def delete_technology(use_id: int):
    use = _own(use_id)
    if ConfirmForm().validate_on_submit():
        declarations.delete(use)
        flash(_("Removed."), "success")
    return redirect(url_for("cooperation.technology"))


@bp.route("/technology/review")
@roles_required(Role.OFFICER)
def review_queue():
    uses = pending_reviews()
    return render_template(
        "cooperation/review.html",
        uses=uses,
        forms={use.id: ReviewForm(formdata=None, prefix=f"t{use.id}") for use in uses},
    )


@bp.route("/technology/<int:use_id>/<any(verify, reject):decision>", methods=["POST"])
@roles_required(Role.OFFICER)
def review(use_id: int, decision: str):
    use = db.session.get(TechnologyUse, use_id) or abort(404)
    form = ReviewForm(prefix=f"t{use.id}")
    if form.validate_on_submit():
        # The queue lists many businesses' entries: a refusal is flashed with the business's name, not put on
        # this entry's form (the queue is shown again after the redirect).
        refusal = shows_refusal(form)
        with refusal:
            declarations.review(use, current_user, decision == "verify", form.note.data or "", local_today())
            flash(_("Verified.") if decision == "verify" else _("Rejected."), "success")
        if refusal.error is not None:
            flash(f"{use.business.name}: {refusal.error}", "error")
    return redirect(url_for("cooperation.review_queue"))
