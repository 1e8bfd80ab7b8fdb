"""The field worker's home ("my work") and the step from a scanned public page into an inspection."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.inspections import bp
from traceapp.inspections.queries import my_open_inspections, new_reports, remedies_to_confirm, violations_due
from traceapp.models import FIELD_ROLES, STAFF_ROLES
from traceapp.public import queries as public_queries
from traceapp.web.access import roles_required


@bp.route("/work")
@roles_required(*STAFF_ROLES)
def home():
    today = local_today()
    return render_template(
        "inspections/home.html",
        today=today,
        open_inspections=my_open_inspections(current_user),
        due=violations_due(current_user, today),
        remedies=remedies_to_confirm(current_user),
        reports=new_reports(current_user),
        can_inspect=current_user.role in FIELD_ROLES,
    )


@bp.route("/inspections/scan")
@roles_required(*FIELD_ROLES)
def scanned():
    """Offered on a public page to a logged-in inspector: add this item to an open inspection, or start one."""
    code = request.args.get("code", "")[:300]
    try:
        product, batch = public_queries.resolve(code)
    except public_queries.UnknownCode as exc:
        return render_template(
            "inspections/scanned.html", code=code, error=str(exc), product=None, batch=None, open_inspections=[]
        ), 404
    open_inspections = my_open_inspections(current_user)
    if len(open_inspections) == 1 and request.args.get("choose") is None:
        return redirect(url_for("inspections.new_item", inspection_id=open_inspections[0].id, code=code))
    return render_template(
        "inspections/scanned.html",
        code=code,
        error=None,
        product=product,
        batch=batch,
        open_inspections=open_inspections,
    )
