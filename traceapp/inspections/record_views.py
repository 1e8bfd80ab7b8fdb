"""The printed records as PDF, to whoever may see the inspection (``team_rules``): the office every one, field
staff their agency's and their teams', a business those of its own submitted inspections."""

from __future__ import annotations

import re

from flask import Response
from flask_login import current_user

from traceapp.inspections import bp
from traceapp.inspections.queries import visible_inspection, visible_violation
from traceapp.inspections.records import inspection_record, violation_number, violation_record
from traceapp.models import STAFF_ROLES, Role
from traceapp.web.access import roles_required


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
    inspection = visible_inspection(current_user, inspection_id)
    return _pdf(inspection_record(inspection), f"bien-ban-kiem-tra-{inspection.number}")


@bp.route("/violations/<int:violation_id>/record.pdf")
@roles_required(Role.BUSINESS, *STAFF_ROLES)
def violation_pdf(violation_id: int):
    violation = visible_violation(current_user, violation_id)
    return _pdf(violation_record(violation), f"bien-ban-vi-pham-{violation_number(violation)}")
