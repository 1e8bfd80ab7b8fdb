"""``/history/<entity>/<id>``: who changed what and when, newest first, for the ward officer and the admin."""

from __future__ import annotations

from flask import abort, render_template

from traceapp.audit import bp, trail
from traceapp.audit.display import back_url, describe, entity_label, record_title
from traceapp.extensions import db
from traceapp.models import Role
from traceapp.web.access import roles_required
from traceapp.web.listing import paginate, parse_list_args


@bp.route("/history/<entity>/<int:entity_id>")
@roles_required(Role.OFFICER, Role.ADMIN)
def history(entity: str, entity_id: int):
    model = trail.model_for(entity)
    if model is None:
        abort(404)
    record = db.session.get(model, entity_id)
    args = parse_list_args()
    pagination = paginate(trail.history_statement(entity, entity_id), args)
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
