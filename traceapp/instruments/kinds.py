"""Which instruments weigh, and the units each kind is measured in: the rules the form and the service share."""

from __future__ import annotations

from traceapp.models import InstrumentKind

# Non-automatic weighing instruments: they have an accuracy class, Max and e (OIML R 76), and only they can be a
# market's reference scale (cân đối chứng).
WEIGHING_KINDS = frozenset(
    {
        InstrumentKind.SPRING_DIAL_SCALE,
        InstrumentKind.COUNTER_SCALE,
        InstrumentKind.PLATFORM_SCALE,
        InstrumentKind.ELECTRONIC_SCALE,
        InstrumentKind.HANGING_SCALE,
    }
)
WEIGHT_UNITS = ("g", "kg", "t")
OTHER_UNITS = ("L", "mL", "m3", "kWh", "km")
UNITS = (*WEIGHT_UNITS, *OTHER_UNITS)
UNIT_LABELS = {"m3": "m³"}


def weighs(kind: InstrumentKind) -> bool:
    return kind in WEIGHING_KINDS


def unit_label(unit: str) -> str:
    """How a stored unit is written for people (``m3`` is stored, ``m³`` shown)."""
    return UNIT_LABELS.get(unit, unit)
