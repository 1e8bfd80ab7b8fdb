"""Audit entries as people read them: translated labels, dates in local time, enum values as their labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Date, DateTime

from traceapp.audit import trail
from traceapp.models import AuditEntry, Base
from traceapp.models.types import StrEnumType
from traceapp.web.formatting import format_date, format_datetime

ENTITY_LABELS = {
    "business": _l("Business"),
    "product": _l("Product"),
    "batch": _l("Batch"),
    "certification": _l("Certification"),
    "inspection": _l("Inspection"),
    "inspection_item": _l("Checked item"),
    "inspection_member": _l("Team member"),
    "violation": _l("Violation"),
    "violation_step": _l("Violation handling step"),
    "inspection_amendment": _l("Amendment of an inspection"),
    "consumer_report": _l("Consumer report"),
    "recall": _l("Recall"),
    "supply_link": _l("Supply-chain link"),
    "cooperation_event": _l("Cooperation event"),
    "event_invitation": _l("Invitation"),
    "event_commitment": _l("Commitment"),
    "event_attachment": _l("Event attachment"),
    "technology_use": _l("Technology in use"),
    "plan_report": _l("Plan report"),
    "department_input": _l("Department input"),
    "api_token": _l("API token"),
    "account_lock": _l("Account lockout"),
    "measuring_instrument": _l("Measuring instrument"),
    "record_signature": _l("Signature on a record"),
    "weighing_test": _l("Test load on a measuring instrument"),
    "prepackaged_lot_check": _l("Quantity check of a prepackaged lot"),
    "prepackaged_sample": _l("Package of a lot's sample"),
}
ACTION_LABELS = {trail.CREATE: _l("Created"), trail.UPDATE: _l("Changed"), trail.DELETE: _l("Deleted")}
# Labels for the common columns; any other column shows its name.
FIELD_LABELS = {
    "name": _l("Name"),
    "status": _l("Status"),
    "status_reason": _l("Reason"),
    "reason": _l("Reason"),
    "category": _l("Category"),
    "kind": lazy_pgettext("any record", "Type"),
    "description": _l("Description"),
    "ingredients": _l("Ingredients"),
    "origin": _l("Origin"),
    "net_quantity": _l("Net quantity"),
    "shelf_life": _l("Shelf life"),
    "standard_applied": _l("Standard applied"),
    "conformity_declaration": _l("Conformity declaration"),
    "gtin": _l("GTIN"),
    "public_code": _l("Code"),
    "lot_code": _l("Lot code"),
    "production_date": _l("Production date"),
    "expiry_date": _l("Expiry date"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "owner_name": _l("Owner"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "address": _l("Address"),
    "registration_number": _l("Registration number"),
    "sector": _l("Line of business"),
    "conclusion": _l("Conclusion"),
    "result": _l("Result"),
    "measure": _l("Measure"),
    "fine_vnd": _l("Fine"),
    "note": _l("Note"),
    "issuer": _l("Issued by"),
    "issued_on": _l("Issued on"),
    "expires_on": _l("Valid until"),
    "number": _l("Number"),
    "stars": _l("OCOP stars"),
    "message": _l("Message"),
    "reply": _l("Reply"),
    "business_id": _l("Business"),
    "product_id": _l("Product"),
    "batch_id": _l("Batch"),
    "inspection_id": _l("Inspection"),
    "violation_id": _l("Violation"),
    "state": _l("Status"),
    "sent_on": _l("Date sent"),
    "no_content_at": _l("No content to report"),
    "audit_head_count": _l("Audit trail seal: entries"),
    "audit_head_hash": _l("Audit trail seal: hash"),
}
HIDDEN_FIELDS = frozenset({"id", "created_at", "token_hash"})  # in the URL; the entry's own time; a secret's hash
# Where the record itself is shown, for a link back from its history.
RECORD_PAGES = {
    "business": ("businesses.show", "business_id"),
    "product": ("products.show", "product_id"),
    "batch": ("products.batch", "batch_id"),
    "inspection": ("inspections.show", "inspection_id"),
    "violation": ("inspections.violation", "violation_id"),
    "plan_report": ("reports.plan_show", "report_id"),
}
TITLE_ATTRIBUTES = ("name", "number", "lot_code", "tracking_code")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryItem:
    entry: AuditEntry
    action: str
    who: str
    changes: list[FieldChange] = field(default_factory=list)


def entity_label(entity: str) -> str:
    return str(ENTITY_LABELS.get(entity, entity))


def record_title(record: Any | None, entity_id: int) -> str:
    if record is not None:
        for name in TITLE_ATTRIBUTES:
            if getattr(record, name, None):
                return str(getattr(record, name))
    return f"#{entity_id}"


def back_url(entity: str, entity_id: int) -> str | None:
    page = RECORD_PAGES.get(entity)
    if page is None or page[0] not in current_app.view_functions:
        return None
    endpoint, argument = page
    values: dict[str, Any] = {argument: entity_id}  # Any: url_for's typed keywords (_external ...) come first
    return url_for(endpoint, **values)


def describe(model: type[Base], entry: AuditEntry) -> HistoryItem:
    before, after = entry.before or {}, entry.after or {}
    columns = [column.key for column in model.__table__.columns]
    keys = [key for key in columns if key in before or key in after]
    keys += sorted((set(before) | set(after)) - set(columns))  # a column dropped since the entry was written
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in HIDDEN_FIELDS or (_blank(old) and _blank(new)):
            continue
        changes.append(
            FieldChange(str(FIELD_LABELS.get(key, key)), show_value(model, key, old), show_value(model, key, new))
        )
    return HistoryItem(
        entry=entry, action=str(ACTION_LABELS.get(entry.action, entry.action)), who=_who(entry), changes=changes
    )


def _who(entry: AuditEntry) -> str:
    if entry.user_id is None and entry.user_name == trail.SYSTEM:
        return _("System (a command or a data import)")
    if entry.user_id is None and entry.user_name == trail.PUBLIC:
        return _("Someone not logged in (public pages)")
    return entry.user_name


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def show_value(model: type[Base], key: str, value: Any) -> str:
    """One recorded value as text: the label of an enum, a date as dd/mm/yyyy, a time in Asia/Ho_Chi_Minh."""
    if _blank(value):
        return "—"
    column = model.__table__.columns.get(key)
    kind = column.type if column is not None else None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(kind, StrEnumType) and value in kind.enum_cls._value2member_map_:
        return str(kind.enum_cls(value).label)
    try:
        if isinstance(kind, DateTime):
            return format_datetime(datetime.fromisoformat(value))
        if isinstance(kind, Date):
            return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        pass
    if key.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {item}" for name, item in value.items())
    return str(value)
