"""What the phone keeps to work with no signal: the ward's businesses, the registered codes, the checklists and
the lists a form offers, refreshed whenever the field home opens online.

The checklists are read from ``inspections/checklist.py`` and the lists from the enums, generically: a line or a
category added there appears on the phone at its next refresh, with nothing to change here.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from traceapp.clock import to_local, utcnow
from traceapp.extensions import db
from traceapp.inspections import checklist, team_rules
from traceapp.inspections.queries import my_open_inspections
from traceapp.models import (
    Agency,
    Batch,
    Business,
    BusinessStatus,
    CheckResult,
    Inspection,
    InspectionField,
    InspectionKind,
    Measure,
    Product,
    User,
    ViolationCategory,
)
from traceapp.models.enums import LabelledEnum


def _choices(enum: type[LabelledEnum]) -> list[dict[str, str]]:
    return [{"value": member.value, "label": str(member.label)} for member in enum]


def checklists() -> dict[str, Any]:
    """Every line a current checklist asks, in the form's order, with the fields that ask it and its group."""
    return {
        "groups": [{"key": key, "label": str(label)} for key, label in checklist.GROUP_LABELS.items()],
        "lines": [
            {
                "key": check.key,
                "label": str(check.label),
                "group": check.group,
                "fields": [f.value for f, lines in checklist.FIELD_CHECKS.items() if check in lines],
            }
            for check in checklist.CHECKS
        ],
    }


def businesses() -> list[dict[str, Any]]:
    """The ward's businesses an inspection may be of (a suspended one too: it may still be trading)."""
    rows = db.session.execute(
        select(Business.id, Business.name, Business.address, Business.status).order_by(Business.name)
    )
    return [
        {"id": id_, "name": name, "address": address, "verified": status == BusinessStatus.VERIFIED}
        for id_, name, address, status in rows
    ]


def codes() -> dict[str, dict[str, Any]]:
    """Printed code → what it names, so a typed or scanned code shows its product offline."""
    known: dict[str, dict[str, Any]] = {}
    for code, name, business_id in db.session.execute(select(Product.public_code, Product.name, Product.business_id)):
        known[code] = {"name": name, "business_id": business_id}
    for code, lot, name, business_id in db.session.execute(
        select(Batch.public_code, Batch.lot_code, Product.name, Product.business_id).join(Product)
    ):
        known[code] = {"name": f"{name} · {_('Lot')} {lot}", "business_id": business_id}
    return known


def for_user(user: User) -> dict[str, Any]:
    agencies = db.session.scalars(select(Agency).order_by(Agency.name))
    return {
        "user": {"id": user.id, "name": user.name, "agency_id": user.agency_id},
        "refreshed_at": utcnow().isoformat(),
        "agencies": [{"id": a.id, "name": a.name} for a in agencies if team_rules.may_put_under(user, a.id)],
        "kinds": _choices(InspectionKind),
        "fields": _choices(InspectionField),
        "results": _choices(CheckResult),
        "categories": _choices(ViolationCategory),
        "measures": _choices(Measure),
        "checklists": checklists(),
        "businesses": businesses(),
        "codes": codes(),
        "drafts": [draft(inspection) for inspection in my_open_inspections(user)],
    }


def draft(inspection: Inspection) -> dict[str, Any]:
    """A draft the user is on the team of, as the phone keeps it, so work started elsewhere (online, or on a
    teammate's phone) can be carried on with no signal. Records are named by the server's ids; the phone's own
    ids name only what it adds."""
    return {
        "server_id": inspection.id,
        "client_id": inspection.client_id,
        "number": inspection.number,
        "status": inspection.status.value,
        "status_label": str(inspection.status.label),
        "url": url_for("inspections.show", inspection_id=inspection.id),
        "header": {
            "agency_id": inspection.agency_id,
            "kind": inspection.kind.value,
            "fields": list(inspection.fields),
            "started_at": to_local(inspection.started_at).strftime("%Y-%m-%dT%H:%M"),
            "business_id": inspection.business_id,
            "place_name": inspection.place_name,
            "place_address": inspection.place_address,
            "decision_number": inspection.decision_number,
        },
        "items": [
            {
                "server_id": item.id,
                "client_id": item.client_id,
                "title": item.title,
                "checks": item.checks,
                "note": item.note,
                "photos": len(item.photos),
            }
            for item in inspection.items
        ],
        "violations": [
            {"server_id": v.id, "client_id": v.client_id, "category": v.category.value, "description": v.description}
            for v in inspection.violations
        ],
    }
