from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.admin import bp
from traceapp.admin.forms import AgencyForm, StaffUserEditForm, StaffUserForm
from traceapp.admin.services import (
    agency_choices,
    create_agency,
    save_staff_user,
    set_active,
    user_list_statement,
)
from traceapp.extensions import db
from traceapp.labels.targets import HOW_TO_SET, public_address
from traceapp.models import Agency, Role, User
from traceapp.web.access import roles_required
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import shows_refusal


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    args = parse_list_args(role=Role)
    return render_template(
        "admin/users.html",
        pagination=paginate(user_list_statement(args), args),
        args=args,
        roles=Role,
        confirm_form=ConfirmForm(),
        # Where an admin lands: until QR codes lead somewhere a phone can open, say so here.
        address=public_address(),
        how_to_set=HOW_TO_SET,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    return _user_form(StaffUserForm(), None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.role == Role.BUSINESS:
        flash(_("Business accounts are managed by the business itself."), "info")
        return redirect(url_for("admin.users"))
    form = StaffUserEditForm(obj=user)
    return _user_form(form, user)


def _user_form(form, user):
    form.agency_id.choices = choices(agency_choices())
    if form.validate_on_submit():
        with shows_refusal(form):
            saved = save_staff_user(form.to_input(), user)
            flash(_("The account of %(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/<any(activate, deactivate):action>", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_user(user_id: int, action: str):
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            set_active(user, action == "activate", current_user)
            flash(
                _("%(name)s can log in again.", name=user.name)
                if action == "activate"
                else _("%(name)s can no longer log in.", name=user.name),
                "success",
            )
    return redirect(url_for("admin.users"))


@bp.route("/agencies", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def agencies():
    form = AgencyForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            create_agency(form.name.data, form.short_name.data)
            flash(_("The agency has been added."), "success")
            return redirect(url_for("admin.agencies"))
    items = db.session.scalars(db.select(Agency).order_by(Agency.name)).all()
    return render_template("admin/agencies.html", form=form, agencies=items)
