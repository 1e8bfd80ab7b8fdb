"""What a consumer is told about a product or a batch: one verdict, decided by one rule.

:func:`decide` is the rule, and it is pure: it reads a :class:`Facts` (plain values, no database) and returns a
:class:`Verdict`, so every level and every pair of conditions can be tested without an app. Most serious first:

1. recalled — the batch, the product, or an input batch it was made from (at any depth of the supply chain);
2. failed its latest inspection and not yet remedied (the product's own check, or an input's);
3. expired — the expiry date is before today in the ward (the last day itself is not expired);
4. producer suspended by the ward;
5. producer not yet verified (awaiting verification, or its registration was not accepted);
6. nothing known against it.

The verdict's level is the most serious that applies; its reasons are every one that applies, most serious
first, so a recalled and expired batch says both. A producer has one status, so "suspended" and "not yet
verified" never both hold.

:func:`facts_for` reads the facts from the database for the scan page, its JSON answer and the business's and
staff's product and batch pages, so all of them say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from traceapp.clock import local_today, to_local
from traceapp.inspections import checklist
from traceapp.inspections.queries import is_remedied, latest_public_check, violations_naming
from traceapp.models import (
    Batch,
    BatchStatus,
    BusinessStatus,
    CheckResult,
    InspectionItem,
    Product,
    ProductStatus,
    ViolationCategory,
)
from traceapp.models.enums import LabelledEnum
from traceapp.supply.chain import Node, batches_in, upstream_tree
from traceapp.web.formatting import format_date


class VerdictLevel(LabelledEnum):
    """The verdict, most serious first; the label is the headline the consumer reads."""

    RECALLED = "recalled", _l("This product has been recalled")
    FAILED = "failed", _l("Found not conforming at inspection")
    EXPIRED = "expired", _l("Past its expiry date")
    PRODUCER_SUSPENDED = "producer_suspended", _l("Producer suspended by the ward")
    PRODUCER_UNVERIFIED = "producer_unverified", _l("Producer not yet verified by the ward")
    CLEAR = "clear", _l("Nothing known against this product")

    @property
    def rank(self) -> int:
        """0 for the most serious."""
        return list(VerdictLevel).index(self)

    @property
    def action(self) -> str:
        """What the consumer should do, in plain words."""
        return str(_ACTIONS[self])

    @property
    def tone(self) -> str:
        """``danger``, ``warning`` or ``ok``: the colour of the verdict on a page (a CSS class suffix)."""
        if self in (VerdictLevel.RECALLED, VerdictLevel.FAILED, VerdictLevel.EXPIRED):
            return "danger"
        return "ok" if self is VerdictLevel.CLEAR else "warning"

    @property
    def is_clear(self) -> bool:
        return self is VerdictLevel.CLEAR

    @property
    def stops_sale(self) -> bool:
        """Recalled, failed or expired: the page must not call it "in circulation" or "on sale" anywhere."""
        return self.tone == "danger"


_ACTIONS = {
    VerdictLevel.RECALLED: _l("Do not use it: return it to the seller or report it to the ward."),
    VerdictLevel.FAILED: _l(
        "Do not buy or use it until the ward confirms it has been remedied. Report it to the ward."
    ),
    VerdictLevel.EXPIRED: _l("Do not eat or use it: return it to the seller or report it to the ward."),
    VerdictLevel.PRODUCER_SUSPENDED: _l("Be careful: ask the seller before buying, or report it to the ward."),
    VerdictLevel.PRODUCER_UNVERIFIED: _l(
        "The information is as the producer declared it. Check the label and ask the seller."
    ),
    VerdictLevel.CLEAR: _l("Still check the label and the expiry date when you buy."),
}


class ReasonKind(StrEnum):
    """Why a verdict was given: a stable code for machines (the JSON answer), each belonging to one level."""

    BATCH_RECALLED = "batch_recalled"
    PRODUCT_RECALLED = "product_recalled"
    INPUT_RECALLED = "input_recalled"
    FAILED_CHECK = "failed_check"
    INPUT_FAILED = "input_failed"
    EXPIRED = "expired"
    PRODUCER_SUSPENDED = "producer_suspended"
    PRODUCER_UNVERIFIED = "producer_unverified"
    PRODUCER_REJECTED = "producer_rejected"

    @property
    def level(self) -> VerdictLevel:
        return _LEVEL_OF[self]


_LEVEL_OF = {
    ReasonKind.BATCH_RECALLED: VerdictLevel.RECALLED,
    ReasonKind.PRODUCT_RECALLED: VerdictLevel.RECALLED,
    ReasonKind.INPUT_RECALLED: VerdictLevel.RECALLED,
    ReasonKind.FAILED_CHECK: VerdictLevel.FAILED,
    ReasonKind.INPUT_FAILED: VerdictLevel.FAILED,
    ReasonKind.EXPIRED: VerdictLevel.EXPIRED,
    ReasonKind.PRODUCER_SUSPENDED: VerdictLevel.PRODUCER_SUSPENDED,
    ReasonKind.PRODUCER_UNVERIFIED: VerdictLevel.PRODUCER_UNVERIFIED,
    ReasonKind.PRODUCER_REJECTED: VerdictLevel.PRODUCER_UNVERIFIED,
}


# --- the facts the rule reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedCheck:
    """The latest published check found the item not conforming."""

    on: date  # the day the inspection was submitted, in the ward
    points: tuple[str, ...] = ()  # what failed, in words a consumer understands
    remedied: bool = False  # every violation naming the item was remedied, as the ward confirmed


@dataclass(frozen=True)
class InputFacts:
    """A registered batch the product was made from (at any depth)."""

    product: str
    lot: str
    code: str  # its public code, for a link to its own page
    recalled: bool = False
    failed: bool = False  # its latest check failed and was not remedied


@dataclass(frozen=True)
class Facts:
    today: date
    producer: str
    producer_status: BusinessStatus = BusinessStatus.VERIFIED
    product_recalled: bool = False
    product_recall_reason: str = ""
    batch_recalled: bool = False
    batch_recall_reason: str = ""
    expiry_date: date | None = None
    failed_check: FailedCheck | None = None
    inputs: tuple[InputFacts, ...] = ()


# --- the verdict ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    text: str
    code: str | None = None  # the public code of the input batch the reason is about, if any

    @property
    def level(self) -> VerdictLevel:
        return self.kind.level


@dataclass(frozen=True)
class Verdict:
    level: VerdictLevel
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return str(self.level.label)

    @property
    def action(self) -> str:
        return self.level.action

    @property
    def kinds(self) -> tuple[ReasonKind, ...]:
        return tuple(reason.kind for reason in self.reasons)

    def as_json(self) -> dict:
        return {
            "level": self.level.value,
            "label": self.label,
            "action": self.action,
            "reasons": [
                {"kind": reason.kind.value, "level": reason.level.value, "text": reason.text, "code": reason.code}
                for reason in self.reasons
            ],
        }


def decide(facts: Facts) -> Verdict:
    """The one rule: every reason that applies, most serious first; the level is that of the first."""
    reasons: list[Reason] = []
    if facts.batch_recalled:
        reasons.append(
            Reason(
                ReasonKind.BATCH_RECALLED,
                _with_detail(_("The ward has recalled this batch."), facts.batch_recall_reason),
            )
        )
    if facts.product_recalled:
        reasons.append(
            Reason(
                ReasonKind.PRODUCT_RECALLED,
                _with_detail(_("The ward has recalled this product."), facts.product_recall_reason),
            )
        )
    for source in facts.inputs:
        if source.recalled:
            reasons.append(
                Reason(
                    ReasonKind.INPUT_RECALLED,
                    _(
                        "Made from %(product)s (lot %(lot)s), which was recalled.",
                        product=source.product,
                        lot=source.lot,
                    ),
                    source.code,
                )
            )
    check = facts.failed_check
    if check is not None and not check.remedied:
        if check.points:
            text = _(
                "Not conforming at the inspection of %(date)s: %(points)s.",
                date=format_date(check.on),
                points="; ".join(check.points),
            )
        else:
            text = _("Not conforming at the inspection of %(date)s.", date=format_date(check.on))
        reasons.append(Reason(ReasonKind.FAILED_CHECK, text))
    for source in facts.inputs:
        if source.failed and not source.recalled:
            reasons.append(
                Reason(
                    ReasonKind.INPUT_FAILED,
                    _(
                        "Made from %(product)s (lot %(lot)s), which was found not conforming.",
                        product=source.product,
                        lot=source.lot,
                    ),
                    source.code,
                )
            )
    if facts.expiry_date is not None and facts.expiry_date < facts.today:
        reasons.append(
            Reason(ReasonKind.EXPIRED, _("Its expiry date was %(date)s.", date=format_date(facts.expiry_date)))
        )
    if facts.producer_status == BusinessStatus.SUSPENDED:
        reasons.append(
            Reason(
                ReasonKind.PRODUCER_SUSPENDED,
                _("The ward has suspended the producer, %(name)s.", name=facts.producer),
            )
        )
    elif facts.producer_status == BusinessStatus.REJECTED:
        reasons.append(
            Reason(
                ReasonKind.PRODUCER_REJECTED,
                _("The ward did not accept the registration of the producer, %(name)s.", name=facts.producer),
            )
        )
    elif facts.producer_status != BusinessStatus.VERIFIED:
        reasons.append(
            Reason(
                ReasonKind.PRODUCER_UNVERIFIED,
                _("The ward has not yet verified the producer, %(name)s.", name=facts.producer),
            )
        )
    reasons.sort(key=lambda reason: reason.level.rank)  # stable: the order above within a level
    level = reasons[0].level if reasons else VerdictLevel.CLEAR
    return Verdict(level, tuple(reasons))


def _with_detail(sentence: str, detail: str) -> str:
    detail = (detail or "").strip()
    return f"{sentence} {detail}" if detail else sentence


# --- reading the facts ----------------------------------------------------------------------------------------

# What a failed checklist point means for a consumer; label points not named here read "The label lacks or
# misstates: <point>".
_CONSUMER_POINTS = {
    "label_vietnamese": _l("the label is not in Vietnamese"),
    "label_legible": _l("the label is hard to read or comes off easily"),
    "origin_papers": _l("no papers prove where the goods come from"),
    "expiry_valid": _l("the goods were past their expiry date"),
    "conformity": _l("no standard or conformity declaration for the goods"),
    "measurement": _l("short weight or wrong measure"),
    "quality_standard": _l("no standard shown on the goods"),
    "quality_declaration": _l("no conformity declaration made for the goods"),
    "quality_cr_mark": _l("no CR mark, which the regulation requires"),
    "quality_certificates": _l("no conformity certificate or test results, which are required"),
}
_CONSUMER_CATEGORIES = {
    ViolationCategory.LABELS: _l("wrong or missing label"),
    ViolationCategory.MEASUREMENT: _l("short weight or wrong measure"),
    ViolationCategory.QUALITY: _l("quality below the standard"),
    ViolationCategory.EXPIRED: _l("the goods were past their expiry date"),
    ViolationCategory.COUNTERFEIT: _l("counterfeit goods"),
    ViolationCategory.UNKNOWN_ORIGIN: _l("goods of unknown origin"),
    ViolationCategory.NO_CONFORMITY: _l("no standard or conformity declaration for the goods"),
}


def consumer_point(key: str) -> str:
    """A failed checklist point in words a consumer understands."""
    if key in _CONSUMER_POINTS:
        return str(_CONSUMER_POINTS[key])
    label = checklist.label_of(key)
    if key.startswith("label_"):
        return _("the label lacks or misstates: %(point)s", point=label[:1].lower() + label[1:])
    return label


def failed_check_of(item: InspectionItem | None) -> FailedCheck | None:
    """The latest check as the rule reads it: None when there is none or it passed."""
    if item is None:
        return None
    violations = violations_naming(item)
    if item.result != CheckResult.FAIL and not violations:
        return None
    failed_keys = [key for key, value in item.checks.items() if value == CheckResult.FAIL.value]
    order = {key: n for n, key in enumerate(checklist.CHECK_KEYS)}  # the form's order; retired lines last
    failed_keys.sort(key=lambda key: order.get(key, len(order)))
    points = [consumer_point(key) for key in failed_keys]
    for violation in violations:
        if violation.category in _CONSUMER_CATEGORIES:
            words = str(_CONSUMER_CATEGORIES[violation.category])
            if words not in points:
                points.append(words)
    submitted = item.inspection.submitted_at
    on = to_local(submitted).date() if submitted else local_today()
    remedied = bool(violations) and all(is_remedied(violation) for violation in violations)
    return FailedCheck(on=on, points=tuple(points), remedied=remedied)


def _input_facts(chain: Sequence[Node]) -> tuple[InputFacts, ...]:
    found = []
    seen: set[int] = set()
    for source in batches_in(list(chain)):
        if source.id in seen:
            continue
        seen.add(source.id)
        recalled = source.status == BatchStatus.RECALLED or source.product.status == ProductStatus.RECALLED
        failed = False
        if not recalled:
            check = failed_check_of(latest_public_check(source.product, source))
            failed = check is not None and not check.remedied
        if recalled or failed:
            found.append(InputFacts(source.product.name, source.lot_code, source.public_code, recalled, failed))
    return tuple(found)


def facts_for(
    product: Product,
    batch: Batch | None,
    *,
    latest_check: InspectionItem | None = None,
    chain: Sequence[Node] | None = None,
    today: date | None = None,
) -> Facts:
    """What is known about the product (and batch) today. ``latest_check`` and ``chain`` may be passed when
    the caller has read them already (the scan page shows both)."""
    if latest_check is None:
        latest_check = latest_public_check(product, batch)
    if chain is None:
        chain = upstream_tree(batch) if batch is not None else []
    business = product.business
    batch_recalled = batch is not None and batch.status == BatchStatus.RECALLED
    return Facts(
        today=today or local_today(),
        producer=business.name,
        producer_status=business.status,
        product_recalled=product.status == ProductStatus.RECALLED,
        product_recall_reason=(product.status_reason or "") if product.status == ProductStatus.RECALLED else "",
        batch_recalled=batch_recalled,
        batch_recall_reason=(batch.status_reason or "") if batch is not None and batch_recalled else "",
        expiry_date=batch.expiry_date if batch is not None else None,
        failed_check=failed_check_of(latest_check),
        inputs=_input_facts(chain),
    )


def verdict_for(product: Product, batch: Batch | None = None, **known) -> Verdict:
    """The verdict on a product or batch, read from the database: for every page that shows one."""
    return decide(facts_for(product, batch, **known))
