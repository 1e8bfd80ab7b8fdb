from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from traceapp.admin.inputs import StaffUserInput
from traceapp.models import STAFF_ROLES, Role
from traceapp.web.forms import Form, choices
from traceapp.web.validators import password_strength, phone_number


def staff_role_choices():
    return choices((role.value, role.label) for role in STAFF_ROLES)


class StaffUserForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the full name.")), Length(max=120)])
    phone = StringField(_l("Mobile phone"), validators=[Optional(), phone_number])
    email = EmailField(
        _l("E-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)]
    )
    role = SelectField(_l("Role"), choices=staff_role_choices, validators=[DataRequired()])
    agency_id = SelectField(_l("Agency"), coerce=int, validators=[DataRequired(_l("Choose the agency."))])
    password = PasswordField(
        _l("Initial password"), validators=[DataRequired(_l("Choose a password.")), password_strength]
    )

    def validate(self, extra_validators=None) -> bool:
        # Both fields are Optional() on their own, which skips field-level checks when empty.
        valid = super().validate(extra_validators)
        if not self.phone.data and not self.email.data:
            self.phone.errors.append(_l("Give a phone number or an e-mail: one of them is needed to log in."))
            return False
        return valid

    def to_input(self) -> StaffUserInput:
        """The validated form as the service takes it."""
        return StaffUserInput(
            name=self.name.data,
            role=Role(self.role.data),
            agency_id=self.agency_id.data,
            phone=self.phone.data or "",
            email=self.email.data or "",
            password=self.password.data or "",
        )


class StaffUserEditForm(StaffUserForm):
    password = PasswordField(_l("New password (leave empty to keep)"), validators=[Optional(), password_strength])


class AgencyForm(Form):
    name = StringField(_l("Agency name"), validators=[DataRequired(_l("Enter the agency name.")), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[DataRequired(_l("Enter a short name.")), Length(max=50)])
