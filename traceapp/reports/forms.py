"""Forms of the plan report: the report's header (number, signer), a department's input, the lock."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from traceapp.reports.plan import SIGNER_TITLES
from traceapp.web.forms import Form, choices

TEXT_LIMIT = 8000


class HeaderForm(Form):
    number = StringField(
        _l("Number and symbol"),
        validators=[Length(max=60)],
        description=_l("As the clerk registers it, e.g. 215/BC-UBND; it can be left for later."),
    )
    signer_name = StringField(_l("Signer's full name"), validators=[DataRequired(), Length(max=120)])
    signer_title = SelectField(
        _l("Signer's title"),
        validators=[DataRequired()],
        choices=lambda: choices((key, label) for key, label in SIGNER_TITLES.items()),
    )


class InputForm(Form):
    progress = TextAreaField(_l("Progress and results"), validators=[Length(max=TEXT_LIMIT)])
    difficulties = TextAreaField(_l("Difficulties and obstacles"), validators=[Length(max=TEXT_LIMIT)])
    proposals = TextAreaField(_l("Proposals and recommendations"), validators=[Length(max=TEXT_LIMIT)])


class LockForm(Form):
    confirm = BooleanField(
        _l("The figures and the departments' inputs are final: lock the report"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
