"""The quantity rules for a lot of prepackaged goods (hàng đóng gói sẵn), issue 14, item 5.

Source: Circular 21/2014/TT-BKHCN (quy định về đo lường đối với lượng của hàng đóng gói sẵn), which follows
OIML R 87:2004 — its Article 5 (as summarised by its publishers) has the lot meet three rules: no more packages
short by more than T than the sampling plan allows (Annex III), none short by more than 2T, and the mean of the
net quantities at least Qn − k·s (at least Qn when the whole lot is checked). T comes from the table of
tolerable deficiencies (Annex IV; OIML R 87 Table 1). The sampling plan for lots of 100 or more is R 87:2004
Table 2; a smaller lot is checked whole, and then at most 2.5 % of the lot may be short by more than T.
What could not be confirmed from the circular's own text is listed in docs/metrology.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from flask_babel import lazy_gettext as _l

from traceapp.metrology.errors import MetrologyError

UNITS = ("g", "ml")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DeficiencyBand:
    """Nominal quantities above the previous band's ``upto`` and up to this ``upto`` (g or ml) have the tolerable
    deficiency ``value``: a percentage of Qn when ``percent``, else an amount in g or ml."""

    upto: Decimal
    value: Decimal
    percent: bool


# OIML R 87 Table 1 / Circular 21/2014 Annex IV. The values meet at every edge (9 % of 50 = 4.5 g; 4.5 % of 200 =
# 9 g; …), so which band an edge belongs to never changes T; the first band starts above 0.
DEFICIENCY_TABLE: tuple[DeficiencyBand, ...] = (
    DeficiencyBand(Decimal(50), Decimal(9), percent=True),
    DeficiencyBand(Decimal(100), Decimal("4.5"), percent=False),
    DeficiencyBand(Decimal(200), Decimal("4.5"), percent=True),
    DeficiencyBand(Decimal(300), Decimal(9), percent=False),
    DeficiencyBand(Decimal(500), Decimal(3), percent=True),
    DeficiencyBand(Decimal(1_000), Decimal(15), percent=False),
    DeficiencyBand(Decimal(10_000), Decimal("1.5"), percent=True),
    DeficiencyBand(Decimal(15_000), Decimal(150), percent=False),
    DeficiencyBand(Decimal(50_000), Decimal(1), percent=True),
)
LARGEST_NOMINAL = DEFICIENCY_TABLE[-1].upto


@dataclass(frozen=True)
class SamplingPlan:
    """How many packages to measure for a lot, how many may be short by more than T, and the factor k of the
    mean rule (mean ≥ Qn − k·s); k is 0 when the whole lot is measured (mean ≥ Qn)."""

    lot_size: int
    sample_size: int
    allowed_over_t: int
    mean_factor: Decimal

    @property
    def whole_lot(self) -> bool:
        return self.sample_size == self.lot_size


# Lots of 100 or more: (largest lot size of the band, inclusive, or None; n; allowed over T; k = t(0.995, n−1)/√n).
SAMPLED_LOTS: tuple[tuple[int | None, int, int, Decimal], ...] = (
    (500, 50, 3, Decimal("0.379")),
    (3_200, 80, 5, Decimal("0.295")),
    (None, 125, 7, Decimal("0.234")),
)
SMALLEST_SAMPLED_LOT = 100
WHOLE_LOT_SHARE = Decimal("0.025")  # a lot checked whole: at most 2.5 % of it short by more than T


@dataclass(frozen=True)
class RuleResult:
    """One rule of the verdict: ``over_t`` (no more than allowed short by more than T), ``over_2t`` (none short
    by more than 2T) or ``mean`` (the mean at least its limit)."""

    key: str
    passed: bool


@dataclass(frozen=True)
class LotVerdict:
    plan: SamplingPlan
    nominal: Decimal
    unit: str
    t: Decimal
    over_t: int
    over_2t: int
    mean: Decimal
    std_dev: Decimal
    mean_limit: Decimal
    rules: tuple[RuleResult, ...]
    passed: bool


def _unit(unit: str) -> str:
    normalised = str(unit).strip().lower()
    if normalised not in UNITS:
        raise MetrologyError(
            _l("The unit of a prepackaged quantity must be g or ml (not %(unit)s).", unit=str(unit) or "—"),
            field="unit",
        )
    return normalised


def tolerable_deficiency(nominal: Decimal, unit: str) -> Decimal:
    """T for a package of nominal quantity ``nominal`` in ``unit`` ("g" or "ml"), in the same unit. A percentage
    is rounded up to the next 0.1 g or ml; an amount from the table is returned as it is."""
    _unit(unit)
    if nominal <= 0 or nominal > LARGEST_NOMINAL:
        raise MetrologyError(
            _l(
                "The nominal quantity must be more than 0 and at most %(largest)s g or ml: the table of tolerable "
                "deficiencies covers no other quantity.",
                largest="50000",
            ),
            field="nominal",
        )
    band = next(band for band in DEFICIENCY_TABLE if nominal <= band.upto)
    if not band.percent:
        return band.value
    return (nominal * band.value / HUNDRED).quantize(TENTH, rounding=ROUND_CEILING)


def sampling_plan(lot_size: int) -> SamplingPlan:
    """The plan for a lot of ``lot_size`` packages: a lot under 100 is measured whole."""
    if lot_size < 1:
        raise MetrologyError(_l("The lot must have at least one package."), field="lot_size")
    if lot_size < SMALLEST_SAMPLED_LOT:
        allowed = int(lot_size * WHOLE_LOT_SHARE)  # "not more than 2.5 %": rounded down
        return SamplingPlan(lot_size=lot_size, sample_size=lot_size, allowed_over_t=allowed, mean_factor=Decimal(0))
    for largest, sample_size, allowed, factor in SAMPLED_LOTS:
        if largest is None or lot_size <= largest:
            return SamplingPlan(lot_size=lot_size, sample_size=sample_size, allowed_over_t=allowed, mean_factor=factor)
    raise AssertionError("the last band has no upper end")  # pragma: no cover


def sample_std_dev(values: Sequence[Decimal], mean: Decimal) -> Decimal:
    """The sample standard deviation s (divided by n − 1); 0 for fewer than two values."""
    if len(values) < 2:
        return Decimal(0)
    return (sum(((value - mean) ** 2 for value in values), Decimal(0)) / (len(values) - 1)).sqrt()


def judge_lot(nominal: Decimal, unit: str, lot_size: int, net_quantities: Sequence[Decimal]) -> LotVerdict:
    """The verdict on a lot from its sample's net quantities (after tare), in the unit of ``nominal``."""
    normalised = _unit(unit)
    t = tolerable_deficiency(nominal, normalised)
    plan = sampling_plan(lot_size)
    if len(net_quantities) != plan.sample_size:
        raise MetrologyError(
            _l(
                "A lot of %(lot)s packages needs a sample of %(needed)s packages; %(given)s were entered.",
                lot=lot_size,
                needed=plan.sample_size,
                given=len(net_quantities),
            ),
            field="samples",
        )
    if any(quantity < 0 for quantity in net_quantities):
        raise MetrologyError(_l("A net quantity cannot be negative."), field="samples")
    shortfalls = [nominal - quantity for quantity in net_quantities]
    over_t = sum(1 for short in shortfalls if short > t)
    over_2t = sum(1 for short in shortfalls if short > 2 * t)
    mean = sum(net_quantities, Decimal(0)) / len(net_quantities)
    std_dev = sample_std_dev(net_quantities, mean)
    mean_limit = nominal - plan.mean_factor * std_dev
    rules = (
        RuleResult("over_t", over_t <= plan.allowed_over_t),
        RuleResult("over_2t", over_2t == 0),
        RuleResult("mean", mean >= mean_limit),
    )
    return LotVerdict(
        plan=plan,
        nominal=nominal,
        unit=normalised,
        t=t,
        over_t=over_t,
        over_2t=over_2t,
        mean=mean,
        std_dev=std_dev,
        mean_limit=mean_limit,
        rules=rules,
        passed=all(rule.passed for rule in rules),
    )
