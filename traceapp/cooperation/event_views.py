"""Cooperation events for officers (plan task 6), and the invited business's answer."""

from __future__ import annotations

import os

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.cooperation import bp, services
from traceapp.cooperation.attachments import FOLDER
from traceapp.cooperation.forms import (
    AnswerForm,
    AttachmentForm,
    CheckInForm,
    CommitmentForm,
    EventForm,
    FollowUpForm,
    InviteForm,
)
from traceapp.cooperation.queries import event_list_statement, upcoming_invitations
from traceapp.cooperation.services import CooperationError
from traceapp.extensions import db
from traceapp.inspections.queries import agencies
from traceapp.models import (
    CooperationEvent,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    EventKind,
    EventTopic,
    Role,
)
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.formatting import local_today
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args

EDITORS = (Role.OFFICER,)
READERS = (Role.OFFICER, Role.ADMIN)


@bp.app_template_global()
def event_invitations(business_id: int):
    """For the business home page: invitations to events still to come."""
    return upcoming_invitations(business_id, local_today())


def _event(event_id: int) -> CooperationEvent:
    return db.session.get(CooperationEvent, event_id) or abort(404)


def _run(service, *args, success: str | None = None) -> bool:
    try:
        service(*args)
    except CooperationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return False
    if success:
        flash(success, "success")
    return True


@bp.route("/events")
@roles_required(*READERS)
def events():
    args = parse_list_args(kind=EventKind)
    topic = request.args.get("topic") if request.args.get("topic") in EventTopic._value2member_map_ else None
    upcoming = request.args.get("when") != "past"
    pagination = paginate(event_list_statement(args, local_today(), upcoming, topic), args)
    return render_template("cooperation/events.html", pagination=pagination, args=args, kinds=EventKind,
                           topics=EventTopic, topic=topic, upcoming=upcoming)


def _event_form(event=None) -> EventForm:
    form = EventForm(obj=event)
    form.agency_id.choices = choices((agency.id, agency.name) for agency in agencies())
    return form


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_event(event_id: int | None = None):
    event = _event(event_id) if event_id else None
    form = _event_form(event)
    if event is None and request.method == "GET":
        form.agency_id.data = current_user.agency_id
    if form.validate_on_submit():
        event = services.save_event(event, current_user, form.data)
        flash(_("Saved."), "success")
        return redirect(url_for("cooperation.event", event_id=event.id))
    return render_template("cooperation/event_form.html", form=form, event=event)


@bp.route("/events/<int:event_id>")
@roles_required(*READERS)
def event(event_id: int):
    item = _event(event_id)
    invite_form = InviteForm(request.args, meta={"csrf": False})
    candidates = services.matching_businesses(invite_form.sector.data or "", invite_form.quarter.data or "") if (
        request.args.get("find")) else []
    commitment_form = CommitmentForm()
    commitment_form.business_id.choices = [("", "—")] + [(str(i.business_id), i.business.name)
                                                          for i in item.invitations]
    return render_template(
        "cooperation/event.html", event=item, invite_form=invite_form, candidates=candidates,
        checkin_form=CheckInForm(), commitment_form=commitment_form, follow_form=FollowUpForm(),
        attachment_form=AttachmentForm(), confirm=ConfirmForm(), can_edit=current_user.role in EDITORS,
        topic_label=lambda value: EventTopic(value).label if value in EventTopic._value2member_map_ else value,
    )


@bp.route("/events/<int:event_id>/invite", methods=["POST"])
@roles_required(*EDITORS)
def invite(event_id: int):
    item = _event(event_id)
    form = InviteForm()
    if form.validate_on_submit():
        chosen = {int(value) for value in request.form.getlist("business_id") if value.isdigit()}
        matches = [b for b in services.matching_businesses(form.sector.data or "", form.quarter.data or "")
                   if not chosen or b.id in chosen]
        added = services.invite(item, matches)
        flash(_("%(n)d businesses invited.", n=added), "success")
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))


@bp.route("/events/<int:event_id>/invitations/<int:invitation_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def uninvite(event_id: int, invitation_id: int):
    item = _event(event_id)
    if ConfirmForm().validate_on_submit():
        _run(services.uninvite, item, invitation_id, success=_("Removed from the list."))
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))


@bp.route("/events/<int:event_id>/check-in", methods=["POST"])
@roles_required(*EDITORS)
def check_in(event_id: int):
    item = _event(event_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    else:
        try:
            business = services.find_business(form.code.data)
        except CooperationError as exc:
            flash(str(exc), "error")
        else:
            services.check_in(item, business, form.attendees.data)
            flash(_("%(name)s checked in.", name=business.name), "success")
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))


@bp.route("/events/<int:event_id>/commitments", methods=["POST"])
@roles_required(*EDITORS)
def new_commitment(event_id: int):
    item = _event(event_id)
    form = CommitmentForm()
    if form.validate_on_submit():
        services.add_commitment(item, form.data)
        flash(_("Commitment recorded."), "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="commitments"))


@bp.route("/events/<int:event_id>/commitments/<int:commitment_id>", methods=["POST"])
@roles_required(*EDITORS)
def follow_up(event_id: int, commitment_id: int):
    commitment = db.session.get(EventCommitment, commitment_id)
    if commitment is None or commitment.event_id != event_id:
        abort(404)
    form = FollowUpForm()
    if form.validate_on_submit():
        services.follow_up(commitment, form.data)
        flash(_("Follow-up saved."), "success")
    return redirect(url_for("cooperation.event", event_id=event_id, _anchor="commitments"))


@bp.route("/events/<int:event_id>/attachments", methods=["POST"])
@roles_required(*EDITORS)
def new_attachment(event_id: int):
    item = _event(event_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        _run(services.add_attachment, item, current_user, form.file.data, success=_("File attached."))
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="files"))


def _attachment(event_id: int, attachment_id: int) -> EventAttachment:
    attachment = db.session.get(EventAttachment, attachment_id)
    if attachment is None or attachment.event_id != event_id:
        abort(404)
    return attachment


@bp.route("/events/<int:event_id>/attachments/<int:attachment_id>")
@roles_required(*READERS)
def attachment(event_id: int, attachment_id: int):
    item = _attachment(event_id, attachment_id)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], FOLDER)
    response = send_from_directory(folder, item.file_name, mimetype=item.content_type, as_attachment=True,
                                   download_name=item.original_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/events/<int:event_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_attachment(event_id: int, attachment_id: int):
    item = _attachment(event_id, attachment_id)
    if ConfirmForm().validate_on_submit():
        services.delete_attachment(item)
        flash(_("File removed."), "success")
    return redirect(url_for("cooperation.event", event_id=event_id, _anchor="files"))


@bp.route("/events/<int:event_id>/print")
@roles_required(*READERS)
def print_list(event_id: int):
    """The invitation list as a sign-in sheet: printed and signed at the door."""
    return render_template("cooperation/print.html", event=_event(event_id))


@bp.route("/invitations/<int:invitation_id>/<any(accept, decline):reply>", methods=["POST"])
@roles_required(Role.BUSINESS)
def reply_invitation(invitation_id: int, reply: str):
    invitation = db.session.get(EventInvitation, invitation_id)
    if invitation is None or invitation.business_id != current_business_id():
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        services.answer(invitation, reply == "accept", form.attendees.data)
        flash(_("Thank you, your answer has been sent to the ward."), "success")
    return redirect(url_for("businesses.dashboard"))
