"""The label sheet form: size, number, margin, gap and cutting lines, read from the query string."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from traceapp.labels.sheets import MAX_LABELS, SIZES_MM, Layout
from traceapp.web.forms import Form, choices


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

    def to_input(self) -> Layout:
        return Layout(
            size_mm=float(self.size.data),
            count=self.count.data,
            margin_mm=float(self.margin.data),
            gap_mm=float(self.gap.data or 0),
            cut_lines=bool(self.cut_lines.data),
        )
