"""Forms for the inputs and outputs of a batch and the counterparty's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from traceapp.supply.inputs import InputDetails, OutputDetails
from traceapp.web.forms import Form
from traceapp.web.storable import whole_number


class _Details(Form):
    shipped_on = DateField(_l("Date"), validators=[Optional()])
    quantity = DecimalField(
        _l("Quantity"),
        places=None,
        validators=[Optional(), NumberRange(min=0, message=_l("The quantity cannot be negative."))],
    )
    unit = StringField(_l("Unit"), description=_l("e.g. kg, lít, thùng"), validators=[Optional(), Length(max=20)])
    document_ref = StringField(_l("Invoice or delivery note number"), validators=[Optional(), Length(max=100)])


class InputForm(_Details):
    code = StringField(
        _l("Code of the batch used"),
        description=_l("The code under the QR of the other business's batch, or the link it opens."),
        validators=[Optional(), Length(max=300)],
    )
    supplier_name = StringField(_l("Or an outside supplier (name)"), validators=[Optional(), Length(max=200)])
    supplier_address = StringField(_l("Supplier's address"), validators=[Optional(), Length(max=300)])

    def to_input(self) -> InputDetails:
        """The validated form as the service takes it."""
        return InputDetails(
            shipped_on=self.shipped_on.data,
            quantity=self.quantity.data,
            unit=self.unit.data or "",
            document_ref=self.document_ref.data or "",
            code=self.code.data or "",
            supplier_name=self.supplier_name.data or "",
            supplier_address=self.supplier_address.data or "",
        )


class OutputForm(_Details):
    business_id = HiddenField()
    business_query = StringField(
        _l("Registered business that received it"),
        description=_l("Type its name, phone or the code of one of its products."),
        validators=[Optional(), Length(max=100)],
    )
    buyer_name = StringField(_l("Or an outside buyer (name)"), validators=[Optional(), Length(max=200)])
    buyer_address = StringField(_l("Buyer's address"), validators=[Optional(), Length(max=300)])

    def to_input(self) -> OutputDetails:
        """The validated form as the service takes it; a business id that is not a number counts as none."""
        chosen = (self.business_id.data or "").strip()
        return OutputDetails(
            shipped_on=self.shipped_on.data,
            quantity=self.quantity.data,
            unit=self.unit.data or "",
            document_ref=self.document_ref.data or "",
            business_id=whole_number(chosen),
            buyer_name=self.buyer_name.data or "",
            buyer_address=self.buyer_address.data or "",
        )


class DecisionForm(Form):
    batch_id = SelectField(_l("Your batch made from this delivery (optional)"), coerce=str, validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])
