"""Forms of consumer reports: the consumer's report (sent without an account, so every field is checked here),
and the staff's triage (hand the report to someone, link it to an inspection, answer it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from traceapp import codes
from traceapp.consumer_reports.inputs import NewReport
from traceapp.models import ReportKind
from traceapp.web.forms import Form, enum_choices
from traceapp.web.validators import phone_number


def _strip(value):
    return value.strip() if isinstance(value, str) else value


# --- the consumer's side ----------------------------------------------------------------------------------


class ReportForm(Form):
    code = StringField(
        _l("Code printed under the QR (if any)"),
        filters=[_strip],
        description=_l("8 letters and digits, for example ABCD-2345."),
        validators=[Optional(), Length(max=40)],
    )
    place = StringField(
        _l("Where did you buy it?"),
        filters=[_strip],
        description=_l("Shop, market stall or address."),
        validators=[Length(max=300)],
    )
    kind = RadioField(
        _l("What is wrong?"),
        choices=enum_choices(ReportKind),
        validators=[DataRequired(_l("Choose what is wrong with the product."))],
    )
    message = TextAreaField(
        _l("Describe the problem"),
        filters=[_strip],
        description=_l("What you noticed, when and where; 10 to 2000 characters."),
        validators=[
            DataRequired(_l("Describe the problem.")),
            Length(min=10, max=2000, message=_l("Write between 10 and 2000 characters.")),
        ],
    )
    photo = FileField(_l("Photo (optional)"), description=_l("A photo of the product or its label helps the ward."))
    phone = StringField(
        _l("Your phone number (optional)"),
        filters=[_strip],
        description=_l("Only the ward's staff see it, to call you back if needed."),
        validators=[Optional(), Length(max=20), phone_number],
    )
    # A honeypot: hidden from people by CSS; a bot filling every field gives itself away.
    website = StringField(_l("Leave this field empty"))

    def validate_code(self, field):
        if field.data and not codes.is_well_formed(codes.normalise(field.data)):
            raise ValidationError(
                _l("Type the 8-character code printed under the QR (for example ABCD-2345), or leave it empty.")
            )

    def validate_place(self, field):
        if not field.data and not self.code.data:
            raise ValidationError(_l("Say where you bought it, or give the code printed under the QR."))

    def looks_automated(self) -> bool:
        return bool((self.website.data or "").strip())

    def to_input(self) -> NewReport:
        """The validated form as the service takes it."""
        photo = self.photo.data
        return NewReport(
            kind=ReportKind(self.kind.data),
            message=self.message.data or "",
            code=self.code.data or "",
            place=self.place.data or "",
            phone=self.phone.data or "",
            photo=photo if photo and photo.filename else None,
        )


# --- the ward's side --------------------------------------------------------------------------------------


class AssignForm(Form):
    # Choices are the current user and the active inspectors and police, set by the view.
    assignee = SelectField(
        _l("Hand to"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose who handles the report."))],
    )


class LinkForm(Form):
    number = StringField(
        _l("Inspection number"),
        filters=[_strip],
        description=_l("For example KT-2026-0012."),
        validators=[DataRequired(_l("Enter the number of the inspection.")), Length(max=30)],
    )


class ReplyForm(Form):
    reply = TextAreaField(
        _l("Reply to the person who reported"),
        filters=[_strip],
        description=_l("Shown on the public tracking page. Do not write personal details."),
        validators=[DataRequired(_l("Write a reply to the person who sent the report.")), Length(max=2000)],
    )
