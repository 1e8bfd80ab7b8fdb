"""Forms of the metrology checks: which instrument an item checks, the test loads, and a prepackaged lot.

Figures are typed as text and read by ``quantities.parse_quantity`` ("1,5" or "1.5"), so a letter or a stray mark
is an error beside its field, never a 500.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from traceapp.inspections.errors import InspectionError
from traceapp.inspections.prepackaged import UNITS, LotInput, SampleInput
from traceapp.inspections.quantities import QuantityError, parse_quantity
from traceapp.inspections.weighing import MAX_LOADS, LoadEntry, WeighingInput
from traceapp.web.forms import Form, choices
from traceapp.web.storable import whole_number

LOAD_ROWS = 5  # rows offered at first: zero is not a load; a low, a middle and a high load, and Max
MAX_SAMPLES = 200  # the largest sample of the plan is 125; a lot under 100 is measured whole
_SAMPLE_SEPARATORS = re.compile(r"[\n;]+")
_GROSS_LESS_TARE = re.compile(r"^([^-]+)-([^-]+)$")


def _instrument_id(value: object) -> int:
    found = whole_number(str(value or ""))
    return -1 if found is None else found


def _figure() -> StringField:
    return StringField(validators=[Optional(), Length(max=20)])


class InstrumentItemForm(Form):
    instrument_id = SelectField(
        _l("Instrument checked"), coerce=_instrument_id, choices=[], validators=[DataRequired(_l("Choose one."))]
    )


class WeighingForm(Form):
    """A row per test load: the load of reference weights put on, and what the instrument read."""

    loads = FieldList(_figure(), min_entries=LOAD_ROWS, max_entries=MAX_LOADS)
    readings = FieldList(_figure(), min_entries=LOAD_ROWS, max_entries=MAX_LOADS)

    def rows(self) -> list[tuple[StringField, StringField]]:
        return list(zip(self.loads, self.readings, strict=False))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self._parsed: list[LoadEntry] = []
        for load_field, reading_field in self.rows():
            load_text, reading_text = (load_field.data or "").strip(), (reading_field.data or "").strip()
            if not load_text and not reading_text:
                continue
            parsed = []
            for field, text in ((load_field, load_text), (reading_field, reading_text)):
                try:
                    parsed.append(parse_quantity(text))
                except QuantityError as exc:
                    field.errors = [*field.errors, str(exc)]
                    valid = False
            if len(parsed) == 2:
                self._parsed.append(LoadEntry(load=parsed[0], reading=parsed[1]))
        return valid

    def to_input(self) -> WeighingInput:
        return WeighingInput(loads=tuple(self._parsed))


def parse_samples(text: str, tare: Decimal | None) -> tuple[SampleInput, ...]:
    """One package per line (or separated by ``;``): its net quantity, or its gross weight when a tare for every
    package is given, or ``gross - tare`` for a package of its own tare."""
    entries = [entry.strip() for entry in _SAMPLE_SEPARATORS.split(text or "") if entry.strip()]
    if len(entries) > MAX_SAMPLES:
        raise InspectionError(_l("At most %(n)d packages in a sample.", n=MAX_SAMPLES), "samples")
    samples = []
    for n, entry in enumerate(entries, start=1):
        try:
            if match := _GROSS_LESS_TARE.match(entry):
                gross, own_tare = parse_quantity(match[1], places=3), parse_quantity(match[2], places=3)
                samples.append(_less_tare(gross, own_tare))
            elif tare is not None:
                samples.append(_less_tare(parse_quantity(entry, places=3), tare))
            else:
                samples.append(SampleInput(net=parse_quantity(entry, places=3)))
        except QuantityError as exc:
            raise InspectionError(
                _l("Package %(n)d (“%(entry)s”): %(error)s", n=n, entry=entry[:30], error=str(exc)), "samples"
            ) from None
    return tuple(samples)


def _less_tare(gross: Decimal, tare: Decimal) -> SampleInput:
    if tare > gross:
        raise QuantityError(_l("the tare is more than the gross quantity."))
    return SampleInput(net=gross - tare, gross=gross, tare=tare)


class LotForm(Form):
    nominal = StringField(
        _l("Nominal quantity (on the label)"), validators=[DataRequired(_l("Enter a number.")), Length(max=20)]
    )
    unit = SelectField(_l("Unit"), choices=choices((unit, unit) for unit in UNITS), validators=[DataRequired()])
    lot_size = StringField(_l("Lot size (packages)"), validators=[DataRequired(_l("Enter a number.")), Length(max=10)])
    tare = StringField(
        _l("Tare of one package (if the quantities below are gross)"),
        description=_l("The average tare of empty packagings of the lot, in the same unit. Leave empty for net."),
        validators=[Optional(), Length(max=20)],
    )
    samples = TextAreaField(
        _l("Quantity of each package of the sample"),
        description=_l(
            "One package per line: the net quantity, or the gross one when a tare is given above, or "
            "“gross - tare” for a package weighed with its own tare. Decimals with a comma: 498,5."
        ),
        validators=[Optional(), Length(max=8000)],
    )

    def lot_size_value(self) -> int | None:
        return whole_number(self.lot_size.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self._input: LotInput | None = None
        nominal = self._quantity(self.nominal, places=3)
        tare = self._quantity(self.tare, places=3) if (self.tare.data or "").strip() else None
        lot_size = self.lot_size_value()
        if self.lot_size.data and (lot_size is None or lot_size < 1):
            self.lot_size.errors = [*self.lot_size.errors, _l("The lot size is a number of packages, from 1 up.")]
        try:
            samples = parse_samples(self.samples.data or "", tare)
        except InspectionError as exc:
            self.samples.errors = [*self.samples.errors, str(exc)]
            samples = None
        if not valid or any(field.errors for field in self) or nominal is None or lot_size is None or samples is None:
            return False
        self._input = LotInput(nominal=nominal, unit=self.unit.data, lot_size=lot_size, samples=samples)
        return True

    def _quantity(self, field: StringField, places: int) -> Decimal | None:
        if field.errors or not (field.data or "").strip():
            return None
        try:
            return parse_quantity(field.data, places=places)
        except QuantityError as exc:
            field.errors = [*field.errors, str(exc)]
            return None

    def to_input(self) -> LotInput:
        assert self._input is not None, "validate() first"
        return self._input
