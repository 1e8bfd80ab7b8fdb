"""Declaring, changing, confirming and retiring measuring instruments. Each function is one unit of work, and
each checks who may do it, so the views, the demo and a future API cannot skip a rule:

- a business declares and changes its own instruments only, and retires them; a change it makes to a confirmed
  instrument sends it back to the ward to confirm again;
- inspectors, ward police and the ward officer add and change the instruments of any business of the ward (the
  ones they find in the field) and retire them;
- only the ward officer confirms one; the administrator runs the system and changes no record.

``due_on`` is set here, from the rules (``traceapp.metrology.rules.verification_due``), whenever the kind, the
verification date or the date the certificate states is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp import codes
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.instruments.errors import InstrumentError, NotAllowed
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.kinds import UNITS, WEIGHT_UNITS, weighs
from traceapp.metrology.rules import verification_due
from traceapp.models import Batch, Business, InstrumentStatus, MeasuringInstrument, Product, Role, User
from traceapp.unit_of_work import retrying_on_conflict, transactional

# Numeric(14, 6) holds eight digits before the point; no Max or e of an instrument used in trade comes near this.
LARGEST_MEASURE = Decimal(10) ** 7
DECIMAL_PLACES = 6  # what the column keeps; more would be rounded away silently
CONFLICT_ATTEMPTS = 3  # a drawn public code taken by another request meanwhile: draw again
ADDING_STAFF = (Role.INSPECTOR, Role.POLICE, Role.OFFICER)
_TEXT_LIMITS = {
    "place_name": 200,
    "stall": 40,
    "address": 300,
    "manufacturer": 120,
    "model": 120,
    "serial_number": 80,
    "certificate_number": 60,
    "stamp_number": 60,
    "verified_by": 200,
    "note": 2000,
}


def unique_public_code() -> str:
    """A code no instrument, product or batch carries, so a code typed anywhere names one thing only."""
    while True:
        code = codes.new_code()
        taken = (
            db.session.scalar(select(MeasuringInstrument.id).where(MeasuringInstrument.public_code == code))
            or db.session.scalar(select(Product.id).where(Product.public_code == code))
            or db.session.scalar(select(Batch.id).where(Batch.public_code == code))
        )
        if not taken:
            return code


# --- the rules between the fields ---------------------------------------------------------------------------


def _trimmed(data: InstrumentInput) -> InstrumentInput:
    values: dict[str, Any] = {name: str(getattr(data, name) or "").strip() for name in _TEXT_LIMITS}
    # A caller other than the form (the demo) may write 30 or 0.01: read them as the decimals they were typed as.
    for name in ("max_capacity", "scale_interval"):
        value = getattr(data, name)
        if value is not None and not isinstance(value, Decimal):
            try:
                values[name] = Decimal(str(value))
            except InvalidOperation:
                raise InstrumentError(_l("Enter a number written in digits."), name) from None
    return replace(data, **values)


def _check_texts(data: InstrumentInput) -> None:
    for name, limit in _TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise InstrumentError(_l("At most %(max)s characters.", max=limit), name)


def _check_measure(value: Decimal | None, field: str) -> None:
    if value is None:
        return
    if not value.is_finite():
        raise InstrumentError(_l("Enter a number written in digits."), field)
    if value <= 0:
        raise InstrumentError(_l("Enter a number greater than zero."), field)
    if value >= LARGEST_MEASURE:
        raise InstrumentError(_l("This number is too large."), field)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
        raise InstrumentError(_l("Use at most %(places)s decimal places.", places=DECIMAL_PLACES), field)


def _check_scale(data: InstrumentInput) -> None:
    _check_measure(data.max_capacity, "max_capacity")
    _check_measure(data.scale_interval, "scale_interval")
    if data.unit not in UNITS:
        raise InstrumentError(_l("Choose a unit from the list."), "unit")
    if weighs(data.kind):
        if data.max_capacity is None:
            raise InstrumentError(_l("Enter the maximum capacity (Max) marked on the scale."), "max_capacity")
        if data.scale_interval is None:
            raise InstrumentError(
                _l("Enter the verification scale interval (e) marked on the scale."), "scale_interval"
            )
        if data.unit not in WEIGHT_UNITS:
            raise InstrumentError(_l("A scale is measured in g, kg or t."), "unit")
    else:
        if data.accuracy_class is not None:
            raise InstrumentError(_l("An accuracy class is given for scales only."), "accuracy_class")
        if data.is_reference_scale:
            raise InstrumentError(_l("Only a scale can be the market's reference scale."), "is_reference_scale")
    if data.max_capacity is not None and data.scale_interval is not None and data.scale_interval > data.max_capacity:
        raise InstrumentError(
            _l("The scale interval (e) cannot be larger than the maximum capacity (Max)."), "scale_interval"
        )


def _check_verification(data: InstrumentInput, today: date) -> None:
    if data.verified_on is not None and data.verified_on > today:
        raise InstrumentError(_l("The verification date cannot be in the future."), "verified_on")
    if data.stated_until is not None and data.verified_on is not None and data.stated_until <= data.verified_on:
        raise InstrumentError(
            _l("The date the verification runs out must be after the verification date."), "stated_until"
        )


def checked(data: InstrumentInput) -> InstrumentInput:
    """``data`` trimmed, or the first rule it breaks as an :class:`InstrumentError` naming its field."""
    data = _trimmed(data)
    _check_texts(data)
    _check_scale(data)
    _check_verification(data, local_today())
    return data


def _apply(instrument: MeasuringInstrument, data: InstrumentInput) -> None:
    instrument.kind = data.kind
    instrument.place_name = data.place_name
    instrument.stall = data.stall
    instrument.address = data.address
    instrument.manufacturer = data.manufacturer
    instrument.model = data.model
    instrument.serial_number = data.serial_number
    instrument.accuracy_class = data.accuracy_class.value if data.accuracy_class is not None else ""
    instrument.max_capacity = data.max_capacity
    instrument.scale_interval = data.scale_interval
    instrument.unit = data.unit
    instrument.certificate_number = data.certificate_number
    instrument.stamp_number = data.stamp_number
    instrument.verified_by = data.verified_by
    instrument.verified_on = data.verified_on
    instrument.stated_until = data.stated_until
    instrument.due_on = verification_due(data.kind, data.verified_on, data.stated_until)
    instrument.is_reference_scale = data.is_reference_scale
    instrument.note = data.note


# --- who may do what ------------------------------------------------------------------------------------------


def may_declare_for(user: User, business_id: int) -> bool:
    if user.role == Role.BUSINESS:
        return user.business_id is not None and user.business_id == business_id
    return user.role in ADDING_STAFF


def may_change(user: User, instrument: MeasuringInstrument) -> bool:
    """Change or retire: its business, or the ward's staff who work on records (not the administrator)."""
    return may_declare_for(user, instrument.business_id)


def may_confirm(user: User) -> bool:
    return user.role == Role.OFFICER


def _refuse_retired(instrument: MeasuringInstrument) -> None:
    if instrument.status == InstrumentStatus.RETIRED:
        raise InstrumentError(_l("This instrument is no longer in use; it cannot be changed."))


# --- the services ---------------------------------------------------------------------------------------------


def declare_instrument(actor: User, business_id: int, data: InstrumentInput) -> MeasuringInstrument:
    """A new instrument of ``business_id``, declared by its business or added by the ward's staff; status
    DECLARED until the officer confirms it. The demo data is made through this function too."""
    if not may_declare_for(actor, business_id):
        raise NotAllowed(_l("You may declare instruments of your own business only."))
    if db.session.get(Business, business_id) is None:
        raise InstrumentError(_l("Choose the business that uses the instrument."), "business_id")
    return _insert(actor, business_id, checked(data))


@retrying_on_conflict(CONFLICT_ATTEMPTS)
def _insert(actor: User, business_id: int, data: InstrumentInput) -> MeasuringInstrument:
    instrument = MeasuringInstrument(
        business_id=business_id,
        public_code=unique_public_code(),
        status=InstrumentStatus.DECLARED,
        declared_by_id=actor.id,
    )
    _apply(instrument, data)
    db.session.add(instrument)
    return instrument


@transactional
def update_instrument(actor: User, instrument: MeasuringInstrument, data: InstrumentInput) -> MeasuringInstrument:
    """Save the changes. A business changing an instrument the ward confirmed sends it back to be confirmed."""
    if not may_change(actor, instrument):
        raise NotAllowed(_l("You may change instruments of your own business only."))
    _refuse_retired(instrument)
    _apply(instrument, checked(data))
    if actor.role == Role.BUSINESS and instrument.status == InstrumentStatus.CONFIRMED:
        instrument.status = InstrumentStatus.DECLARED
        instrument.confirmed_by_id = None
        instrument.confirmed_at = None
    return instrument


@transactional
def confirm_instrument(actor: User, instrument: MeasuringInstrument) -> MeasuringInstrument:
    """The ward officer confirms what was declared: who and when are kept, and the audit trail records it."""
    if not may_confirm(actor):
        raise NotAllowed(_l("Only the ward officer confirms instruments."))
    _refuse_retired(instrument)
    if instrument.status == InstrumentStatus.CONFIRMED:
        raise InstrumentError(_l("This instrument is already confirmed."))
    instrument.status = InstrumentStatus.CONFIRMED
    instrument.confirmed_by_id = actor.id
    instrument.confirmed_at = utcnow()
    return instrument


@transactional
def retire_instrument(actor: User, instrument: MeasuringInstrument) -> MeasuringInstrument:
    """No longer in use: kept (its checks and violations still name it), off the due lists, and its public page
    says so."""
    if not may_change(actor, instrument):
        raise NotAllowed(_l("You may retire instruments of your own business only."))
    _refuse_retired(instrument)
    instrument.status = InstrumentStatus.RETIRED
    return instrument
