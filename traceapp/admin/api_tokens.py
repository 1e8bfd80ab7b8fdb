"""The administrator's page for the province's API tokens: list, issue (the secret shown once), revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from traceapp.admin import bp
from traceapp.api import tokens
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.models import ApiToken, Role
from traceapp.web.access import roles_required
from traceapp.web.forms import ConfirmForm, Form
from traceapp.web.outcomes import shows_refusal


class TokenForm(Form):
    name = StringField(
        _l("Who the token is for"),
        validators=[DataRequired(_l("Say who the token is for.")), Length(max=120)],
        description=_l("For example: Department of Science and Technology – TĐC database"),
    )
    expires_on = DateField(
        _l("Valid until (optional)"),
        validators=[Optional()],
        description=_l("Leave empty for a token that works until it is revoked."),
    )


@bp.route("/api-tokens", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def api_tokens():
    """A POST answers with the page itself, not a redirect: the secret must not travel in a cookie or a URL."""
    form = TokenForm()
    secret = issued = None
    if form.validate_on_submit():
        with shows_refusal(form):
            issued, secret = tokens.issue(form.name.data, form.expires_on.data, current_user, local_today())
            form = TokenForm(formdata=None)
    response = render_template(
        "admin/api_tokens.html",
        form=form,
        tokens=tokens.all_tokens(),
        secret=secret,
        issued=issued,
        confirm_form=ConfirmForm(),
        now=utcnow(),
        is_expired=tokens.is_expired,
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke_api_token(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(token)
        flash(_("The token of %(name)s has been revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("admin.api_tokens"))
