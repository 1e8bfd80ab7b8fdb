"""What an inspector checks on each item, in the order of the inspection form.

The label rows follow Decree 43/2017/NĐ-CP on goods labels as amended by Decree 111/2021/NĐ-CP: name,
responsible organisation and its address, and origin on every label (Art. 10.1); for food also the net
quantity, production date, expiry date, ingredients, warnings and instructions for use and storage
(Appendix I); in Vietnamese (Art. 7) and legible (Art. 4).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from traceapp.models import CheckResult


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    group: str
    food_only: bool = False


LABEL, PAPERS, EXPIRY, CONFORMITY, MEASUREMENT = "label", "papers", "expiry", "conformity", "measurement"
GROUP_LABELS = {
    LABEL: _l("Label contents (Decree 43/2017, amended by Decree 111/2021)"),
    PAPERS: _l("Origin papers"),
    EXPIRY: _l("Expiry"),
    CONFORMITY: _l("Standard applied and conformity declaration"),
    MEASUREMENT: _l("Quantity and measurement"),
}

CHECKS: tuple[Check, ...] = (
    Check("label_name", _l("Name of the goods"), LABEL),
    Check("label_responsible", _l("Name and address of the responsible organisation or person"), LABEL),
    Check("label_origin", _l("Origin of the goods"), LABEL),
    Check("label_quantity", _l("Net quantity"), LABEL, food_only=True),
    Check("label_production_date", _l("Production date"), LABEL, food_only=True),
    Check("label_expiry", _l("Expiry date"), LABEL, food_only=True),
    Check("label_ingredients", _l("Ingredients"), LABEL, food_only=True),
    Check("label_warnings", _l("Warnings"), LABEL, food_only=True),
    Check("label_instructions", _l("Instructions for use and storage"), LABEL, food_only=True),
    Check("label_vietnamese", _l("In Vietnamese"), LABEL),
    Check("label_legible", _l("Legible and not easily removed"), LABEL),
    Check("origin_papers", _l("Invoices or papers proving the origin"), PAPERS),
    Check("expiry_valid", _l("Within its expiry date"), EXPIRY),
    Check("conformity", _l("Standard applied / conformity declaration available"), CONFORMITY),
    Check("measurement", _l("Quantity or measurement correct (weighed or measured)"), MEASUREMENT),
)
CHECK_KEYS = tuple(check.key for check in CHECKS)
_BY_KEY = {check.key: check for check in CHECKS}


def label_of(key: str) -> str:
    check = _BY_KEY.get(key)
    return str(check.label) if check else key


def default_result(check: Check, is_food: bool) -> CheckResult:
    """Food-only label rows start as "not applicable" for other goods; everything else starts unset."""
    return CheckResult.NOT_APPLICABLE if check.food_only and not is_food else CheckResult.PASS


def overall(checks: dict[str, str]) -> CheckResult:
    """An item fails when any check failed; it passes otherwise."""
    return CheckResult.FAIL if CheckResult.FAIL.value in checks.values() else CheckResult.PASS


def failed(checks: dict[str, str]) -> list[str]:
    return [label_of(key) for key in CHECK_KEYS if checks.get(key) == CheckResult.FAIL.value]
