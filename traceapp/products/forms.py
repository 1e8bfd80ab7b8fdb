"""Forms for products, certifications and batches (the label sheet form is in traceapp/labels)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from traceapp.models import CertificationKind, ProductCategory
from traceapp.products.inputs import BatchInput, CertificationInput, ProductInput
from traceapp.web.forms import Form, enum_choices
from traceapp.web.validators import gtin


class ProductForm(Form):
    name = StringField(_l("Product name"), validators=[DataRequired(_l("Enter the product name.")), Length(max=200)])
    category = SelectField(
        lazy_pgettext("product", "Category"), choices=enum_choices(ProductCategory), validators=[DataRequired()]
    )
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

    def to_input(self) -> ProductInput:
        """The validated form as the service takes it."""
        return ProductInput(
            name=self.name.data,
            category=ProductCategory(self.category.data),
            gtin=self.gtin.data or "",
            description=self.description.data or "",
            ingredients=self.ingredients.data or "",
            origin=self.origin.data or "",
            net_quantity=self.net_quantity.data or "",
            shelf_life=self.shelf_life.data or "",
            standard_applied=self.standard_applied.data or "",
            conformity_declaration=self.conformity_declaration.data or "",
        )


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

    def to_input(self) -> CertificationInput:
        """The validated form as the service takes it."""
        return CertificationInput(
            kind=CertificationKind(self.kind.data),
            stars=self.stars.data,
            number=self.number.data or "",
            issuer=self.issuer.data or "",
            issued_on=self.issued_on.data,
            expires_on=self.expires_on.data,
        )


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

    def to_input(self) -> BatchInput:
        """The validated form as the service takes it."""
        return BatchInput(
            lot_code=self.lot_code.data,
            production_date=self.production_date.data,
            expiry_date=self.expiry_date.data,
            quantity=self.quantity.data,
            unit=self.unit.data or "",
        )


class StatusReasonForm(Form):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])
