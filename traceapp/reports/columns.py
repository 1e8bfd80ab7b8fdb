"""How the shared record rows (``traceapp.reports.records``) read in a spreadsheet an officer opens: a label per
field in the user's language, enum codes as their labels, times in the ward's time zone, lists as text.

The CSV files and the data package keep the rows as they are (codes, ISO dates) for machines; this module is
only for people.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from traceapp.clock import VN_TZ
from traceapp.models import CertificationKind, CheckResult, EventTopic, InspectionField
from traceapp.models.enums import LabelledEnum
from traceapp.web.formatting import format_date

DATE_FORMAT, TIME_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm"
VND_FORMAT, QUANTITY_FORMAT = '#,##0 "₫"', "#,##0.###"

LABELS = {
    "id": _l("Record ID"),
    "name": _l("Name"),
    "kind": _l("Kind"),
    "status": _l("Status"),
    "registration_number": _l("Registration or tax number"),
    "owner_name": _l("Owner"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "address": _l("Address"),
    "quarter": _l("Residential quarter"),
    "sector": _l("Sector"),
    "created_at": _l("Recorded at"),
    "updated_at": _l("Last changed at"),
    "business_id": _l("Business ID"),
    "product_id": _l("Product ID"),
    "batch_id": _l("Batch ID"),
    "inspection_id": _l("Inspection ID"),
    "agency_id": _l("Agency ID"),
    "agency": _l("Agency"),
    "category": _l("Category"),
    "gtin": _l("GTIN"),
    "public_code": _l("Public code"),
    "description": _l("Description"),
    "ingredients": _l("Ingredients"),
    "origin": _l("Origin"),
    "net_quantity": _l("Net quantity"),
    "shelf_life": _l("Shelf life"),
    "standard_applied": _l("Standard applied"),
    "conformity_declaration": _l("Conformity declaration"),
    "certifications": _l("Certifications"),
    "lot_code": _l("Lot code"),
    "production_date": _l("Production date"),
    "expiry_date": _l("Expiry date"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "number": _l("Number"),
    "fields": _l("Fields"),
    "place_name": _l("Place"),
    "place_address": _l("Place address"),
    "decision_number": _l("Decision number"),
    "started_at": _l("Started at"),
    "ended_at": _l("Ended at"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "result": _l("Result"),
    "conclusion": _l("Conclusion"),
    "submitted_at": _l("Submitted at"),
    "items": _l("Goods checked (how many, how many failed)"),
    "measure": _l("Measure"),
    "fine_vnd": _l("Fine (VND)"),
    "seized_quantity": _l("Goods seized"),
    "seized_value_vnd": _l("Value seized (VND)"),
    "remedy_deadline": _l("Remedy deadline"),
    "item_ids": _l("Goods concerned (item IDs)"),
    "message": _l("Message"),
    "place": _l("Place"),
    "reply": _l("Reply"),
    "resolved_at": _l("Resolved at"),
    "scope": _l("Recall of"),
    "reason": _l("Reason"),
    "recalled_on": _l("Recalled on"),
    "title": _l("Title"),
    "held_on": _l("Held on"),
    "topics": _l("Topics"),
    "participants": _l("Participants"),
    "invited_business_ids": _l("Invited businesses (IDs)"),
    "attended_business_ids": _l("Businesses attending (IDs)"),
    "conclusions": _l("Conclusions"),
    "stall": _l("Stall"),
    "manufacturer": _l("Manufacturer"),
    "model": _l("Model"),
    "serial_number": _l("Serial number"),
    "accuracy_class": _l("Accuracy class"),
    "max_capacity": _l("Maximum capacity (Max)"),
    "scale_interval": _l("Verification scale interval (e)"),
    "certificate_number": _l("Verification certificate number"),
    "stamp_number": _l("Verification stamp number"),
    "verified_by": _l("Verified by"),
    "verified_on": _l("Verified on"),
    "stated_until": _l("Valid until (as the certificate states)"),
    "due_on": _l("Verification valid until"),
    "is_reference_scale": _l("Reference scale for consumers"),
    "confirmed_at": _l("Confirmed by the ward at"),
}

# Where a field means something else in one record type.
LABELS_OF_TYPE = {
    ("businesses", "kind"): _l("Kind of business"),
    ("products", "category"): _l("Product category"),
    ("violations", "category"): _l("Violation category"),
    ("reports", "kind"): _l("Kind of problem reported"),
    ("reports", "message"): _l("Consumer's message"),
    ("reports", "place"): _l("Where the consumer saw it"),
    ("reports", "reply"): _l("Ward's reply"),
    ("businesses", "name"): _l("Business name"),
    ("products", "name"): _l("Product name"),
    ("inspections", "number"): _l("Inspection number"),
    ("inspections", "agency"): _l("Inspecting agency"),
    ("inspections", "place_name"): _l("Place inspected"),
    ("inspections", "kind"): _l("Kind of inspection"),
    ("events", "kind"): _l("Kind of event"),
    ("inspections", "result"): _l("Overall result"),
    ("instruments", "kind"): _l("Kind of instrument"),
    ("instruments", "place_name"): _l("Market or shop"),
}

SHEET_TITLES = {
    "businesses": _l("Businesses"),
    "products": _l("Products"),
    "batches": _l("Batches"),
    "inspections": _l("Inspections"),
    "violations": _l("Violations"),
    "reports": _l("Consumer reports"),
    "recalls": _l("Recalls"),
    "events": _l("Events"),
    "instruments": _l("Measuring instruments"),
}

# Lists of codes stored as plain strings: shown by their enum's labels.
_CODE_LISTS = {"fields": InspectionField, "topics": EventTopic}
DATE_FIELDS = {
    "production_date",
    "expiry_date",
    "remedy_deadline",
    "recalled_on",
    "held_on",
    "verified_on",
    "stated_until",
    "due_on",
}
_EXCEL_EPOCH = datetime(1899, 12, 30)


def label(record_type: str, field: str) -> str:
    return str(LABELS_OF_TYPE.get((record_type, field)) or LABELS.get(field, field))


def column_format(field: str) -> str | None:
    """The number format of a whole column, set once: cells hold plain numbers, the column says what they are."""
    if field.endswith("_at"):
        return TIME_FORMAT
    if field in DATE_FIELDS:
        return DATE_FORMAT
    if field.endswith("_vnd"):
        return VND_FORMAT
    if field == "quantity":
        return QUANTITY_FORMAT
    return None


def excel_serial(value: date | datetime) -> float:
    """Days since Excel's epoch; a time on the ward's clock (Excel has no time zones)."""
    if isinstance(value, datetime):
        local = value.astimezone(VN_TZ).replace(tzinfo=None) if value.tzinfo else value
        return (local - _EXCEL_EPOCH).total_seconds() / 86400
    return float((value - _EXCEL_EPOCH.date()).days)


ENUM_FIELDS = {"kind", "status", "category", "measure", "scope", "result", "state"}
ID_LISTS = {"item_ids", "invited_business_ids", "attended_business_ids"}


def _certifications(until: str) -> Callable[[list[dict]], str]:
    def text(c: dict) -> str:
        out = str(c["kind"].label)
        if c["kind"] == CertificationKind.OCOP and c.get("stars"):
            out += f" {c['stars']}★"
        if c.get("number"):
            out += f" {c['number']}"
        if c.get("expires_on"):
            out += " (" + until % {"day": format_date(c["expires_on"])} + ")"
        return out

    return lambda value: "; ".join(text(c) for c in value)


def _items(template: str) -> Callable[[list[dict]], str]:
    def summary(items: list[dict]) -> str:
        failed = sum(1 for item in items if item["result"] == CheckResult.FAIL)
        return template % {"count": len(items), "failed": failed}

    return summary


def _enum_label() -> Callable[[LabelledEnum], str]:
    labels: dict[LabelledEnum, str] = {}  # translated once per member, not once per cell

    def label_of(value: LabelledEnum) -> str:
        if value not in labels:
            labels[value] = str(value.label)
        return labels[value]

    return label_of


def converter(field: str) -> Callable[[Any], Any] | None:
    """How ``field``'s non-empty values become cells, chosen once per column (a year's sheets hold millions of
    cells); None where the value goes in as it is. Messages are translated once, then filled in per row."""
    if field.endswith("_at") or field in DATE_FIELDS:
        return excel_serial
    if field in ENUM_FIELDS:
        return _enum_label()
    if field == "certifications":
        return _certifications(gettext("until %(day)s"))
    if field == "items":
        return _items(gettext("%(count)s checked, %(failed)s not conforming"))
    if field in _CODE_LISTS:
        names = {member.value: str(member.label) for member in _CODE_LISTS[field]}
        return lambda value: "; ".join(names.get(code, code) for code in value)
    if field in ID_LISTS:
        return lambda value: ", ".join(map(str, value))
    if field in {"quantity", "max_capacity", "scale_interval"}:
        return float
    if field == "is_reference_scale":
        yes, no = gettext("Yes"), gettext("No")
        return lambda value: yes if value else no
    return None
