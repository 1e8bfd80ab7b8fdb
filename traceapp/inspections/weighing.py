"""Checking a measuring instrument during a metrology inspection: which instrument an item is about, and the test
with reference weights (issue 14, item 4).

The inspector enters each test load and what the instrument read, in the instrument's unit; the error and the
maximum permissible error in service for its accuracy class come from ``metrology.rules.judge_weighing``, and the
checklist's weighing line takes that verdict: it is never answered by hand. An instrument that does not weigh (a
fuel dispenser, a water meter) is not tested with weights, so its line is "not applicable" from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp.clock import to_local
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.inspections.errors import InspectionError
from traceapp.inspections.team_rules import require_team
from traceapp.instruments.kinds import weighs
from traceapp.instruments.verdict import InstrumentVerdictLevel, due_state
from traceapp.metrology.rules import WeighingVerdict, judge_weighing
from traceapp.models import (
    CheckResult,
    Inspection,
    InspectionField,
    InspectionItem,
    InstrumentStatus,
    MeasuringInstrument,
    User,
    WeighingTest,
)
from traceapp.unit_of_work import transactional

MAX_LOADS = 12  # more test points than OIML R 76 asks in service; a bound on one request's work


@dataclass(frozen=True)
class LoadEntry:
    load: Decimal
    reading: Decimal


@dataclass(frozen=True)
class WeighingInput:
    """The test loads in the order they were put on, each with the reading, in the instrument's unit."""

    loads: tuple[LoadEntry, ...]


@dataclass(frozen=True)
class CertificateState:
    """What the register says of the verification on the day of the inspection; the inspector confirms it."""

    due_on: date | None
    on: date
    level: InstrumentVerdictLevel


def instruments_for(inspection: Inspection) -> list[MeasuringInstrument]:
    """The instruments an item of this inspection may check: the inspected business's, not retired."""
    if inspection.business_id is None:
        return []
    return list(
        db.session.scalars(
            select(MeasuringInstrument)
            .where(
                MeasuringInstrument.business_id == inspection.business_id,
                MeasuringInstrument.status != InstrumentStatus.RETIRED,
            )
            .order_by(MeasuringInstrument.place_name, MeasuringInstrument.stall, MeasuringInstrument.id)
        )
    )


def instrument_title(instrument: MeasuringInstrument) -> str:
    parts = [str(instrument.kind.label), instrument.manufacturer, instrument.model]
    if instrument.serial_number:
        parts.append(f"No. {instrument.serial_number}")
    if instrument.stall:
        parts.append(instrument.stall)
    return " · ".join(part for part in parts if part)[:300]


def certificate_state(inspection: Inspection, instrument: MeasuringInstrument) -> CertificateState:
    """In date or overdue on the inspection's day (in the ward's calendar), from the register's due date."""
    on = to_local(inspection.started_at).date()
    return CertificateState(instrument.due_on, on, due_state(instrument.due_on, on))


def require_draft_of(inspection: Inspection, field: InspectionField) -> None:
    """A draft that covers ``field``: a weighing test on a labels inspection has no line to answer."""
    if not inspection.is_draft:
        raise InspectionError(_l("This inspection has been submitted and can no longer be changed; add an amendment."))
    if field.value not in inspection.fields:
        raise InspectionError(
            _l("This inspection does not cover %(field)s; add the field to its header first.", field=field.label)
        )


def _judge(item: InspectionItem, inspection: Inspection, answer: CheckResult | None) -> None:
    checks = {key: value for key, value in item.checks.items() if key != checklist.WEIGHING_KEY}
    if answer is not None:
        checks[checklist.WEIGHING_KEY] = answer.value
    item.checks = checks
    item.result = checklist.result_of(checks, checklist.lines_for(inspection.fields))


@transactional
def add_instrument_item(inspection: Inspection, user: User, instrument_id: int) -> InspectionItem:
    """An item that checks one of the inspected business's instruments; the checklist starts unanswered (an
    instrument that does not weigh has no test with weights: that line is "not applicable")."""
    require_team(user, inspection)
    require_draft_of(inspection, InspectionField.METROLOGY)
    instrument = db.session.get(MeasuringInstrument, instrument_id)
    if instrument is None or instrument.business_id != inspection.business_id:
        raise InspectionError(_l("Choose an instrument of the inspected business."), "instrument_id")
    item = InspectionItem(
        inspection_id=inspection.id,
        instrument=instrument,
        description=instrument_title(instrument),
        checks={},
        created_by=user,
    )
    _judge(item, inspection, None if weighs(instrument.kind) else CheckResult.NOT_APPLICABLE)
    db.session.add(item)
    return item


def tests_of(item: InspectionItem) -> list[WeighingTest]:
    return list(
        db.session.scalars(select(WeighingTest).where(WeighingTest.item_id == item.id).order_by(WeighingTest.position))
    )


def _verdict(instrument: MeasuringInstrument, loads: list[tuple[Decimal, Decimal]]) -> WeighingVerdict:
    if not weighs(instrument.kind):
        raise InspectionError(_l("Only a weighing instrument is tested with reference weights."))
    if not instrument.accuracy_class or instrument.scale_interval is None:
        raise InspectionError(
            _l(
                "The register has no accuracy class or verification scale interval (e) for this instrument; "
                "complete the instrument first."
            )
        )
    return judge_weighing(
        loads,
        instrument.scale_interval,
        instrument.accuracy_class,
        in_service=True,
        max_capacity=instrument.max_capacity,
    )


def verdict_of(item: InspectionItem) -> WeighingVerdict | None:
    """The verdict of the item's stored tests, worked out again (None: no test yet, or nothing to judge by)."""
    instrument = item.instrument
    tests = tests_of(item)
    if instrument is None or not tests:
        return None
    try:
        return _verdict(instrument, [(test.load, test.reading) for test in tests])
    except DomainError:  # the register changed since (no class any more, a load now above Max)
        return None


def preview(item: InspectionItem, entry: WeighingInput) -> WeighingVerdict:
    """The verdict these loads would give, without saving them (the "work out" button)."""
    if item.instrument is None:
        raise InspectionError(_l("This item is not about a measuring instrument."))
    _require_loads(entry)
    return _verdict(item.instrument, [(test.load, test.reading) for test in entry.loads])


def _require_loads(entry: WeighingInput) -> None:
    if not entry.loads:
        raise InspectionError(_l("Enter at least one test load and its reading."))
    if len(entry.loads) > MAX_LOADS:
        raise InspectionError(_l("At most %(n)d test loads.", n=MAX_LOADS))


@transactional
def record_weighing(inspection: Inspection, user: User, item_id: int, entry: WeighingInput) -> WeighingVerdict:
    """Keep the test loads and readings of an item's instrument and answer its weighing line from the verdict:
    pass when every load's error is within the MPE in service, fail otherwise. The loads replace any entered
    before."""
    require_team(user, inspection)
    require_draft_of(inspection, InspectionField.METROLOGY)
    item = db.session.get(InspectionItem, item_id)
    if item is None or item.inspection_id != inspection.id:
        raise InspectionError(_l("This item is not part of the inspection."))
    instrument = item.instrument
    if instrument is None:
        raise InspectionError(_l("This item is not about a measuring instrument."))
    _require_loads(entry)
    verdict = _verdict(instrument, [(test.load, test.reading) for test in entry.loads])
    for old in tests_of(item):
        db.session.delete(old)
    for position, test in enumerate(entry.loads, start=1):
        db.session.add(
            WeighingTest(item=item, position=position, load=test.load, reading=test.reading, unit=instrument.unit)
        )
    _judge(item, inspection, CheckResult.PASS if verdict.passed else CheckResult.FAIL)
    return verdict
