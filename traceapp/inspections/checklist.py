"""What an inspector checks on each item: the lines of each inspection field, and the result they give.

Goods labels (nhãn hàng hóa) follow Decree 43/2017/NĐ-CP as amended by Decree 111/2021/NĐ-CP: name,
responsible organisation and its address, and origin on every label (Art. 10.1); the net quantity,
production date, expiry date, ingredients, warnings and instructions for use and storage where Appendix I
asks for them (food always); in Vietnamese (Art. 7) and legible (Art. 4).

Quality and conformity (chất lượng) follow the Law on Product and Goods Quality 2007 and Decree 132/2008/NĐ-CP
(amended by Decree 74/2018/NĐ-CP): the standard applied is shown, the conformity declaration (công bố hợp
quy / hợp chuẩn) was made, the CR mark is on goods a technical regulation (QCVN) covers, and the certificates
or test results are there where they are required.

Metrology and prepackaged goods get their own checklists in a later issue; until then they have none, and an
item of such an inspection records a description, photos and a note only.

No line has a default answer: an unanswered line is absent from ``InspectionItem.checks``, and an inspection
cannot be submitted while any line of any item is unanswered. Lines an earlier version asked (``RETIRED``)
stay readable on the items that answered them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from traceapp.models import CheckResult, InspectionField


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    group: str
    food_only: bool = False


LABEL, QUALITY = "label", "quality"
# Groups of lines no current checklist asks; kept so old answers keep their wording.
PAPERS, EXPIRY, CONFORMITY, MEASUREMENT = "papers", "expiry", "conformity", "measurement"
GROUP_LABELS = {
    LABEL: _l("Label contents (Decree 43/2017, amended by Decree 111/2021)"),
    QUALITY: _l("Quality: standard applied and conformity"),
    PAPERS: _l("Origin papers"),
    EXPIRY: _l("Expiry"),
    CONFORMITY: _l("Standard applied and conformity declaration"),
    MEASUREMENT: _l("Quantity and measurement"),
}

LABEL_CHECKS: tuple[Check, ...] = (
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
)
QUALITY_CHECKS: tuple[Check, ...] = (
    Check(
        "quality_standard",
        _l("Standard applied (TCVN, the maker's own TCCS or another) shown on the goods or their papers"),
        QUALITY,
    ),
    Check("quality_declaration", _l("Conformity declaration made (công bố hợp quy / hợp chuẩn)"), QUALITY),
    Check("quality_cr_mark", _l("CR mark on the goods, where a technical regulation (QCVN) requires it"), QUALITY),
    Check("quality_certificates", _l("Conformity certificate or test results, where required"), QUALITY),
)
RETIRED: tuple[Check, ...] = (
    Check("origin_papers", _l("Invoices or papers proving the origin"), PAPERS),
    Check("expiry_valid", _l("Within its expiry date"), EXPIRY),
    Check("conformity", _l("Standard applied / conformity declaration available"), CONFORMITY),
    Check("measurement", _l("Quantity or measurement correct (weighed or measured)"), MEASUREMENT),
)

# The lines each field asks, in the order of the form. An empty tuple: no checklist yet.
FIELD_CHECKS: dict[InspectionField, tuple[Check, ...]] = {
    InspectionField.LABELLING: LABEL_CHECKS,
    InspectionField.QUALITY: QUALITY_CHECKS,
    InspectionField.METROLOGY: (),
    InspectionField.PREPACKAGED: (),
}
CHECKS: tuple[Check, ...] = LABEL_CHECKS + QUALITY_CHECKS  # every line a current checklist asks
CHECK_KEYS = tuple(check.key for check in CHECKS)
_CATALOGUE: tuple[Check, ...] = CHECKS + RETIRED
_BY_KEY = {check.key: check for check in _CATALOGUE}
ANSWERS = frozenset(result.value for result in CheckResult)


def _fields(values: Iterable[str]) -> list[InspectionField]:
    known = InspectionField._value2member_map_
    return [InspectionField(value) for value in values if value in known]


def lines_for(fields: Iterable[str]) -> tuple[Check, ...]:
    """The lines of an inspection of these fields: each field's lines once, in the catalogue's order."""
    wanted = {check.key for field in _fields(fields) for check in FIELD_CHECKS[field]}
    return tuple(check for check in CHECKS if check.key in wanted)


def fields_without_checklist(fields: Iterable[str]) -> list[InspectionField]:
    """The inspection's fields that have no checklist yet (metrology, prepackaged goods)."""
    return [field for field in _fields(fields) if not FIELD_CHECKS[field]]


def groups_of(lines: Iterable[Check]) -> dict[str, str]:
    """The headings of the groups these lines fall in, in order."""
    present = {check.group for check in lines}
    return {group: title for group, title in GROUP_LABELS.items() if group in present}


def label_of(key: str) -> str:
    check = _BY_KEY.get(key)
    return str(check.label) if check else key


def answered(checks: Mapping[str, str], lines: Iterable[Check]) -> dict[str, str]:
    """Only the answers to these lines, and only real answers (an empty or unknown value is no answer)."""
    keys = {check.key for check in lines}
    return {key: value for key, value in checks.items() if key in keys and value in ANSWERS}


def unanswered(checks: Mapping[str, str], lines: Iterable[Check]) -> list[Check]:
    return [check for check in lines if checks.get(check.key) not in ANSWERS]


def result_of(checks: Mapping[str, str], lines: Iterable[Check]) -> CheckResult | None:
    """An item's result from its answered lines.

    Any "fail" fails it, even on a line the checklist no longer asks (an old answer, or a field taken off the
    inspection after the item was saved): a recorded failure never disappears unseen. Otherwise, while a line
    is unanswered there is no result yet (``None``). With every line answered it passes when at least one line
    was checked and passed; "not applicable" lines do not count as checked, so an item whose lines are all "not
    applicable" (or whose fields have no checklist) is ``NOT_APPLICABLE``: nothing on it was checked against a
    checklist."""
    lines = tuple(lines)
    values = [checks.get(check.key) for check in lines]
    if CheckResult.FAIL.value in checks.values():
        return CheckResult.FAIL
    if any(value not in ANSWERS for value in values):
        return None
    if CheckResult.PASS.value in values:
        return CheckResult.PASS
    return CheckResult.NOT_APPLICABLE


def failed(checks: Mapping[str, str]) -> list[str]:
    """The labels of the lines answered "fail", in the catalogue's order (old lines included)."""
    return [label_of(check.key) for check in _CATALOGUE if checks.get(check.key) == CheckResult.FAIL.value]


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    result: CheckResult | None  # None: not answered


def answers(checks: Mapping[str, str], lines: Iterable[Check]) -> list[Answer]:
    """Every line of the checklist with its answer (or none), then any line answered that the checklist no
    longer asks (an old record, or a field removed from the inspection): what was stored is what is shown."""
    asked = {check.key for check in lines}
    shown = [check for check in _CATALOGUE if check.key in asked or check.key in checks]
    shown += [Check(key, key, "") for key in checks if key not in _BY_KEY]
    return [
        Answer(
            check.key, str(check.label), CheckResult(checks[check.key]) if checks.get(check.key) in ANSWERS else None
        )
        for check in shown
    ]
