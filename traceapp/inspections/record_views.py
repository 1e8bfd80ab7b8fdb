"""The printed records as PDF: staff see every one; a business only those of its own submitted inspections."""

from __future__ import annotations

import re

from flask import Response, abort
from flask_login import current_user

from traceapp.extensions import db
from traceapp.inspections import bp
from traceapp.inspections.records import inspection_record, violation_number, violation_record
from traceapp.models import STAFF_ROLES, Business, Inspection, Role, Violation
from traceapp.web.access import current_business_id, roles_required


def _check_visible(inspection: Inspection, party: Business | None) -> None:
    """A draft is not the business's to read yet, and another business's record is 404 so ids do not leak."""
    if current_user.role == Role.BUSINESS and (
        inspection.is_draft or party is None or party.id != current_business_id()
    ):
        abort(404)


def _pdf(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    response.headers["Content-Disposition"] = f'inline; filename="{safe}.pdf"'
    response.cache_control.private = True
    response.cache_control.no_cache = True  # a draft changes; always fetch the current record
    return response


@bp.route("/inspections/<int:inspection_id>/record.pdf")
@roles_required(Role.BUSINESS, *STAFF_ROLES)
def record_pdf(inspection_id: int):
    inspection = db.get_or_404(Inspection, inspection_id)
    _check_visible(inspection, inspection.business)
    return _pdf(inspection_record(inspection), f"bien-ban-kiem-tra-{inspection.number}")


@bp.route("/violations/<int:violation_id>/record.pdf")
@roles_required(Role.BUSINESS, *STAFF_ROLES)
def violation_pdf(violation_id: int):
    violation = db.get_or_404(Violation, violation_id)
    _check_visible(violation.inspection, violation.business or violation.inspection.business)
    return _pdf(violation_record(violation), f"bien-ban-vi-pham-{violation_number(violation)}")
