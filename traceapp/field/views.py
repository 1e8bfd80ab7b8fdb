"""The offline work home (one page, its data in IndexedDB) and the JSON it is fed and sends back."""

from __future__ import annotations

import json

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from traceapp.field import bootstrap, bp
from traceapp.field.errors import SyncError
from traceapp.field.json_views import json_roles_required, require_same_origin
from traceapp.field.payload import read_inspection
from traceapp.field.services import SyncOutcome, sync_inspection
from traceapp.models import FIELD_ROLES
from traceapp.web.access import roles_required

PHOTO_PREFIX = "photo:"


@bp.route("/field")
@roles_required(*FIELD_ROLES)
def home():
    """The shell the service worker keeps: it holds no record itself; the script draws them from the phone."""
    return render_template("field/home.html")


@bp.route("/field/bootstrap.json")
@json_roles_required(*FIELD_ROLES)
def bootstrap_json():
    return jsonify(bootstrap.for_user(current_user))


@bp.route("/field/session.json")
@json_roles_required(*FIELD_ROLES)
def session_json():
    """Asked before each send: who is logged in (the phone sends only that user's records) and a fresh token."""
    return jsonify(user_id=current_user.id, csrf_token=generate_csrf())


def _payload() -> object:
    raw = request.form["payload"] if "payload" in request.form else request.get_data(as_text=True)
    try:
        return json.loads(raw or "")
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any record of ours
        raise SyncError(_("The record sent is not valid.")) from None


@bp.route("/field/sync", methods=["POST"])
@json_roles_required(*FIELD_ROLES)
def sync():
    """One inspection as the phone has it; answers the server's ids for the phone's, and what was not applied."""
    require_same_origin()
    sent = read_inspection(_payload(), agency_id=current_user.agency_id or 0)
    photos = {key.removeprefix(PHOTO_PREFIX): f for key, f in request.files.items() if key.startswith(PHOTO_PREFIX)}
    return jsonify(_answer(sync_inspection(current_user, sent, photos)))


def _answer(outcome: SyncOutcome) -> dict:
    inspection = outcome.inspection
    return {
        "inspection": {
            "id": inspection.id,
            "number": inspection.number,
            "status": inspection.status.value,
            "status_label": str(inspection.status.label),
            "url": url_for("inspections.show", inspection_id=inspection.id),
        },
        "items": {
            cid: {"id": item.id, "checks": item.checks, "note": item.note}
            for item in inspection.items
            if (cid := item.client_id) in outcome.items
        },
        "violations": outcome.violations,
        "photos": outcome.photos,
        "not_applied": [vars(entry) for entry in outcome.not_applied],
        "notes": outcome.notes,
    }
