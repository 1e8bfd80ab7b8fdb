"""The metrology rules checked at every edge of their tables, written from the sources (docs/metrology.md):
OIML R 76-1 Table 6 (weighing), OIML R 87 / Circular 21/2014/TT-BKHCN (prepackaged goods), Circular 23/2013/TT-BKHCN
as amended (verification periods). No database: the rules are pure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from traceapp.metrology.rules import (
    VERIFICATION_PERIODS,
    MetrologyError,
    add_months,
    judge_lot,
    judge_weighing,
    max_permissible_error,
    sampling_plan,
    tolerable_deficiency,
    verification_due,
)
from traceapp.models import AccuracyClass, InstrumentKind


@pytest.fixture(autouse=True)
def _context(bare_app):
    """Refusals are translated messages: read them in English, to name them."""
    with bare_app.test_request_context("/?lang=en"):
        yield


TINY = D("0.001")  # a load a thousandth of e above a band's edge (e = 1 below)


# --- weighing: OIML R 76-1 Table 6, in service twice ---------------------------------------------------------


@pytest.mark.parametrize(
    ("accuracy_class", "intervals", "verification_mpe"),
    [
        ("I", D(0), D("0.5")),
        ("I", D(50_000), D("0.5")),
        ("I", D(50_000) + TINY, D(1)),
        ("I", D(200_000), D(1)),
        ("I", D(200_000) + TINY, D("1.5")),
        ("I", D(5_000_000), D("1.5")),  # class I has no upper end
        ("II", D(0), D("0.5")),
        ("II", D(5_000), D("0.5")),
        ("II", D(5_000) + TINY, D(1)),
        ("II", D(20_000), D(1)),
        ("II", D(20_000) + TINY, D("1.5")),
        ("II", D(100_000), D("1.5")),
        ("III", D(0), D("0.5")),
        ("III", D(500), D("0.5")),  # 500 e is still in the 0.5 e band: "0 ≤ m ≤ 500"
        ("III", D(500) + TINY, D(1)),
        ("III", D(2_000), D(1)),
        ("III", D(2_000) + TINY, D("1.5")),
        ("III", D(10_000), D("1.5")),
        ("IIII", D(0), D("0.5")),
        ("IIII", D(50), D("0.5")),
        ("IIII", D(50) + TINY, D(1)),
        ("IIII", D(200), D(1)),
        ("IIII", D(200) + TINY, D("1.5")),
        ("IIII", D(1_000), D("1.5")),
    ],
)
def test_mpe_on_verification_and_in_service_at_every_band_edge(accuracy_class, intervals, verification_mpe):
    e = D(1)
    assert max_permissible_error(intervals, e, accuracy_class, in_service=False) == verification_mpe
    assert max_permissible_error(intervals, e, accuracy_class) == 2 * verification_mpe


def test_mpe_is_in_the_unit_of_the_load_for_a_market_scale():
    """A 30 kg class III scale with e = 5 g: up to 2.5 kg (500 e) it may be 5 g off in service, then 10 g."""
    e = D("0.005")
    assert max_permissible_error(D("2.5"), e, "III") == D("0.005")
    assert max_permissible_error(D("2.505"), e, "III") == D("0.010")
    assert max_permissible_error(D(10), e, "III") == D("0.010")
    assert max_permissible_error(D("10.005"), e, "III") == D("0.015")
    assert max_permissible_error(D(30), e, AccuracyClass.MEDIUM) == D("0.015")


@pytest.mark.parametrize(("accuracy_class", "beyond"), [("II", D(100_000)), ("III", D(10_000)), ("IIII", D(1_000))])
def test_a_load_beyond_the_classes_table_is_refused(accuracy_class, beyond):
    with pytest.raises(MetrologyError) as refused:
        max_permissible_error(beyond + TINY, D(1), accuracy_class)
    assert refused.value.field == "load"
    assert f"class {accuracy_class}" in str(refused.value)


@pytest.mark.parametrize("accuracy_class", ["IV", "", "iii", "3", "M"])
def test_an_unknown_accuracy_class_is_refused(accuracy_class):
    with pytest.raises(MetrologyError) as refused:
        max_permissible_error(D(1), D(1), accuracy_class)
    assert refused.value.field == "accuracy_class"
    assert "must be I, II, III or IIII" in str(refused.value)


@pytest.mark.parametrize("e", [D(0), D("-0.005")])
def test_a_scale_interval_of_zero_or_less_is_refused(e):
    with pytest.raises(MetrologyError) as refused:
        max_permissible_error(D(1), e, "III")
    assert refused.value.field == "scale_interval"
    with pytest.raises(MetrologyError):
        judge_weighing([(D(1), D(1))], e, "III")


def test_a_negative_load_is_refused():
    with pytest.raises(MetrologyError, match="cannot be negative"):
        max_permissible_error(D("-0.005"), D("0.005"), "III")


def test_the_error_is_the_reading_minus_the_load_and_passes_up_to_the_mpe_either_way():
    e = D("0.005")  # MPE in service at 2 kg (400 e): 0.005 kg
    verdict = judge_weighing(
        [(D(2), D("2.005")), (D(2), D("1.995")), (D(2), D("2.0051")), (D(2), D("1.9949"))], e, "III"
    )
    assert [load.error for load in verdict.loads] == [D("0.005"), D("-0.005"), D("0.0051"), D("-0.0051")]
    assert [load.passed for load in verdict.loads] == [True, True, False, False]
    assert all(load.mpe == D("0.005") for load in verdict.loads)
    assert verdict.passed is False


def test_an_instrument_passes_only_when_every_load_passes():
    e = D("0.005")
    passing = judge_weighing([(D(0), D(0)), (D(5), D("5.010")), (D(30), D("29.985"))], e, "III", max_capacity=D(30))
    assert passing.passed is True
    failing = judge_weighing([(D(0), D(0)), (D(5), D("5.011")), (D(30), D(30))], e, "III", max_capacity=D(30))
    assert [load.passed for load in failing.loads] == [True, False, True]
    assert failing.passed is False


def test_on_verification_the_same_reading_can_fail_that_passes_in_service():
    e = D("0.005")
    assert judge_weighing([(D(5), D("5.010"))], e, "III").passed is True
    assert judge_weighing([(D(5), D("5.010"))], e, "III", in_service=False).passed is False


def test_a_load_at_max_is_tested_and_one_above_max_is_refused():
    e = D("0.005")
    assert judge_weighing([(D(30), D(30))], e, "III", max_capacity=D(30)).passed is True
    with pytest.raises(MetrologyError) as refused:
        judge_weighing([(D(30), D(30)), (D("30.005"), D("30.005"))], e, "III", max_capacity=D(30))
    assert "above the instrument's maximum capacity (Max 30)" in str(refused.value)


def test_a_test_without_loads_is_refused():
    with pytest.raises(MetrologyError, match="at least one test load"):
        judge_weighing([], D("0.005"), "III")


# --- prepackaged goods: T (OIML R 87 Table 1; Circular 21/2014 Annex IV) -------------------------------------


@pytest.mark.parametrize(
    ("nominal", "expected"),
    [
        (D(5), D("0.5")),  # 9 % = 0.45, rounded up to the next 0.1
        (D(33), D("3.0")),  # 9 % = 2.97
        (D(50), D("4.5")),  # the edge: 9 % of 50 = 4.5
        (D("50.1"), D("4.5")),  # an amount from the table is exact, not rounded
        (D(100), D("4.5")),
        (D("100.1"), D("4.6")),  # 4.5 % = 4.5045: rounded up, so just over 100 g T grows by 0.1
        (D(150), D("6.8")),  # 4.5 % = 6.75
        (D(200), D("9.0")),
        (D("200.1"), D(9)),
        (D(300), D(9)),
        (D("300.5"), D("9.1")),  # 3 % = 9.015
        (D(500), D("15.0")),
        (D(750), D(15)),
        (D(1_000), D(15)),
        (D("1000.5"), D("15.1")),  # 1.5 % = 15.0075
        (D(1_500), D("22.5")),
        (D(10_000), D("150.0")),
        (D(12_000), D(150)),
        (D(15_000), D(150)),
        (D(15_001), D("150.1")),  # 1 % = 150.01
        (D(50_000), D("500.0")),
    ],
)
def test_tolerable_deficiency_at_every_band_edge(nominal, expected):
    assert tolerable_deficiency(nominal, "g") == expected
    assert tolerable_deficiency(nominal, "ml") == expected


def test_an_amount_from_the_table_is_returned_exactly():
    assert str(tolerable_deficiency(D(75), "g")) == "4.5"
    assert str(tolerable_deficiency(D(250), "ml")) == "9"


@pytest.mark.parametrize("nominal", [D(0), D(-1), D("50000.1"), D(60_000)])
def test_a_nominal_quantity_outside_the_table_is_refused(nominal):
    with pytest.raises(MetrologyError) as refused:
        tolerable_deficiency(nominal, "g")
    assert refused.value.field == "nominal"
    assert "at most 50000 g or ml" in str(refused.value)


@pytest.mark.parametrize("unit", ["kg", "l", "", "pcs"])
def test_a_unit_other_than_grams_or_millilitres_is_refused(unit):
    with pytest.raises(MetrologyError) as refused:
        tolerable_deficiency(D(500), unit)
    assert refused.value.field == "unit"


# --- prepackaged goods: the sampling plan ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot_size", "sample_size", "allowed", "factor"),
    [
        (1, 1, 0, D(0)),  # under 100: the whole lot, at most 2.5 % of it over T, mean ≥ Qn
        (39, 39, 0, D(0)),
        (40, 40, 1, D(0)),
        (79, 79, 1, D(0)),
        (80, 80, 2, D(0)),
        (99, 99, 2, D(0)),
        (100, 50, 3, D("0.379")),
        (500, 50, 3, D("0.379")),
        (501, 80, 5, D("0.295")),
        (3_200, 80, 5, D("0.295")),
        (3_201, 125, 7, D("0.234")),
        (1_000_000, 125, 7, D("0.234")),
    ],
)
def test_sampling_plan_at_every_lot_size_edge(lot_size, sample_size, allowed, factor):
    plan = sampling_plan(lot_size)
    assert (plan.lot_size, plan.sample_size, plan.allowed_over_t, plan.mean_factor) == (
        lot_size,
        sample_size,
        allowed,
        factor,
    )
    assert plan.whole_lot is (lot_size < 100)


@pytest.mark.parametrize("lot_size", [0, -3])
def test_an_empty_lot_is_refused(lot_size):
    with pytest.raises(MetrologyError) as refused:
        sampling_plan(lot_size)
    assert refused.value.field == "lot_size"


# --- prepackaged goods: the lot verdict -----------------------------------------------------------------------


def _rules(verdict) -> dict[str, bool]:
    return {rule.key: rule.passed for rule in verdict.rules}


@pytest.mark.parametrize("count", [49, 51])
def test_a_sample_of_another_size_than_the_plan_is_refused(count):
    with pytest.raises(MetrologyError) as refused:
        judge_lot(D(500), "g", 200, [D(500)] * count)
    assert refused.value.field == "samples"
    assert f"needs a sample of 50 packages; {count} were entered" in str(refused.value)


def test_a_negative_net_quantity_is_refused():
    with pytest.raises(MetrologyError, match="cannot be negative"):
        judge_lot(D(500), "g", 3, [D(500), D(500), D(-1)])


def test_short_by_exactly_t_is_not_over_t_and_exactly_2t_is_not_over_2t():
    """Qn 500 g, T 15 g: 485 g is short by T (not more), 470 g by 2T; a tenth less is over each."""
    verdict = judge_lot(D(500), "g", 100, [D(485), D("484.9"), D(470), D("469.9")] + [D(520)] * 46)
    assert verdict.t == D(15)
    assert verdict.over_t == 3  # 484.9, 470 and 469.9
    assert verdict.over_2t == 1  # 469.9
    assert _rules(verdict) == {"over_t": True, "over_2t": False, "mean": True}
    assert verdict.passed is False


def test_as_many_over_t_as_the_plan_allows_pass_and_one_more_fails():
    in_plan = [D(480)] * 3 + [D(502)] * 47
    assert judge_lot(D(500), "g", 200, in_plan).passed is True
    over = [D(480)] * 4 + [D(502)] * 46
    verdict = judge_lot(D(500), "g", 200, over)
    assert verdict.over_t == 4
    assert _rules(verdict) == {"over_t": False, "over_2t": True, "mean": True}
    assert verdict.passed is False


def test_the_mean_rule_allows_k_times_the_sample_standard_deviation_with_n_minus_1():
    """50 packages of a 500 ml bottle, half 2 ml under and half 2 ml over, all moved down by the same amount:
    s = √(200/49) ≈ 2.0203 (not 2, which dividing by n would give), so the limit is 500 − 0.379 s ≈ 499.2343."""

    def lot(shift: D) -> list[D]:
        return [D(498) - shift] * 25 + [D(502) - shift] * 25

    passing = judge_lot(D(500), "ml", 300, lot(D("0.76")))
    assert passing.std_dev == (D(200) / D(49)).sqrt()
    assert passing.mean == D("499.24")
    assert D("499.2342") < passing.mean_limit < D("499.2344")
    assert _rules(passing)["mean"] is True
    failing = judge_lot(D(500), "ml", 300, lot(D("0.77")))
    assert _rules(failing) == {"over_t": True, "over_2t": True, "mean": False}
    assert failing.passed is False


def test_a_lot_checked_whole_needs_a_mean_of_at_least_the_nominal_quantity():
    exact = judge_lot(D(750), "ml", 20, [D(740)] * 10 + [D(760)] * 10)
    assert (exact.mean, exact.mean_limit, exact.passed) == (D(750), D(750), True)
    short = judge_lot(D(750), "ml", 20, [D(740)] * 10 + [D("759.8")] * 10)
    assert _rules(short) == {"over_t": True, "over_2t": True, "mean": False}


def test_a_small_lot_may_have_2_5_percent_over_t():
    """A lot of 40 fish-sauce bottles (500 ml, T 15 ml) is measured whole: one bottle over T passes, two fail."""
    one = judge_lot(D(500), "ml", 40, [D(484)] + [D(501)] * 39)
    assert (one.over_t, one.plan.allowed_over_t, one.passed) == (1, 1, True)
    two = judge_lot(D(500), "ml", 40, [D(484)] * 2 + [D(502)] * 38)
    assert _rules(two) == {"over_t": False, "over_2t": True, "mean": True}


def test_the_verdict_gives_the_unit_as_stored():
    verdict = judge_lot(D(500), "mL", 1, [D(500)])
    assert (verdict.unit, verdict.std_dev, verdict.passed) == ("ml", D(0), True)


def test_a_lot_of_an_untabled_nominal_quantity_is_refused():
    with pytest.raises(MetrologyError) as refused:
        judge_lot(D(60_000), "g", 1, [D(60_000)])
    assert refused.value.field == "nominal"


# --- verification periods (Circular 23/2013/TT-BKHCN as amended) ------------------------------------------------


def test_every_instrument_kind_has_a_period_or_says_it_has_none():
    assert set(VERIFICATION_PERIODS) == set(InstrumentKind)
    assert all(period.source.startswith("TT 23/2013/TT-BKHCN") for period in VERIFICATION_PERIODS.values() if period)


@pytest.mark.parametrize(
    ("kind", "months"),
    [
        (InstrumentKind.SPRING_DIAL_SCALE, 24),
        (InstrumentKind.COUNTER_SCALE, 12),
        (InstrumentKind.PLATFORM_SCALE, 12),
        (InstrumentKind.HANGING_SCALE, 12),
        (InstrumentKind.ELECTRONIC_SCALE, 12),
        (InstrumentKind.TAXIMETER, 18),
        (InstrumentKind.FUEL_DISPENSER, 12),
        (InstrumentKind.WATER_METER, None),
        (InstrumentKind.ELECTRICITY_METER, None),
        (InstrumentKind.OTHER, None),
    ],
)
def test_verification_period_by_kind(kind, months):
    period = VERIFICATION_PERIODS[kind]
    assert (period.months if period else None) == months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 8, 31), 18, date(2026, 2, 28)),
        (date(2025, 3, 15), 24, date(2027, 3, 15)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
    ],
)
def test_adding_months_keeps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_due_date_is_the_verification_date_plus_the_kinds_period():
    assert verification_due(InstrumentKind.SPRING_DIAL_SCALE, date(2024, 2, 29), None) == date(2026, 2, 28)
    assert verification_due(InstrumentKind.ELECTRONIC_SCALE, date(2025, 1, 31), None) == date(2026, 1, 31)
    assert verification_due(InstrumentKind.TAXIMETER, date(2024, 8, 31), None) == date(2026, 2, 28)


def test_the_date_the_certificate_states_wins():
    stated = date(2025, 6, 30)
    assert verification_due(InstrumentKind.PLATFORM_SCALE, date(2025, 1, 10), stated) == stated
    assert verification_due(InstrumentKind.WATER_METER, date(2025, 1, 10), stated) == stated
    assert verification_due(InstrumentKind.OTHER, None, stated) == stated


def test_no_due_date_without_a_verification_date_or_a_period():
    assert verification_due(InstrumentKind.PLATFORM_SCALE, None, None) is None
    assert verification_due(InstrumentKind.WATER_METER, date(2025, 1, 10), None) is None
    assert verification_due(InstrumentKind.ELECTRICITY_METER, date(2025, 1, 10), None) is None
