"""The base form (WTForms' built-in messages through our catalogue, every number and date checked against what the
database holds), fields several features share, and choice helpers."""

from __future__ import annotations

from flask_babel import get_translations, gettext, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeField, DecimalField, FloatField, IntegerField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.validators import NumberRange, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from traceapp.web import storable
from traceapp.web.formatting import format_date

# WTForms has no Vietnamese catalogue; these are its messages our forms can show, listed for extraction. The plural
# ones go through ``ngettext`` (a long text, several wrong choices), so they are listed as plurals.
WTFORMS_MESSAGES = (
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 2
    ),
    lazy_ngettext(
        "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 2
    ),
    lazy_ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 2),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 2
    ),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Invalid input."),
)


class _BabelTranslations:
    """WTForms' translations hook. WTForms fills the placeholders itself (``message % dict(min=..., max=...)``),
    so the catalogue's text is returned as it is: Flask-Babel's ``ngettext`` would fill ``%(num)d`` first and
    fail on ``%(max)d`` (a KeyError, a 500, for any over-long field)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


def _integer_bound(field) -> int:
    """What an INTEGER column (or an id) holds, unless the field's own ``NumberRange`` allows more (a fine is a
    BIGINT): within that, the field's own range and message apply."""
    declared = [v.max for v in field.validators if isinstance(v, NumberRange) and v.max is not None]
    return min(max([storable.MAX_ID, *declared]), storable.MAX_BIGINT)


def fits_storage(form, field) -> None:
    """Put first in every number and date field's chain: a value the database cannot hold (an id of twenty
    digits, ``NaN``, the year 9999) is the field's error, before any other validator compares it."""
    value = field.data
    if value is None or field.errors:
        return
    if isinstance(field, IntegerField):
        fits = storable.integer_fits(value, _integer_bound(field))
    elif isinstance(field, DecimalField):
        fits = storable.decimal_fits(value)
    elif isinstance(field, FloatField):
        fits = storable.float_fits(value)
    else:
        fits = storable.date_fits(value)
    if fits:
        return
    if isinstance(field, DateTimeField):
        message = gettext(
            "Enter a date from %(first)s to %(last)s.",
            first=format_date(storable.FIRST_DATE),
            last=format_date(storable.LAST_DATE),
        )
    elif isinstance(value, int) or storable.finite(value):
        message = gettext("This number is too large.")
    else:  # NaN, Infinity
        message = gettext("Enter a number written in digits.")
    raise StopValidation(message)


CHECKED_FIELDS = (IntegerField, DecimalField, FloatField, DateTimeField)  # DateField is a DateTimeField


class Form(FlaskForm):
    """All forms derive from this so that every message, WTForms' own included, is in the user's language, and
    no number or date a client sends reaches the database unless it fits."""

    class Meta(DefaultMeta):
        def get_translations(self, form):
            return _BabelTranslations()

        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, CHECKED_FIELDS):
                field.validators = [fits_storage, *field.validators]
            return field


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one list field: bigger targets than a multi-select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as the option objects WTForms 3.3 wants (tuples are deprecated)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def enum_choices(enum_cls):
    """The options of a labelled enum, built when the form is (so labels follow the request's language)."""
    return lambda: choices((member.value, member.label) for member in enum_cls)


class ConfirmForm(Form):
    """An empty form: a POST button (after a confirmation) that carries only the CSRF token."""
