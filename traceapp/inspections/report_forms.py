"""Forms of the consumer-report triage: hand the report to someone, link it to an inspection, answer it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from traceapp.web.forms import Form


def _strip(value):
    return value.strip() if isinstance(value, str) else value


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
