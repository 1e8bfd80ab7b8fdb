"""The instrument form: what a business declares, or an inspector adds for a business found in the field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import TextInput

from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.kinds import UNITS, unit_label
from traceapp.models import AccuracyClass, InstrumentKind
from traceapp.web.forms import Form, choices, enum_choices


class LocalDecimalField(DecimalField):
    """A decimal as people in Vietnam write it: ``1,5`` or ``1.5``; thousands are not grouped. Anything else
    (``abc``, ``1,5,0``, ``NaN``) is the field's error, never a 500; the base form refuses what cannot be stored.
    A text input (with ``inputmode="decimal"`` in the template), not ``type=number``: a browser's number input
    refuses or drops the comma a Vietnamese phone keyboard types."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip().replace(" ", "")
        if not text:
            self.data = None
            return
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None
        if not value.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))
        self.data = value

    def _value(self):
        if self.raw_data is not None and self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(self.data.normalize(), "f")


def _optional_enum(enum_cls, empty_label):
    return lambda: choices([("", empty_label), *((m.value, m.label) for m in enum_cls)])


class InstrumentForm(Form):
    business_id = SelectField(_l("Business using it"), coerce=int, validate_choice=True)
    kind = SelectField(_l("Kind of instrument"), choices=enum_choices(InstrumentKind), validators=[DataRequired()])
    place_name = StringField(
        _l("Market or shop"),
        description=_l("e.g. Đức Phổ market"),
        validators=[Optional(), Length(max=200)],
    )
    stall = StringField(_l("Stall number"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    manufacturer = StringField(_l("Manufacturer"), validators=[Optional(), Length(max=120)])
    model = StringField(_l("Model"), validators=[Optional(), Length(max=120)])
    serial_number = StringField(_l("Serial number"), validators=[Optional(), Length(max=80)])
    accuracy_class = SelectField(
        _l("Accuracy class (scales)"),
        choices=_optional_enum(AccuracyClass, _l("Not marked")),
        description=_l("The class marked on the scale's data plate: I, II, III or IIII."),
        validators=[Optional()],
    )
    max_capacity = LocalDecimalField(
        _l("Maximum capacity (Max)"), places=None, description=_l("As marked, e.g. 30 or 2,5"), validators=[Optional()]
    )
    scale_interval = LocalDecimalField(
        _l("Verification scale interval (e)"),
        places=None,
        description=_l("As marked, e.g. 0,01 (10 g on a scale in kg)"),
        validators=[Optional()],
    )
    unit = SelectField(
        _l("Unit of Max and e"), choices=lambda: choices((u, unit_label(u)) for u in UNITS), default="kg"
    )
    certificate_number = StringField(_l("Verification certificate number"), validators=[Optional(), Length(max=60)])
    stamp_number = StringField(_l("Verification stamp number"), validators=[Optional(), Length(max=60)])
    verified_by = StringField(
        _l("Verified by (organisation)"),
        description=_l("e.g. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ngãi"),
        validators=[Optional(), Length(max=200)],
    )
    verified_on = DateField(_l("Verified on"), validators=[Optional()])
    stated_until = DateField(
        _l("Valid until (as the certificate states)"),
        description=_l(
            "Leave empty if the certificate states no date: it is then counted from the period for the kind."
        ),
        validators=[Optional()],
    )
    is_reference_scale = BooleanField(_l("The market's reference scale (cân đối chứng), listed publicly"))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def to_input(self) -> InstrumentInput:
        """The validated form as the service takes it."""
        return InstrumentInput(
            kind=InstrumentKind(self.kind.data),
            place_name=self.place_name.data or "",
            stall=self.stall.data or "",
            address=self.address.data or "",
            manufacturer=self.manufacturer.data or "",
            model=self.model.data or "",
            serial_number=self.serial_number.data or "",
            accuracy_class=AccuracyClass(self.accuracy_class.data) if self.accuracy_class.data else None,
            max_capacity=self.max_capacity.data,
            scale_interval=self.scale_interval.data,
            unit=self.unit.data or "kg",
            certificate_number=self.certificate_number.data or "",
            stamp_number=self.stamp_number.data or "",
            verified_by=self.verified_by.data or "",
            verified_on=self.verified_on.data,
            stated_until=self.stated_until.data,
            is_reference_scale=bool(self.is_reference_scale.data),
            note=self.note.data or "",
        )
