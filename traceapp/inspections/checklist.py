"""What an inspector checks on each item: the lines of each inspection field, and the result they give.

Goods labels (nhãn hàng hóa) follow Decree 43/2017/NĐ-CP as amended by Decree 111/2021/NĐ-CP: name,
responsible organisation and its address, and origin on every label (Art. 10.1); the net quantity,
production date, expiry date, ingredients, warnings and instructions for use and storage where Appendix I
asks for them (food always); in Vietnamese (Art. 7) and legible (Art. 4).

Quality and conformity (chất lượng) follow the Law on Product and Goods Quality 2007 and Decree 132/2008/NĐ-CP
(amended by Decree 74/2018/NĐ-CP): the standard applied is shown, the conformity declaration (công bố hợp
quy / hợp chuẩn) was made, the CR mark is on goods a technical regulation (QCVN) covers, and the certificates
or test results are there where they are required.

Metrology (đo lường) follows the Law on Metrology 2011, Art. 16 and 21: a group-2 measuring instrument used in
trade is verified, carries its verification stamp and certificate in date, and keeps its seal; the inspector then
tests it with reference weights. Prepackaged goods (hàng đóng gói sẵn) follow Circular 21/2014/TT-BKHCN: the
nominal quantity on the label, and the lot's quantity measured on a sample.

Some lines are *computed*: their answer follows from figures the inspector enters (the weighing test by
``inspections/weighing.py``, the lot check by ``inspections/prepackaged.py``), never from a radio button. They are
not among the lines an item form asks (``lines_for``), so a saved form neither shows nor overwrites them, but they
count wherever an item's answers are judged: ``unanswered``, ``result_of`` and ``answers`` add the computed lines
of every group the asked lines belong to.

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
    computed: bool = False  # answered by the app from the figures entered, never by hand


LABEL, QUALITY, METROLOGY, PREPACKAGED = "label", "quality", "metrology", "prepackaged"
# Groups of lines no current checklist asks; kept so old answers keep their wording.
PAPERS, EXPIRY, CONFORMITY, MEASUREMENT = "papers", "expiry", "conformity", "measurement"
GROUP_LABELS = {
    LABEL: _l("Label contents (Decree 43/2017, amended by Decree 111/2021)"),
    QUALITY: _l("Quality: standard applied and conformity"),
    METROLOGY: _l("Measuring instrument (Law on Metrology 2011)"),
    PREPACKAGED: _l("Prepackaged goods quantity (Circular 21/2014/TT-BKHCN)"),
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
WEIGHING_KEY, CERTIFICATE_KEY, LOT_KEY = "metrology_weighing", "metrology_certificate", "prepackaged_lot"
METROLOGY_CHECKS: tuple[Check, ...] = (
    Check("metrology_stamp", _l("Verification stamp present and intact"), METROLOGY),
    Check(CERTIFICATE_KEY, _l("Verification certificate present and in date on the day of the inspection"), METROLOGY),
    Check("metrology_seal", _l("Seal intact"), METROLOGY),
    Check(
        WEIGHING_KEY,
        _l("Test with reference weights: every error within the maximum permissible error in service"),
        METROLOGY,
        computed=True,
    ),
)
PREPACKAGED_CHECKS: tuple[Check, ...] = (
    Check(
        "prepackaged_label_quantity",
        _l("Nominal quantity on the label in legal units of measurement, legible and of the required height"),
        PREPACKAGED,
    ),
    Check(LOT_KEY, _l("Quantity of the lot measured on a sample: every rule met"), PREPACKAGED, computed=True),
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
    InspectionField.METROLOGY: METROLOGY_CHECKS,
    InspectionField.PREPACKAGED: PREPACKAGED_CHECKS,
}
# Every line a current checklist asks.
CHECKS: tuple[Check, ...] = LABEL_CHECKS + QUALITY_CHECKS + METROLOGY_CHECKS + PREPACKAGED_CHECKS
COMPUTED_KEYS = frozenset(check.key for check in CHECKS if check.computed)
CHECK_KEYS = tuple(check.key for check in CHECKS)
_CATALOGUE: tuple[Check, ...] = CHECKS + RETIRED
_BY_KEY = {check.key: check for check in _CATALOGUE}
ANSWERS = frozenset(result.value for result in CheckResult)


def _fields(values: Iterable[str]) -> list[InspectionField]:
    known = InspectionField._value2member_map_
    return [InspectionField(value) for value in values if value in known]


def lines_for(fields: Iterable[str]) -> tuple[Check, ...]:
    """The lines an inspector answers by hand on an inspection of these fields: each field's lines once, in the
    catalogue's order. The computed lines of their groups come with them wherever answers are judged."""
    wanted = {check.key for field in _fields(fields) for check in FIELD_CHECKS[field] if not check.computed}
    return tuple(check for check in CHECKS if check.key in wanted)


def with_computed(lines: Iterable[Check]) -> tuple[Check, ...]:
    """These lines and the computed lines of their groups, in the catalogue's order."""
    lines = tuple(lines)
    keys = {check.key for check in lines}
    groups = {check.group for check in lines}
    return tuple(check for check in CHECKS if check.key in keys or (check.computed and check.group in groups))


def asks(fields: Iterable[str], key: str) -> bool:
    """Whether an inspection of these fields asks the line ``key`` (a computed line included)."""
    return any(check.key == key for check in with_computed(lines_for(fields)))


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
    """Only the answers to these lines, and only real answers (an empty or unknown value is no answer). A
    computed line is never taken from what was posted."""
    keys = {check.key for check in lines if not check.computed}
    return {key: value for key, value in checks.items() if key in keys and value in ANSWERS}


def unanswered(checks: Mapping[str, str], lines: Iterable[Check]) -> list[Check]:
    """The lines without an answer yet, the computed lines of their groups included (a weighing test not done)."""
    return [check for check in with_computed(lines) if checks.get(check.key) not in ANSWERS]


def result_of(checks: Mapping[str, str], lines: Iterable[Check]) -> CheckResult | None:
    """An item's result from its answered lines.

    Any "fail" fails it, even on a line the checklist no longer asks (an old answer, or a field taken off the
    inspection after the item was saved): a recorded failure never disappears unseen. Otherwise, while a line
    is unanswered there is no result yet (``None``). With every line answered it passes when at least one line
    was checked and passed; "not applicable" lines do not count as checked, so an item whose lines are all "not
    applicable" (or whose fields have no checklist) is ``NOT_APPLICABLE``: nothing on it was checked against a
    checklist."""
    lines = with_computed(lines)
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


def answers(checks: Mapping[str, str], lines: Iterable[Check], *, final: bool = False) -> list[Answer]:
    """Every line of the checklist with its answer (or none), then any line answered that the checklist no
    longer asks (an old record, or a field removed from the inspection): what was stored is what is shown.

    On a ``final`` record (submitted: every line asked then was answered) a line without an answer was not on
    the checklist when it was submitted, so it is left out rather than shown as "not answered"."""
    asked = {check.key for check in with_computed(lines) if not final or check.key in checks}
    shown = [check for check in _CATALOGUE if check.key in asked or check.key in checks]
    shown += [Check(key, key, "") for key in checks if key not in _BY_KEY]
    return [
        Answer(
            check.key, str(check.label), CheckResult(checks[check.key]) if checks.get(check.key) in ANSWERS else None
        )
        for check in shown
    ]
