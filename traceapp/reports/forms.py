"""Forms of the plan report: the report's header (number, signer), a department's input, the "no content" mark,
the lock, and the record of its sending."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from traceapp.reports.inputs import SentInput
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


class NoContentForm(Form):
    """The officer marks a department as having no content to report (``mark=yes``) or takes the mark back."""

    mark = HiddenField(validators=[AnyOf(("yes", "no"))])


class SentForm(Form):
    """The day a locked report was sent and the number it went under; the service checks both."""

    sent_on = DateField(_l("Date sent"), validators=[Optional()])
    number = StringField(
        _l("Document number"),
        validators=[Length(max=60)],
        description=_l("The number and symbol it was sent under, e.g. 125/BC-UBND."),
    )

    def to_input(self) -> SentInput:
        return SentInput(sent_on=self.sent_on.data, number=self.number.data or "")
