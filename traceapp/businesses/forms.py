from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from traceapp.businesses.inputs import BusinessProfileInput, OwnerLogin
from traceapp.models import BusinessKind
from traceapp.web.forms import Form, enum_choices
from traceapp.web.validators import password_strength, phone_number


class BusinessProfileForm(Form):
    name = StringField(_l("Business name"), validators=[DataRequired(_l("Enter the business name.")), Length(max=200)])
    kind = SelectField(_l("Type of business"), choices=enum_choices(BusinessKind), validators=[DataRequired()])
    registration_number = StringField(
        _l("Business registration or tax number"),
        description=_l("10 or 13 digits for a tax number; a household business may use its registration number."),
        validators=[
            DataRequired(_l("Enter the registration or tax number.")),
            Length(min=6, max=20, message=_l("Between 6 and 20 characters.")),
            Regexp(r"^[0-9A-Za-z\-/.]+$", message=_l("Use digits, letters, '-', '/' or '.' only.")),
        ],
    )
    owner_name = StringField(
        _l("Owner or legal representative"), validators=[DataRequired(_l("Enter the owner's name.")), Length(max=120)]
    )
    phone = StringField(_l("Business phone"), validators=[DataRequired(_l("Enter a phone number.")), phone_number])
    email = EmailField(
        _l("Business e-mail (optional)"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    address = StringField(_l("Address"), validators=[DataRequired(_l("Enter the address.")), Length(max=300)])
    quarter = StringField(_l("Residential quarter (khu phố / tổ dân phố)"), validators=[Optional(), Length(max=100)])
    sector = StringField(
        _l("Line of business"),
        description=_l("For example: fish sauce, dried seafood, agricultural produce."),
        validators=[Optional(), Length(max=200)],
    )

    def to_input(self) -> BusinessProfileInput:
        """The validated form as the service takes it."""
        return BusinessProfileInput(
            name=self.name.data,
            kind=BusinessKind(self.kind.data),
            registration_number=self.registration_number.data,
            owner_name=self.owner_name.data,
            phone=self.phone.data,
            address=self.address.data,
            email=self.email.data or "",
            quarter=self.quarter.data or "",
            sector=self.sector.data or "",
        )


class BusinessSignupForm(BusinessProfileForm):
    login_phone = StringField(
        _l("Your mobile phone (for logging in)"), validators=[DataRequired(_l("Enter a phone number.")), phone_number]
    )
    login_email = EmailField(
        _l("Your e-mail (optional, also for logging in)"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Choose a password.")), password_strength, Length(max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )

    def to_login(self) -> OwnerLogin:
        """The owner's account as the service takes it."""
        return OwnerLogin(phone=self.login_phone.data, password=self.password.data, email=self.login_email.data or "")


class ReasonForm(Form):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(_l("Give the reason; the business will see it.")), Length(max=1000)]
    )
