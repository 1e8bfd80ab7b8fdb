"""The base form (WTForms' built-in messages through our catalogue), fields several features share, and choice
helpers."""

from __future__ import annotations

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

# WTForms has no Vietnamese catalogue; these are its messages our forms can show, listed for extraction.
WTFORMS_MESSAGES = (
    _l("Not a valid date value."),
    _l("Not a valid decimal value."),
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be at least %(min)d characters long."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Invalid input."),
)


class _BabelTranslations:
    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    """All forms derive from this so that every message, WTForms' own included, is in the user's language."""

    class Meta:
        def get_translations(self, form):
            return _BabelTranslations()


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
