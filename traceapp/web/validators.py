"""WTForms validators with messages in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from traceapp import gs1
from traceapp.phones import is_valid_phone


def phone_number(form, field) -> None:
    if field.data and not is_valid_phone(field.data):
        raise ValidationError(_l("Enter a Vietnamese phone number, e.g. 0905 123 456."))


def gtin(form, field) -> None:
    if field.data:
        try:
            gs1.normalise_gtin(field.data)
        except gs1.GtinError as exc:
            raise ValidationError(str(exc)) from None


def password_strength(form, field) -> None:
    value = field.data or ""
    if len(value) < 8 or value.isdigit() or value.isalpha():
        raise ValidationError(_l("Use at least 8 characters, with both letters and digits."))
