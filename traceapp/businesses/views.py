from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from traceapp.businesses import bp
from traceapp.businesses.forms import BusinessProfileForm, BusinessSignupForm, ReasonForm
from traceapp.businesses.services import decide, register_business, search_statement, update_profile
from traceapp.extensions import db
from traceapp.inspections.queries import open_violations_of
from traceapp.models import STAFF_ROLES, Business, BusinessKind, BusinessStatus, Product, Role
from traceapp.products.queries import business_summary
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.navigation import home_for
from traceapp.web.outcomes import shows_refusal


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = BusinessSignupForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            user = register_business(form.to_input(), form.to_login())
            login_user(user)
            flash(
                _("Your business is registered. You can add products now; an officer will verify it soon."), "success"
            )
            return redirect(url_for("businesses.dashboard"))
    return render_template("businesses/register.html", form=form)


@bp.route("/business")
@roles_required(Role.BUSINESS)
def dashboard():
    business = db.get_or_404(Business, current_business_id())
    return render_template(
        "businesses/dashboard.html",
        business=business,
        summary=business_summary(business.id),
        open_violations=open_violations_of(business.id),
    )


@bp.route("/business/profile", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def profile():
    business = db.get_or_404(Business, current_business_id())
    form = BusinessProfileForm(obj=business)
    if form.validate_on_submit():
        with shows_refusal(form):
            was_verified = business.status == BusinessStatus.VERIFIED
            update_profile(business, form.to_input())
            flash(_("The business profile has been saved."), "success")
            if was_verified and business.status == BusinessStatus.PENDING:
                flash(
                    _("The name, registration number or owner changed, so the ward will verify the business again."),
                    "warning",
                )
            return redirect(url_for("businesses.dashboard"))
    return render_template("businesses/profile.html", form=form, business=business)


@bp.route("/businesses")
@roles_required(*STAFF_ROLES)
def index():
    args = parse_list_args(status=BusinessStatus, kind=BusinessKind)
    pagination = paginate(search_statement(args), args)
    return render_template(
        "businesses/index.html", pagination=pagination, args=args, statuses=BusinessStatus, kinds=BusinessKind
    )


@bp.route("/businesses/queue")
@roles_required(Role.OFFICER)
def queue():
    args = parse_list_args()
    pagination = paginate(search_statement(args, status=BusinessStatus.PENDING), args)
    return render_template("businesses/queue.html", pagination=pagination, args=args)


@bp.route("/businesses/<int:business_id>")
@roles_required(*STAFF_ROLES)
def show(business_id: int):
    business = db.get_or_404(Business, business_id)
    products = db.session.scalars(
        db.select(Product).where(Product.business_id == business.id).order_by(Product.name)
    ).all()
    return render_template(
        "businesses/show.html",
        business=business,
        products=products,
        reason_form=ReasonForm(),
        confirm_form=ConfirmForm(),
    )


_NEEDS_REASON = {"reject", "suspend"}
_DONE_MESSAGES = {
    "verify": _l("The business is verified."),
    "reject": _l("The registration was rejected; the business sees your reason."),
    "suspend": _l("The business is suspended."),
    "reinstate": _l("The business is verified again."),
}


@bp.route("/businesses/<int:business_id>/<any(verify, reject, suspend, reinstate):action>", methods=["POST"])
@roles_required(Role.OFFICER)
def decide_status(business_id: int, action: str):
    business = db.get_or_404(Business, business_id)
    form = ReasonForm() if action in _NEEDS_REASON else ConfirmForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("businesses.show", business_id=business.id))
    with shows_refusal():
        decide(business, action, current_user, reason=getattr(form, "reason", None) and form.reason.data)
        flash(str(_DONE_MESSAGES[action]), "success")
    target = request.form.get("back")
    if target == "queue":
        return redirect(url_for("businesses.queue"))
    return redirect(url_for("businesses.show", business_id=business.id))
