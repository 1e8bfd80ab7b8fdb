from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from traceapp.web.forms import Form
from traceapp.web.validators import password_strength


class LoginForm(Form):
    identifier = StringField(
        _l("Phone number or e-mail"),
        validators=[DataRequired(_l("Enter your phone number or e-mail.")), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)])
    remember = BooleanField(_l("Remember me on this device"))


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])
    new = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a new password.")), password_strength, Length(max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new", _l("The two passwords do not match.")),
        ],
    )
