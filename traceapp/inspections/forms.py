"""Forms of the inspection register: the inspection header, team, checked items, violations and steps."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    DateTimeLocalField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from traceapp.inspections.checklist import ANSWERS, CHECKS, Check
from traceapp.inspections.inputs import AmendmentInput, InspectionInput, MemberInput, ViolationInput
from traceapp.models import CheckResult, InspectionField, InspectionKind, Measure, TeamRole, ViolationCategory
from traceapp.web.forms import Form, MultiCheckboxField, choices, enum_choices
from traceapp.web.storable import whole_number


def _id(value: object) -> int | None:
    """A record id from a hidden field: digits only, and short enough for any database's integer."""
    return whole_number(str(value or ""))


class InspectionForm(Form):
    agency_id = SelectField(_l("Agency in charge"), coerce=int, validators=[DataRequired(_l("Choose the agency."))])
    kind = SelectField(_l("Kind of inspection"), choices=enum_choices(InspectionKind), validators=[DataRequired()])
    fields = MultiCheckboxField(
        _l("Fields"), choices=enum_choices(InspectionField), validators=[DataRequired(_l("Tick at least one field."))]
    )
    business_id = HiddenField()
    business_query = StringField(
        _l("Registered business"),
        description=_l("Type a name, a phone number or a product code; leave empty for an unregistered place."),
        validators=[Optional(), Length(max=100)],
    )
    place_name = StringField(
        _l("Unregistered place (name)"),
        description=_l("e.g. a stall in Thạch Trụ market, when the seller is not registered."),
        validators=[Optional(), Length(max=200)],
    )
    place_address = StringField(_l("Address of the place"), validators=[Optional(), Length(max=300)])
    decision_number = StringField(_l("Inspection decision number (if any)"), validators=[Optional(), Length(max=60)])
    started_at = DateTimeLocalField(
        _l("Start time"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[DataRequired(_l("Enter the start time."))],
    )
    latitude = FloatField(validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField(validators=[Optional(), NumberRange(-180, 180)])
    report_id = HiddenField()

    def validate_business_id(self, field):
        if field.data and whole_number(str(field.data)) is None:
            raise ValidationError(_l("Choose the business from the list."))

    def to_input(self) -> InspectionInput:
        """The validated form as the services take it."""
        return InspectionInput(
            agency_id=self.agency_id.data,
            kind=InspectionKind(self.kind.data),
            fields=tuple(InspectionField(value) for value in self.fields.data or ()),
            started_at=self.started_at.data,
            business_id=_id(self.business_id.data),
            place_name=self.place_name.data or "",
            place_address=self.place_address.data or "",
            decision_number=self.decision_number.data or "",
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            report_id=_id(self.report_id.data),
        )


def _account_id(value: object) -> int:
    """The chosen account's id, 0 for none; anything else is -1, which no choice has ("Not a valid choice")."""
    if value in (None, "", 0, "0"):
        return 0
    found = _id(value)
    return -1 if found is None else found


class MemberForm(Form):
    """A staff account (who may then work on the record) or a person named only; the view sets the accounts."""

    user_id = SelectField(
        _l("Staff account"),
        coerce=_account_id,
        choices=[],
        default=0,
        description=_l("Someone with an account may work on this record too; others are named below."),
    )
    name = StringField(
        _l("Full name"),
        description=_l("Leave empty to use the account's name."),
        validators=[Optional(), Length(max=120)],
    )
    role = SelectField(_l("Role in the team"), choices=enum_choices(TeamRole), validators=[DataRequired()])
    position = StringField(_l("Position and unit"), validators=[Optional(), Length(max=120)])

    def to_input(self) -> MemberInput:
        return MemberInput(
            name=self.name.data or "",
            role=TeamRole(self.role.data),
            position=self.position.data or "",
            user_id=self.user_id.data or None,
        )


def _check_field(check: Check) -> RadioField:
    """A line's answer: pass, fail or not applicable, none chosen until the inspector chooses one."""
    return RadioField(
        check.label,
        choices=lambda: choices((r.value, r.label) for r in CheckResult),
        validators=[Optional()],
        validate_choice=False,  # unanswered is allowed in a draft; a value outside the answers is refused below
    )


class ItemForm(Form):
    """One checked item; a radio group per line of the inspection's checklist (fields added below the class).

    ``lines`` are the lines the inspection's fields ask (``checklist.lines_for``); none has an answer until
    the inspector gives one."""

    code = StringField(
        _l("Printed code or scanned link"),
        description=_l("The 8-character code under the QR (ABCD-2345), or the link a QR scanner shows."),
        validators=[Optional(), Length(max=300)],
    )
    description = StringField(
        _l("Goods without a code"),
        description=_l("Name, brand and packing of goods that carry no code of ours."),
        validators=[Optional(), Length(max=300)],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    photos = MultipleFileField(_l("Photos (several allowed)"))

    def __init__(self, *args, lines: tuple[Check, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines

    def check_fields(self) -> list[tuple[Check, RadioField]]:
        return [(check, getattr(self, "check_" + check.key)) for check in self.lines]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for _check, field in self.check_fields():
            if field.data and field.data not in ANSWERS:
                field.errors = [*field.errors, _l("Choose pass, fail or not applicable.")]
                valid = False
        return valid

    def checks(self) -> dict[str, str]:
        """The answers given; a line left unanswered is absent."""
        return {check.key: field.data for check, field in self.check_fields() if field.data}

    def photo_files(self) -> list[FileStorage]:
        """The files actually chosen (a browser sends an empty part when none is)."""
        return [photo for photo in self.photos.data or [] if photo and photo.filename]


for _line in CHECKS:
    setattr(ItemForm, "check_" + _line.key, _check_field(_line))


class ViolationForm(Form):
    category = SelectField(
        lazy_pgettext("violation", "Category"), choices=enum_choices(ViolationCategory), validators=[DataRequired()]
    )
    description = TextAreaField(
        _l("What was found"), validators=[DataRequired(_l("Describe the violation.")), Length(max=4000)]
    )
    item_ids = MultiCheckboxField(_l("Items concerned"), coerce=int, validate_choice=True)
    measure = SelectField(_l("Measure"), choices=enum_choices(Measure), validators=[DataRequired()])
    fine_vnd = IntegerField(
        _l("Fine (VND)"),
        validators=[
            Optional(),
            NumberRange(0, 10_000_000_000, _l("The fine is a whole number of đồng, not negative.")),
        ],
    )
    seized_quantity = StringField(
        _l("Goods seized (quantity)"), description=_l("e.g. 24 chai 500 ml"), validators=[Optional(), Length(max=100)]
    )
    seized_value_vnd = IntegerField(
        _l("Value of the goods seized (VND)"),
        validators=[
            Optional(),
            NumberRange(0, 10_000_000_000, _l("The value is a whole number of đồng, not negative.")),
        ],
    )
    remedy_deadline = DateField(_l("Deadline to remedy"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        # Optional() stops the fine's own validators when it is empty, so the "fine needs an amount" rule is here.
        valid = super().validate(extra_validators)
        if self.measure.data == Measure.FINE and not self.fine_vnd.data and not self.fine_vnd.errors:
            self.fine_vnd.errors.append(_l("Enter the amount of the fine."))
            return False
        return valid

    def to_input(self) -> ViolationInput:
        return ViolationInput(
            category=ViolationCategory(self.category.data),
            description=self.description.data or "",
            measure=Measure(self.measure.data),
            item_ids=tuple(self.item_ids.data or ()),
            fine_vnd=self.fine_vnd.data,
            seized_quantity=self.seized_quantity.data or "",
            seized_value_vnd=self.seized_value_vnd.data,
            remedy_deadline=self.remedy_deadline.data,
        )


class StepForm(Form):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class RemedyForm(Form):
    note = TextAreaField(
        _l("What you have done to remedy it"),
        validators=[DataRequired(_l("Say what you have done.")), Length(max=2000)],
    )


class SubmitForm(Form):
    conclusion = TextAreaField(
        _l("Conclusion"), validators=[DataRequired(_l("Write the conclusion of the inspection.")), Length(max=4000)]
    )


class AmendmentForm(Form):
    decision_number = StringField(_l("Inspection decision number"), validators=[Optional(), Length(max=60)])
    result = SelectField(
        _l("Result"),
        choices=lambda: choices((r.value, r.label) for r in (CheckResult.PASS, CheckResult.FAIL)),
        validators=[DataRequired()],
    )
    conclusion = TextAreaField(_l("Conclusion"), validators=[DataRequired(), Length(max=4000)])
    reason = TextAreaField(
        _l("Why is it corrected?"),
        validators=[DataRequired(_l("Give the reason for the correction.")), Length(max=2000)],
    )

    def to_input(self) -> AmendmentInput:
        return AmendmentInput(
            decision_number=self.decision_number.data or "",
            result=CheckResult(self.result.data),
            conclusion=self.conclusion.data or "",
            reason=self.reason.data or "",
        )


class RecallForm(Form):
    reason = TextAreaField(
        _l("Reason for the recall"), validators=[DataRequired(_l("Give the reason for the recall.")), Length(max=2000)]
    )
    recalled_on = DateField(_l("Date of the recall"), validators=[DataRequired(_l("Enter the date."))])
