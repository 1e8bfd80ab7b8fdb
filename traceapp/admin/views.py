from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.admin import bp
from traceapp.admin.forms import AgencyForm, StaffUserEditForm, StaffUserForm
from traceapp.admin.services import (
    agency_choices,
    create_agency,
    locked_accounts,
    save_staff_user,
    set_active,
    unlock,
    user_list_statement,
)
from traceapp.extensions import db
from traceapp.labels.targets import HOW_TO_SET, public_address
from traceapp.models import Agency, Role, User
from traceapp.web.access import roles_required
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.navigation import safe_next
from traceapp.web.outcomes import shows_refusal


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    args = parse_list_args(role=Role)
    pagination = paginate(user_list_statement(args), args)
    return render_template(
        "admin/users.html",
        pagination=pagination,
        locked=locked_accounts([user.id for user in pagination.items]),
        args=args,
        roles=Role,
        confirm_form=ConfirmForm(),
        back=_this_list(),
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
        return redirect(_back_to_list(request.args.get("next")))
    form = StaffUserEditForm(obj=user)
    return _user_form(form, user)


def _user_form(form, user):
    form.agency_id.choices = choices(agency_choices())
    if form.validate_on_submit():
        with shows_refusal(form):
            saved = save_staff_user(form.to_input(), user)
            flash(_("The account of %(name)s has been saved.", name=saved.name), "success")
            return redirect(_back_to_list(request.args.get("next")))
    return render_template("admin/user_form.html", form=form, user=user, back=_back_to_list(request.args.get("next")))


@bp.route("/users/<int:user_id>/<any(activate, deactivate, unlock):action>", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_user(user_id: int, action: str):
    """Whether the account may log in: activate, deactivate, or unlock it after a lockout for failed logins."""
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            if action == "unlock":
                unlock(user, current_user)
                flash(_("%(name)s can try to log in again: the account is unlocked.", name=user.name), "success")
            else:
                set_active(user, action == "activate", current_user)
                flash(
                    _("%(name)s can log in again.", name=user.name)
                    if action == "activate"
                    else _("%(name)s can no longer log in.", name=user.name),
                    "success",
                )
    return redirect(_back_to_list(request.form.get("next")))


def _this_list() -> str:
    """The user list as the admin sees it now (page, search, role), for the actions to come back to."""
    query = request.query_string.decode("ascii", "replace")
    return f"{url_for('admin.users')}?{query}" if query else url_for("admin.users")


def _back_to_list(target: str | None) -> str:
    """Where an action on an account returns: the user list page it came from, or the list's first page.

    Only the user list itself, with its query string, is accepted: ``next`` comes from the browser."""
    target = safe_next(target)
    if target is None or urlsplit(target).path != url_for("admin.users"):
        return url_for("admin.users")
    return target


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
