"""The metrology part of the printed inspection record: each instrument's test with reference weights, load by
load, and each prepackaged lot's figures and rules, so the biên bản the business signs states what was measured
and what the rules made of it. Called inside ``force_locale("vi")`` by ``records.inspection_record``.
"""

from __future__ import annotations

from flask_babel import gettext as _

from traceapp.inspections.prepackaged import lot_check_of, rule_lines
from traceapp.inspections.quantities import format_quantity
from traceapp.inspections.record_layout import esc, grid, line, para
from traceapp.inspections.weighing import certificate_state, verdict_of
from traceapp.models import Inspection, InspectionItem
from traceapp.web.formatting import format_date


def _verdict(passed: bool) -> str:
    return _("Pass") if passed else _("Fail")


def _instrument(n: int, inspection: Inspection, item: InspectionItem) -> list:
    instrument = item.instrument
    if instrument is None:
        return []
    out = [para(f"<b>{esc(_('Item %(n)d: %(title)s', n=n, title=item.title))}</b>")]
    state = certificate_state(inspection, instrument)
    if state.due_on is not None:
        out.append(line(_("Verification valid until (by the register)"), format_date(state.due_on)))
    verdict = verdict_of(item)
    if verdict is None:
        return out
    unit = instrument.unit
    rows = [
        [
            str(k),
            f"{format_quantity(load.load)} {unit}",
            f"{format_quantity(load.reading)} {unit}",
            ("+" if load.error > 0 else "") + f"{format_quantity(load.error)} {unit}",
            f"±{format_quantity(load.mpe)} {unit}",
            _verdict(load.passed),
        ]
        for k, load in enumerate(verdict.loads, start=1)
    ]
    out += [
        para(
            esc(
                _(
                    "Test with reference weights (accuracy class %(klass)s, e = %(e)s %(unit)s):",
                    klass=instrument.accuracy_class,
                    e=format_quantity(instrument.scale_interval) if instrument.scale_interval is not None else "—",
                    unit=unit,
                )
            )
        ),
        grid(
            [_("No."), _("Load"), _("Reading"), _("Error"), _("MPE in service"), _("Result")],
            rows,
            [10, 30, 30, 30, 32, 23],
        ),
        line(_("Result of the test"), _verdict(verdict.passed)),
    ]
    return out


def _lot(n: int, item: InspectionItem) -> list:
    check = lot_check_of(item)
    if check is None:
        return []
    nets = "; ".join(format_quantity(sample.net) for sample in check.samples)
    return [
        para(f"<b>{esc(_('Item %(n)d: %(title)s', n=n, title=item.title))}</b>"),
        line(_("Nominal quantity"), f"{format_quantity(check.nominal)} {check.unit}"),
        line(_("Lot size"), str(check.lot_size)),
        line(_("Sample size"), str(check.sample_size)),
        line(_("Tolerable deficiency T"), f"{format_quantity(check.tolerable_deficiency)} {check.unit}"),
        line(_("Net quantities of the sample (%(unit)s)", unit=check.unit), nets),
        grid(
            [_("Rule"), _("Result")],
            [[rule.text, _verdict(rule.passed)] for rule in rule_lines(check)],
            [130, 25],
        ),
        line(_("Result of the lot check"), _verdict(check.passed)),
    ]


def metrology_results(inspection: Inspection) -> list:
    """The flowables of every instrument test and lot check of the inspection, item by item (none: empty)."""
    out: list = []
    for n, item in enumerate(inspection.items, start=1):
        out += _instrument(n, inspection, item) + _lot(n, item)
    if not out:
        return []
    return [para(esc(_("Measurements, item by item:"))), *out]
