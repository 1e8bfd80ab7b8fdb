"""What a phone sends when it syncs one inspection, read into typed values before any service runs.

The phone is a client like any other: every value is checked for type, length and range here (a value no page of
ours would send is a ``SyncError``, answered 400), and the services then apply the same rules as online. Ids made
by the phone are UUIDs; ``known`` lists, per item field, every value the phone has had for it since the server
last confirmed the item — the base of the three-way merge in ``services`` (docs/architecture.md, "Offline work
and sync").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from traceapp.field.errors import SyncError
from traceapp.inspections.inputs import InspectionInput, ViolationInput
from traceapp.models import InspectionField, InspectionKind, Measure, ViolationCategory
from traceapp.web.storable import MAX_BIGINT, MAX_ID, date_fits

MAX_ITEMS = 200
MAX_VIOLATIONS = 50
_LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


@dataclass(frozen=True)
class SentItem:
    client_id: str
    server_id: int | None = None  # an item the phone got from the server (a draft started elsewhere)
    code: str = ""
    description: str = ""
    checks: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    photo_ids: tuple[str, ...] = ()
    # "checks:<key>" or "note" -> the values the phone has had since the server last confirmed this item.
    known: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SentViolation:
    client_id: str
    found: ViolationInput  # its item_ids are empty: the items are named by client id below
    item_client_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SentInspection:
    client_id: str
    header: InspectionInput
    server_id: int | None = None  # a draft the phone got from the server, to carry on with
    items: tuple[SentItem, ...] = ()
    violations: tuple[SentViolation, ...] = ()
    conclusion: str | None = None  # set: the phone asks to submit the record


def client_id(value: Any) -> str:
    """A UUID as the phone made it (crypto.randomUUID), lower case."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise SyncError(_l("The record's id is not valid.")) from None


def _text(data: Mapping[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise SyncError(_l("A value sent is too long or not text."), key)
    return value


def _whole(data: Mapping[str, Any], key: str, highest: int = MAX_ID) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
        raise SyncError(_l("A number sent is not valid."), key)
    return value


def _coordinate(data: Mapping[str, Any], key: str, limit: float) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
        raise SyncError(_l("A number sent is not valid."), key)
    return float(value)


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SyncError(_l("The record sent is not valid."), key)
    return value


def _list(value: Any, key: str, limit: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > limit:
        raise SyncError(_l("The record sent is not valid."), key)
    return value


def _local_time(text: str) -> datetime:
    """Naive: the ward's local time as the phone's clock showed it, read as the online form reads it."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise SyncError(_l("Enter the start time."), "started_at") from None


def _header(data: Mapping[str, Any], agency_id: int) -> InspectionInput:
    started = _text(data, "started_at", 19)
    if not _LOCAL_TIME.match(started):
        raise SyncError(_l("Enter the start time."), "started_at")
    try:
        kind = InspectionKind(_text(data, "kind", 20))
        fields = tuple(InspectionField(str(value)) for value in _list(data.get("fields"), "fields", 10))
    except ValueError:
        raise SyncError(_l("The record sent is not valid."), "kind") from None
    if not fields:
        raise SyncError(_l("Tick at least one field."), "fields")
    return InspectionInput(
        agency_id=_whole(data, "agency_id") or agency_id,
        kind=kind,
        fields=fields,
        started_at=_local_time(started),
        business_id=_whole(data, "business_id"),
        place_name=_text(data, "place_name", 200),
        place_address=_text(data, "place_address", 300),
        decision_number=_text(data, "decision_number", 60),
        latitude=_coordinate(data, "latitude", 90),
        longitude=_coordinate(data, "longitude", 180),
    )


def _checks(value: Any) -> dict[str, str]:
    return {str(key)[:40]: str(answer)[:10] for key, answer in _mapping(value, "checks").items()}


def _known(value: Any) -> dict[str, tuple[str, ...]]:
    known: dict[str, tuple[str, ...]] = {}
    for key, values in _mapping(value, "known").items():
        known[str(key)[:60]] = tuple(str(v)[:2000] for v in _list(values, "known", 50) if v is not None)
    return known


def _item(data: Any) -> SentItem:
    data = _mapping(data, "items")
    return SentItem(
        client_id=client_id(data.get("client_id")),
        server_id=_whole(data, "server_id"),
        code=_text(data, "code", 300).strip(),
        description=_text(data, "description", 300),
        checks=_checks(data.get("checks")),
        note=_text(data, "note", 2000),
        photo_ids=tuple(client_id(p) for p in _list(data.get("photos"), "photos", 20)),
        known=_known(data.get("known")),
    )


def _deadline(data: Mapping[str, Any]) -> date | None:
    text = _text(data, "remedy_deadline", 10)
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise SyncError(_l("The date sent is not valid."), "remedy_deadline") from None
    if not date_fits(day):
        raise SyncError(_l("The date sent is not valid."), "remedy_deadline")
    return day


def _violation(data: Any) -> SentViolation:
    data = _mapping(data, "violations")
    try:
        category = ViolationCategory(_text(data, "category", 20))
        measure = Measure(_text(data, "measure", 20))
    except ValueError:
        raise SyncError(_l("The record sent is not valid."), "category") from None
    description = _text(data, "description", 4000).strip()
    if not description:
        raise SyncError(_l("Describe the violation."), "description")
    return SentViolation(
        client_id=client_id(data.get("client_id")),
        found=ViolationInput(
            category=category,
            description=description,
            measure=measure,
            fine_vnd=_whole(data, "fine_vnd", MAX_BIGINT),
            seized_quantity=_text(data, "seized_quantity", 100),
            seized_value_vnd=_whole(data, "seized_value_vnd", MAX_BIGINT),
            remedy_deadline=_deadline(data),
        ),
        item_client_ids=tuple(client_id(c) for c in _list(data.get("items"), "items", MAX_ITEMS)),
    )


def read_inspection(data: Any, *, agency_id: int) -> SentInspection:
    """The phone's record of one inspection; ``agency_id`` is the user's, used when the phone names none."""
    data = _mapping(data, "payload")
    submit = data.get("submit")
    conclusion = _text(_mapping(submit, "submit"), "conclusion", 4000) if submit else None
    return SentInspection(
        client_id=client_id(data.get("client_id")),
        server_id=_whole(data, "server_id"),
        header=_header(_mapping(data.get("header"), "header"), agency_id),
        items=tuple(_item(item) for item in _list(data.get("items"), "items", MAX_ITEMS)),
        violations=tuple(_violation(v) for v in _list(data.get("violations"), "violations", MAX_VIOLATIONS)),
        conclusion=conclusion,
    )
