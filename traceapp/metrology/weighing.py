"""Maximum permissible errors of non-automatic weighing instruments, and the verdict of a test with reference
weights (issue 14, item 4).

Source: OIML R 76-1:2006, 3.5.1 Table 6 ("Maximum permissible errors on initial verification"): for a load m
expressed in verification scale intervals e, the MPE is 0.5 e, 1 e or 1.5 e by accuracy class and band; each band
includes its upper end and excludes its lower one ("0 ≤ m ≤ 500", "500 < m ≤ 2 000", "2 000 < m ≤ 10 000" for
class III), so a load of exactly 500 e on a class III instrument is still in the 0.5 e band. R 76-1, 3.5.2: the
MPE in service is twice the MPE on initial verification. The last band of classes II, III and IIII ends at the
largest number of intervals the class allows (R 76-1 Table 3: 100 000, 10 000, 1 000 e); a load beyond it is
refused. Class I has no upper end. Multi-interval and multiple-range instruments (R 76-1, 3.3) are not covered:
the register keeps one e per instrument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from traceapp.metrology.errors import MetrologyError

HALF, ONE, ONE_AND_HALF = Decimal("0.5"), Decimal(1), Decimal("1.5")
IN_SERVICE_FACTOR = Decimal(2)

# (upper end of the band in e, inclusive; MPE on initial verification in e). None: the band has no upper end.
MPE_BANDS: dict[str, tuple[tuple[Decimal | None, Decimal], ...]] = {
    "I": ((Decimal(50_000), HALF), (Decimal(200_000), ONE), (None, ONE_AND_HALF)),
    "II": ((Decimal(5_000), HALF), (Decimal(20_000), ONE), (Decimal(100_000), ONE_AND_HALF)),
    "III": ((Decimal(500), HALF), (Decimal(2_000), ONE), (Decimal(10_000), ONE_AND_HALF)),
    "IIII": ((Decimal(50), HALF), (Decimal(200), ONE), (Decimal(1_000), ONE_AND_HALF)),
}
ACCURACY_CLASSES = tuple(MPE_BANDS)


@dataclass(frozen=True)
class LoadResult:
    """One test load: the error is the reading minus the load (positive when the instrument reads heavy); it
    passes when its absolute value is at most the MPE."""

    load: Decimal
    reading: Decimal
    error: Decimal
    mpe: Decimal
    passed: bool


@dataclass(frozen=True)
class WeighingVerdict:
    """Every load's result; the instrument passes only if every load passes."""

    loads: tuple[LoadResult, ...]
    passed: bool


def _band_mpe(intervals: Decimal, accuracy_class: str) -> Decimal:
    for upper, mpe in MPE_BANDS[accuracy_class]:
        if upper is None or intervals <= upper:
            return mpe
    largest = MPE_BANDS[accuracy_class][-1][0]
    raise MetrologyError(
        _l(
            "A load of %(intervals)s e is beyond the table for class %(klass)s, which ends at %(largest)s e.",
            intervals=_plain(intervals),
            klass=accuracy_class,
            largest=_plain(largest or Decimal(0)),
        ),
        field="load",
    )


def _plain(value: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros (500, 2.5)."""
    text = format(value.normalize(), "f")
    return text


def _check_class(accuracy_class: str) -> str:
    if accuracy_class not in MPE_BANDS:
        raise MetrologyError(
            _l(
                "Unknown accuracy class %(klass)s: it must be I, II, III or IIII.",
                klass=str(accuracy_class) or "—",
            ),
            field="accuracy_class",
        )
    return str(accuracy_class)


def _check_interval(e: Decimal) -> None:
    if e <= 0:
        raise MetrologyError(_l("The verification scale interval e must be greater than zero."), field="scale_interval")


def max_permissible_error(load: Decimal, e: Decimal, accuracy_class: str, in_service: bool = True) -> Decimal:
    """The MPE for ``load`` on an instrument of class ``accuracy_class`` with verification scale interval ``e``,
    in the unit of load and e; in service (the default, what an inspection checks) twice the verification MPE."""
    klass = _check_class(accuracy_class)
    _check_interval(e)
    if load < 0:
        raise MetrologyError(_l("A test load cannot be negative."), field="load")
    mpe = _band_mpe(load / e, klass) * e
    return mpe * IN_SERVICE_FACTOR if in_service else mpe


def judge_weighing(
    tests: Sequence[tuple[Decimal, Decimal]],
    e: Decimal,
    accuracy_class: str,
    in_service: bool = True,
    max_capacity: Decimal | None = None,
) -> WeighingVerdict:
    """The verdict of a test with reference weights: ``tests`` are (load, reading) pairs in the unit of e. A load
    above Max is refused (the instrument is not made to weigh it), as is a test with no load at all."""
    klass = _check_class(accuracy_class)
    _check_interval(e)
    if not tests:
        raise MetrologyError(_l("Enter at least one test load and its reading."), field="load")
    if max_capacity is not None and max_capacity <= 0:
        raise MetrologyError(_l("The maximum capacity (Max) must be greater than zero."), field="max_capacity")
    results = []
    for load, reading in tests:
        if max_capacity is not None and load > max_capacity:
            raise MetrologyError(
                _l(
                    "A test load of %(load)s is above the instrument's maximum capacity (Max %(max)s).",
                    load=_plain(load),
                    max=_plain(max_capacity),
                ),
                field="load",
            )
        mpe = max_permissible_error(load, e, klass, in_service)
        error = reading - load
        results.append(LoadResult(load=load, reading=reading, error=error, mpe=mpe, passed=abs(error) <= mpe))
    return WeighingVerdict(loads=tuple(results), passed=all(result.passed for result in results))
