"""Forms for products, certifications, batches and label sheets."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from traceapp.labels import MAX_LABELS, SIZES_MM, Layout
from traceapp.models import CertificationKind, ProductCategory
from traceapp.web.forms import Form, choices, enum_choices
from traceapp.web.validators import gtin


class ProductForm(Form):
    name = StringField(_l("Product name"), validators=[DataRequired(_l("Enter the product name.")), Length(max=200)])
    category = SelectField(_l("Category"), choices=enum_choices(ProductCategory), validators=[DataRequired()])
    gtin = StringField(
        _l("GTIN barcode number (optional)"),
        description=_l("The 8, 12, 13 or 14 digits under the barcode, e.g. 893…"),
        validators=[Optional(), Length(max=20), gtin],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    ingredients = TextAreaField(_l("Ingredients"), validators=[Optional(), Length(max=2000)])
    origin = StringField(
        _l("Origin"),
        description=_l("Where it is made or grown, e.g. Sa Huỳnh, Đức Phổ, Quảng Ngãi."),
        validators=[Optional(), Length(max=200)],
    )
    net_quantity = StringField(
        _l("Net quantity"), description=_l("e.g. 500 ml, 1 kg"), validators=[Optional(), Length(max=50)]
    )
    shelf_life = StringField(
        _l("Shelf life"),
        description=_l("e.g. 24 months from the production date"),
        validators=[Optional(), Length(max=50)],
    )
    standard_applied = StringField(
        _l("Standard applied (TCVN / QCVN / TCCS)"), validators=[Optional(), Length(max=100)]
    )
    conformity_declaration = StringField(
        _l("Conformity declaration (number, date)"), validators=[Optional(), Length(max=200)]
    )
    image = FileField(_l("Product photo (JPEG, PNG or WebP)"))


class CertificationForm(Form):
    kind = SelectField(_l("Certification"), choices=enum_choices(CertificationKind), validators=[DataRequired()])
    stars = IntegerField(
        _l("OCOP stars"), validators=[Optional(), NumberRange(1, 5, _l("OCOP stars are from 1 to 5."))]
    )
    number = StringField(_l("Certificate number"), validators=[Optional(), Length(max=100)])
    issuer = StringField(_l("Issued by"), validators=[Optional(), Length(max=200)])
    issued_on = DateField(_l("Issued on"), validators=[Optional()])
    expires_on = DateField(_l("Valid until"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        # Stars are optional in general but required for OCOP; Optional() would skip a field-level check.
        valid = super().validate(extra_validators)
        if self.kind.data == CertificationKind.OCOP and not self.stars.data and not self.stars.errors:
            self.stars.errors.append(_l("Give the number of OCOP stars (1 to 5)."))
            return False
        return valid

    def validate_expires_on(self, field):
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError(_l("The expiry date is before the issue date."))


class BatchForm(Form):
    lot_code = StringField(
        _l("Lot code"),
        description=_l("As printed on the package; up to 20 letters, digits or - / ."),
        validators=[
            DataRequired(_l("Enter the lot code.")),
            Length(max=20, message=_l("A lot code has at most 20 characters.")),
            Regexp(r"^[0-9A-Za-z\-/.]+$", message=_l("Use letters, digits, '-', '/' or '.' only.")),
        ],
    )
    production_date = DateField(_l("Production date"), validators=[Optional()])
    expiry_date = DateField(_l("Expiry date"), validators=[Optional()])
    quantity = DecimalField(
        _l("Quantity"),
        places=None,
        validators=[Optional(), NumberRange(min=0, message=_l("The quantity cannot be negative."))],
    )
    unit = StringField(_l("Unit"), description=_l("e.g. chai, hũ, kg, thùng"), validators=[Optional(), Length(max=20)])

    def validate_expiry_date(self, field):
        if field.data and self.production_date.data and field.data < self.production_date.data:
            raise ValidationError(_l("The expiry date is before the production date."))


class StatusReasonForm(Form):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])


class LabelSheetForm(Form):
    """Read from the query string (a GET that downloads a PDF changes nothing, so it carries no CSRF token)."""

    class Meta:
        csrf = False

    size = SelectField(
        _l("Label size"),
        choices=lambda: choices(
            (size, _l("%(size)s mm high, %(width)s mm wide", size=size, width=2 * size)) for size in SIZES_MM
        ),
        default="30",
        validators=[DataRequired(_l("Choose a label size."))],
    )
    count = IntegerField(
        _l("Number of labels"),
        default=20,
        validators=[
            InputRequired(_l("Enter how many labels to print.")),
            NumberRange(1, MAX_LABELS, _l("Print from 1 to %(max)s labels at a time.", max=MAX_LABELS)),
        ],
    )
    margin = DecimalField(
        _l("Page margin (mm)"),
        default=10,
        description=_l("The blank border of the sticker sheet; most printers need at least 5 mm."),
        validators=[
            InputRequired(_l("Enter the page margin.")),
            NumberRange(0, 40, _l("The margin is from 0 to 40 mm.")),
        ],
    )
    gap = DecimalField(
        _l("Gap between labels (mm)"),
        default=2,
        validators=[Optional(), NumberRange(0, 20, _l("The gap is from 0 to 20 mm."))],
    )
    cut_lines = BooleanField(_l("Print thin cutting lines"), default=True)

    def layout(self) -> Layout:
        return Layout(
            size_mm=float(self.size.data),
            count=self.count.data,
            margin_mm=float(self.margin.data),
            gap_mm=float(self.gap.data or 0),
            cut_lines=bool(self.cut_lines.data),
        )
