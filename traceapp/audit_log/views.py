"""``/history/<entity>/<id>``: who changed what and when, newest first, for the ward officer and the admin."""

from __future__ import annotations

from flask import abort, render_template

from traceapp import audit
from traceapp.audit_log import bp
from traceapp.audit_log.display import back_url, describe, entity_label, record_title
from traceapp.extensions import db
from traceapp.models import Role
from traceapp.web.access import roles_required
from traceapp.web.listing import paginate, parse_list_args


@bp.route("/history/<entity>/<int:entity_id>")
@roles_required(Role.OFFICER, Role.ADMIN)
def history(entity: str, entity_id: int):
    model = audit.model_for(entity)
    if model is None:
        abort(404)
    record = db.session.get(model, entity_id)
    args = parse_list_args()
    pagination = paginate(audit.history_statement(entity, entity_id), args)
    if record is None and not pagination.total:
        abort(404)  # a deleted record keeps its history; an id that never existed has none
    return render_template(
        "audit/history.html",
        pagination=pagination,
        items=[describe(model, entry) for entry in pagination.items],
        entity_label=entity_label(entity),
        title=record_title(record, entity_id),
        back_url=back_url(entity, entity_id) if record is not None else None,
    )
