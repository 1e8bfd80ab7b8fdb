"""Forms for cooperation events, invitations, attendance, commitments and technology records."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from traceapp.cooperation.inputs import EventInput, TechnologyInput
from traceapp.models import CommitmentStatus, EventKind, EventTopic, TechnologyKind
from traceapp.web.forms import Form, MultiCheckboxField, enum_choices


class EventForm(Form):
    kind = SelectField(_l("Kind"), choices=enum_choices(EventKind), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=200)])
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date."))])
    starts_at = StringField(
        _l("Start time"),
        description=_l("e.g. 08:00"),
        validators=[
            Optional(),
            Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Write the time as HH:MM, e.g. 08:00.")),
        ],
    )
    place = StringField(_l("Place"), validators=[DataRequired(_l("Enter the place.")), Length(max=300)])
    agency_id = SelectField(_l("Organising agency"), coerce=int, validators=[DataRequired(_l("Choose the agency."))])
    topics = MultiCheckboxField(
        _l("Topics"), choices=enum_choices(EventTopic), validators=[DataRequired(_l("Tick at least one topic."))]
    )
    participants = IntegerField(
        _l("Number of participants"),
        validators=[Optional(), NumberRange(0, 100_000, _l("The number cannot be negative."))],
    )
    conclusions = TextAreaField(_l("Conclusions"), validators=[Optional(), Length(max=8000)])

    def to_input(self) -> EventInput:
        """The validated form as the service takes it."""
        return EventInput(
            kind=EventKind(self.kind.data),
            title=self.title.data or "",
            held_on=self.held_on.data,
            place=self.place.data or "",
            agency_id=self.agency_id.data,
            topics=tuple(self.topics.data or ()),
            starts_at=self.starts_at.data or "",
            participants=self.participants.data,
            conclusions=self.conclusions.data or "",
        )


class InviteForm(Form):
    """The filter over verified businesses (a GET form); the POST carries the same fields back."""

    sector = StringField(_l("Line of business contains"), validators=[Optional(), Length(max=100)])
    quarter = StringField(_l("Quarter (khu phố / tổ dân phố) contains"), validators=[Optional(), Length(max=100)])
    name = StringField(_l("Name contains"), validators=[Optional(), Length(max=100)])


class CheckInForm(Form):
    """Either ``business_id`` (a button on the invitation list) or ``code`` (scanned or typed at the door)."""

    business_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    code = StringField(
        _l("Code of one of its products, or its name"),
        description=_l("Scan the QR code on one of its products or type the code printed under it."),
        validators=[Optional(), Length(max=300)],
    )
    attendees = IntegerField(_l("People present"), validators=[Optional(), NumberRange(0, 1000)])


class CommitmentForm(Form):
    text = TextAreaField(
        _l("Commitment or conclusion to follow up"),
        validators=[DataRequired(_l("Write the commitment.")), Length(max=2000)],
    )
    business_id = SelectField(_l("Business concerned (optional)"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()])


class FollowUpForm(Form):
    status = SelectField(_l("Status"), choices=enum_choices(CommitmentStatus), validators=[DataRequired()])
    follow_up = TextAreaField(_l("Follow-up"), validators=[Optional(), Length(max=2000)])


class AttachmentForm(Form):
    file = FileField(_l("File (PDF, Word, Excel, JPEG or PNG)"))


class AnswerForm(Form):
    attendees = IntegerField(_l("How many people will you send?"), validators=[Optional(), NumberRange(0, 50)])


class TechnologyForm(Form):
    kind = SelectField(
        _l("Technology or certified system"), choices=enum_choices(TechnologyKind), validators=[DataRequired()]
    )
    detail = StringField(
        _l("Details"),
        description=_l("e.g. the software's name, the sensors used, the e-invoice provider"),
        validators=[Optional(), Length(max=300)],
    )
    certificate_number = StringField(
        _l("Certificate number"),
        description=_l(
            "For ISO 9001, ISO 22000, HACCP, VietGAP and OCOP: the number, issuer and expiry on the certificate."
        ),
        validators=[Optional(), Length(max=100)],
    )
    issued_by = StringField(_l("Issued by"), validators=[Optional(), Length(max=200)])
    expires_on = DateField(_l("Valid until"), validators=[Optional()])

    def to_input(self) -> TechnologyInput:
        """The validated form as the service takes it."""
        return TechnologyInput(
            kind=TechnologyKind(self.kind.data),
            detail=self.detail.data or "",
            certificate_number=self.certificate_number.data or "",
            issued_by=self.issued_by.data or "",
            expires_on=self.expires_on.data,
        )


class ReviewForm(Form):
    note = TextAreaField(_l("Note (required to reject)"), validators=[Optional(), Length(max=1000)])
