from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from traceapp.auth import bp
from traceapp.auth.forms import ChangePasswordForm, LoginForm
from traceapp.auth.services import authenticate, change_password, log_out
from traceapp.extensions import limiter
from traceapp.web.navigation import home_for, safe_next
from traceapp.web.outcomes import shows_refusal


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            user = authenticate(form.identifier.data, form.password.data)
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = current_user._get_current_object()
    logout_user()
    log_out(user)  # every session of the user ends, a copied cookie too (traceapp/auth/services.py)
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            user = current_user._get_current_object()
            change_password(user, form.current.data, form.new.data)
            # The other sessions have ended; this one goes on with the new token (and a new remember-me cookie
            # if this device had one).
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            login_user(user, remember=remembered)
            flash(_("Your password has been changed."), "success")
            return redirect(home_for(user))
    return render_template("auth/password.html", form=form)
