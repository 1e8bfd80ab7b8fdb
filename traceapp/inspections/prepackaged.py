"""The quantity check of a lot of prepackaged goods during an inspection (issue 14, item 5).

The inspector gives the nominal quantity and its unit (g or ml), the lot size, and the net quantity of each
package of the sample (weighed gross less its tare, or measured net). ``metrology.rules.judge_lot`` applies
Circular 21/2014/TT-BKHCN (after OIML R 87): the sample size for the lot, the tolerable deficiency T, how many
packages fall short by more than T against the number allowed, none short by more than 2T, and the mean against
the nominal quantity less the sample correction. The verdict is stored with the figures, and the checklist's lot
line takes it: it is never answered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.inspections.errors import InspectionError
from traceapp.inspections.quantities import format_quantity
from traceapp.inspections.team_rules import require_team
from traceapp.inspections.weighing import require_draft_of
from traceapp.metrology.rules import LotVerdict, judge_lot, sampling_plan
from traceapp.models import (
    CheckResult,
    Inspection,
    InspectionField,
    InspectionItem,
    PrepackagedLotCheck,
    PrepackagedSample,
    User,
)
from traceapp.unit_of_work import transactional

UNITS = ("g", "ml")
MAX_LOT_SIZE = 1_000_000
STORED = Decimal("0.0001")  # the mean and its limit as the record keeps them (Numeric(14, 4))


@dataclass(frozen=True)
class SampleInput:
    """One package: its net quantity, and the gross and tare it was worked out from when it was weighed so."""

    net: Decimal
    gross: Decimal | None = None
    tare: Decimal | None = None


@dataclass(frozen=True)
class LotInput:
    nominal: Decimal
    unit: str
    lot_size: int
    samples: tuple[SampleInput, ...]


def lot_check_of(item: InspectionItem) -> PrepackagedLotCheck | None:
    return db.session.scalar(select(PrepackagedLotCheck).where(PrepackagedLotCheck.item_id == item.id))


def required_sample(lot_size: int) -> int | None:
    """How many packages the sample of a lot this size must have (None when the rules have no plan for it)."""
    try:
        return sampling_plan(lot_size).sample_size
    except DomainError:  # a lot size the table does not cover
        return None


def judge(lot: LotInput) -> LotVerdict:
    """The verdict of the lot; the rules refuse figures their tables do not cover (a MetrologyError, shown on
    the form beside the field it names)."""
    if lot.lot_size > MAX_LOT_SIZE:
        raise InspectionError(_l("The lot size is a number of packages, from 1 up."), "lot_size")
    return judge_lot(lot.nominal, lot.unit, lot.lot_size, [sample.net for sample in lot.samples])


@transactional
def record_lot(inspection: Inspection, user: User, item_id: int, lot: LotInput) -> PrepackagedLotCheck:
    """Keep the lot's figures and verdict on the item (replacing an earlier check of it) and answer the lot line:
    pass when every rule is met, fail otherwise."""
    require_team(user, inspection)
    require_draft_of(inspection, InspectionField.PREPACKAGED)
    item = db.session.get(InspectionItem, item_id)
    if item is None or item.inspection_id != inspection.id:
        raise InspectionError(_l("This item is not part of the inspection."))
    verdict = judge(lot)
    old = lot_check_of(item)
    if old is not None:
        db.session.delete(old)
        db.session.flush()
    check = PrepackagedLotCheck(
        item=item,
        nominal=lot.nominal,
        unit=lot.unit,
        lot_size=lot.lot_size,
        sample_size=verdict.plan.sample_size,
        allowed_over_t=verdict.plan.allowed_over_t,
        tolerable_deficiency=verdict.t,
        over_t=verdict.over_t,
        over_2t=verdict.over_2t,
        mean=verdict.mean.quantize(STORED, rounding=ROUND_HALF_UP),
        mean_limit=verdict.mean_limit.quantize(STORED, rounding=ROUND_HALF_UP),
        passed=verdict.passed,
        samples=[
            PrepackagedSample(position=n, gross=sample.gross, tare=sample.tare, net=sample.net)
            for n, sample in enumerate(lot.samples, start=1)
        ],
    )
    db.session.add(check)
    answer = CheckResult.PASS if verdict.passed else CheckResult.FAIL
    item.checks = {**item.checks, checklist.LOT_KEY: answer.value}
    item.result = checklist.result_of(item.checks, checklist.lines_for(inspection.fields))
    return check


@dataclass(frozen=True)
class RuleLine:
    """One rule of a stored lot check, in words, for the item page and the printed record."""

    key: str
    text: str
    passed: bool


def rule_lines(check: PrepackagedLotCheck) -> list[RuleLine]:
    """The three rules of a stored check with their figures. The counts are exact; the mean is compared as
    stored, except that a lot which passed passed every rule (the stored mean is rounded)."""
    t, unit = check.tolerable_deficiency, check.unit
    over_t_ok, over_2t_ok = check.over_t <= check.allowed_over_t, check.over_2t == 0
    mean_ok = True if check.passed else (False if over_t_ok and over_2t_ok else check.mean >= check.mean_limit)
    return [
        RuleLine(
            "over_t",
            _(
                "Packages short by more than T (%(t)s %(unit)s): %(count)d; at most %(allowed)d allowed",
                t=format_quantity(t),
                unit=unit,
                count=check.over_t,
                allowed=check.allowed_over_t,
            ),
            over_t_ok,
        ),
        RuleLine(
            "over_2t",
            _(
                "Packages short by more than 2T (%(t2)s %(unit)s): %(count)d; none allowed",
                t2=format_quantity(2 * t),
                unit=unit,
                count=check.over_2t,
            ),
            over_2t_ok,
        ),
        RuleLine(
            "mean",
            _(
                "Mean of the sample %(mean)s %(unit)s; it must be at least %(limit)s %(unit)s (the nominal "
                "quantity less the sample correction)",
                mean=format_quantity(check.mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
                limit=format_quantity(check.mean_limit.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
                unit=unit,
            ),
            mean_ok,
        ),
    ]
