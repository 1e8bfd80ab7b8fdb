"""Task 5's metrology figures: the ward's measuring instruments used in trade, the checks of them and of
prepackaged goods, and the violations found in measurement.

The register is a stock taken at the period's last day (instruments registered before its end and not retired;
"in date" when their verification runs to that day or later; today, for a period not over yet), the checks are
flows inside the period (items of submitted inspections that started in it), counted the way
``traceapp.reports.figures`` counts the rest of task 5.
A retired instrument leaves every stock figure, also of past periods: the register keeps no history of when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, distinct, func, select

from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import (
    CheckResult,
    InspectionItem,
    InstrumentKind,
    InstrumentStatus,
    MeasuringInstrument,
    PrepackagedLotCheck,
    Violation,
    ViolationCategory,
)

Breakdown = dict[str, int]
# The violation categories that are about measurement: short weight or volume, and instruments.
MEASUREMENT_CATEGORIES = (ViolationCategory.MEASUREMENT, ViolationCategory.PREPACKAGED_QUANTITY)


@dataclass(frozen=True)
class Metrology:
    """New in data package schema 1.2; a report locked before has none."""

    instruments_registered: int
    instruments_by_kind: Breakdown
    instruments_in_date: int
    instruments_overdue: int
    instruments_unverified: int
    reference_scales: int
    instruments_checked: int
    instruments_failed: int
    prepackaged_lots_checked: int
    prepackaged_lots_failed: int
    violations: int

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Metrology | None:
        return cls(**data) if data is not None else None


def _count(stmt: Select) -> int:
    return int(db.session.scalar(stmt) or 0)


def _by_kind(in_use: tuple) -> Breakdown:
    kinds = {kind.value: 0 for kind in InstrumentKind}
    rows = db.session.execute(
        select(MeasuringInstrument.kind, func.count(MeasuringInstrument.id))
        .where(*in_use)
        .group_by(MeasuringInstrument.kind)
    )
    kinds.update({str(kind): int(n) for kind, n in rows})
    return kinds


def _lots(inspection_ids: Select) -> tuple[int, int]:
    """Prepackaged lots checked, and failed on any of the rules (the verdict stored on the day)."""
    checked, failed = db.session.execute(
        select(
            func.count(PrepackagedLotCheck.id),
            func.sum(case((PrepackagedLotCheck.passed.is_(False), 1), else_=0)),
        )
        .join(InspectionItem, InspectionItem.id == PrepackagedLotCheck.item_id)
        .where(InspectionItem.inspection_id.in_(inspection_ids))
    ).one()
    return int(checked or 0), int(failed or 0)


def compute(end_day: date, before: Any, inspection_ids: Select) -> Metrology:
    """``end_day`` the period's last day, ``before`` the UTC instant its end, ``inspection_ids`` the period's
    submitted inspections (the same selection the rest of task 5 counts). A period not over yet is judged on
    today: "in date" and "overdue" are never a forecast."""
    as_of = min(end_day, local_today())
    in_use = (MeasuringInstrument.created_at < before, MeasuringInstrument.status != InstrumentStatus.RETIRED)
    kinds = _by_kind(in_use)
    registered = select(func.count(MeasuringInstrument.id)).where(*in_use)
    items = (InspectionItem.inspection_id.in_(inspection_ids), InspectionItem.instrument_id.is_not(None))
    checked = select(func.count(distinct(InspectionItem.instrument_id))).where(*items)
    lots_checked, lots_failed = _lots(inspection_ids)
    violations = select(func.count(Violation.id)).where(
        Violation.inspection_id.in_(inspection_ids), Violation.category.in_(MEASUREMENT_CATEGORIES)
    )
    return Metrology(
        instruments_registered=sum(kinds.values()),
        instruments_by_kind=kinds,
        instruments_in_date=_count(registered.where(MeasuringInstrument.due_on >= as_of)),
        instruments_overdue=_count(registered.where(MeasuringInstrument.due_on < as_of)),
        instruments_unverified=_count(registered.where(MeasuringInstrument.due_on.is_(None))),
        reference_scales=_count(registered.where(MeasuringInstrument.is_reference_scale.is_(True))),
        instruments_checked=_count(checked),
        instruments_failed=_count(checked.where(InspectionItem.result == CheckResult.FAIL)),
        prepackaged_lots_checked=lots_checked,
        prepackaged_lots_failed=lots_failed,
        violations=_count(violations),
    )
