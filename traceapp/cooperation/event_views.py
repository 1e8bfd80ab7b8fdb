"""Cooperation events for officers (plan task 6) — admins may read them — and the invited business's answer.

The event page carries several small forms (invite, check in, commitments, files); one that fails comes back on
the page with its message next to the field, the others fresh.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.clock import local_today
from traceapp.cooperation import attachments, bp, services
from traceapp.cooperation.forms import (
    AnswerForm,
    AttachmentForm,
    CheckInForm,
    CommitmentForm,
    EventForm,
    FollowUpForm,
    InviteForm,
)
from traceapp.cooperation.queries import event_list_statement, matching_businesses, upcoming_invitations
from traceapp.extensions import db
from traceapp.inspections.queries import agencies
from traceapp.models import (
    CommitmentStatus,
    CooperationEvent,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    EventKind,
    EventTopic,
    Role,
)
from traceapp.web.access import current_business_id, roles_required
from traceapp.web.forms import ConfirmForm, choices
from traceapp.web.listing import paginate, parse_list_args
from traceapp.web.outcomes import flash_form_errors, shows_refusal
from traceapp.web.storable import whole_number

EDITORS = (Role.OFFICER,)
READERS = (Role.OFFICER, Role.ADMIN)


@bp.app_template_global("upcoming_invitations")
def upcoming_invitations_for(business_id: int) -> list[EventInvitation]:
    """For the business home page (cooperation/_dashboard.html): its invitations to events still to come."""
    return upcoming_invitations(business_id, local_today())


def _event(event_id: int) -> CooperationEvent:
    return db.session.get(CooperationEvent, event_id) or abort(404)


@bp.route("/events")
@roles_required(*READERS)
def events():
    args = parse_list_args(kind=EventKind)
    topic = request.args.get("topic") if request.args.get("topic") in EventTopic._value2member_map_ else None
    upcoming = request.args.get("when") != "past"
    pagination = paginate(event_list_statement(args, local_today(), upcoming, topic), args)
    filtered = bool(args.q or args.filters or topic)
    return render_template(
        "cooperation/events.html",
        pagination=pagination,
        args=args,
        kinds=EventKind,
        topics=EventTopic,
        topic=topic,
        upcoming=upcoming,
        filtered=filtered,
    )


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_event(event_id: int | None = None):
    event = _event(event_id) if event_id else None
    form = EventForm(obj=event)
    form.agency_id.choices = choices((agency.id, agency.name) for agency in agencies())
    if event is None and request.method == "GET":
        form.agency_id.data = current_user.agency_id
    if form.validate_on_submit():
        with shows_refusal(form):
            event = services.save_event(event, current_user, form.to_input())
            flash(_("Saved."), "success")
            return redirect(url_for("cooperation.event", event_id=event.id))
    return render_template("cooperation/event_form.html", form=form, event=event)


@bp.route("/events/<int:event_id>")
@roles_required(*READERS)
def event(event_id: int):
    return _show(_event(event_id))


def _show(
    item: CooperationEvent,
    status: int = 200,
    *,
    checkin: CheckInForm | None = None,
    commitment: CommitmentForm | None = None,
    follow: tuple[int, FollowUpForm] | None = None,
    attachment: AttachmentForm | None = None,
):
    """The event page; the form that failed is put back (``follow`` is the commitment's id and its form)."""
    finder = InviteForm(request.args, meta={"csrf": False})
    searched = "find" in request.args and finder.validate()
    candidates = (
        matching_businesses(finder.sector.data or "", finder.quarter.data or "", finder.name.data or "")
        if searched
        else []
    )
    commitment_form = commitment or CommitmentForm(formdata=None)
    commitment_form.business_id.choices = [("", "—")] + [
        (str(i.business_id), i.business.name) for i in item.invitations
    ]
    follow_forms = {c.id: FollowUpForm(formdata=None, obj=c, prefix=f"c{c.id}") for c in item.commitments}
    if follow is not None:
        follow_forms[follow[0]] = follow[1]
    return render_template(
        "cooperation/event.html",
        event=item,
        finder=finder,
        searched=searched,
        candidates=candidates,
        invited={invitation.business_id for invitation in item.invitations},
        checkin_form=checkin or CheckInForm(formdata=None),
        commitment_form=commitment_form,
        follow_forms=follow_forms,
        failed_follow=follow[0] if follow is not None else None,
        attachment_form=attachment or AttachmentForm(formdata=None),
        can_edit=current_user.role in EDITORS,
        topic_labels={topic.value: topic.label for topic in EventTopic},
    ), status


@bp.route("/events/<int:event_id>/invite", methods=["POST"])
@roles_required(*EDITORS)
def invite(event_id: int):
    item = _event(event_id)
    form = InviteForm()
    back: dict[str, Any] = {
        "sector": form.sector.data or "",
        "quarter": form.quarter.data or "",
        "name": form.name.data or "",
    }
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))
    with shows_refusal():
        if request.form.get("scope") == "all":
            added = services.invite_matching(item, back["sector"], back["quarter"], back["name"])
        else:
            ids = {number for value in request.form.getlist("business_id") if (number := whole_number(value))}
            added = services.invite_chosen(item, ids)
        flash(_("%(n)d businesses invited.", n=added), "success")
        return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))
    return redirect(url_for("cooperation.event", event_id=item.id, find=1, **back, _anchor="invite"))


@bp.route("/events/<int:event_id>/invitations/<int:invitation_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def uninvite(event_id: int, invitation_id: int):
    item = _event(event_id)
    if ConfirmForm().validate_on_submit():
        with shows_refusal():
            services.uninvite(item, invitation_id)
            flash(_("Removed from the list."), "success")
    return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))


@bp.route("/events/<int:event_id>/check-in", methods=["POST"])
@roles_required(*EDITORS)
def check_in(event_id: int):
    item = _event(event_id)
    form = CheckInForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            invitation = services.check_in(
                item, business_id=form.business_id.data, code=form.code.data or "", attendees=form.attendees.data
            )
            flash(_("%(name)s checked in.", name=invitation.business.name), "success")
            return redirect(url_for("cooperation.event", event_id=item.id, _anchor="invited"))
    return _show(item, 400, checkin=form)


@bp.route("/events/<int:event_id>/commitments", methods=["POST"])
@roles_required(*EDITORS)
def new_commitment(event_id: int):
    item = _event(event_id)
    form = CommitmentForm()
    form.business_id.choices = [("", "—")] + [(str(i.business_id), "") for i in item.invitations]
    if form.validate_on_submit():
        business_id = int(form.business_id.data) if form.business_id.data else None
        with shows_refusal(form):
            services.add_commitment(item, form.text.data, business_id, form.due_on.data)
            flash(_("Commitment recorded."), "success")
            return redirect(url_for("cooperation.event", event_id=item.id, _anchor="commitments"))
    return _show(item, 400, commitment=form)


@bp.route("/events/<int:event_id>/commitments/<int:commitment_id>", methods=["POST"])
@roles_required(*EDITORS)
def follow_up(event_id: int, commitment_id: int):
    item = _event(event_id)
    commitment = db.session.get(EventCommitment, commitment_id)
    if commitment is None or commitment.event_id != item.id:
        abort(404)
    form = FollowUpForm(prefix=f"c{commitment.id}")
    if form.validate_on_submit():
        with shows_refusal(form):
            services.follow_up(commitment, CommitmentStatus(form.status.data), form.follow_up.data or "")
            flash(_("Follow-up saved."), "success")
            return redirect(url_for("cooperation.event", event_id=item.id, _anchor="commitments"))
    return _show(item, 400, follow=(commitment.id, form))


@bp.route("/events/<int:event_id>/attachments", methods=["POST"])
@roles_required(*EDITORS)
def new_attachment(event_id: int):
    item = _event(event_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        with shows_refusal(form):
            services.add_attachment(item, current_user, form.file.data)
            flash(_("File attached."), "success")
            return redirect(url_for("cooperation.event", event_id=item.id, _anchor="files"))
    return _show(item, 400, attachment=form)


def _attachment(event_id: int, attachment_id: int) -> EventAttachment:
    item = db.session.get(EventAttachment, attachment_id)
    if item is None or item.event_id != event_id:
        abort(404)
    return item


@bp.route("/events/<int:event_id>/attachments/<int:attachment_id>")
@roles_required(*READERS)
def attachment(event_id: int, attachment_id: int):
    """Always a download under the name the officer gave it; never shown inline."""
    item = _attachment(event_id, attachment_id)
    folder, name = attachments.path(item.file_name)
    response = send_from_directory(
        folder, name, mimetype=item.content_type, as_attachment=True, download_name=item.original_name, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
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
    """The invitation list as a sign-in sheet (danh sách đại biểu): printed on A4 and signed at the door."""
    return render_template(
        "cooperation/print.html",
        event=_event(event_id),
        topic_labels={topic.value: topic.label for topic in EventTopic},
    )


@bp.route("/invitations/<int:invitation_id>/<any(accept, decline):reply>", methods=["POST"])
@roles_required(Role.BUSINESS)
def reply_invitation(invitation_id: int, reply: str):
    invitation = db.session.get(EventInvitation, invitation_id)
    if invitation is None or invitation.business_id != current_business_id():
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        with shows_refusal():
            services.answer(invitation, reply == "accept", form.attendees.data, local_today())
            flash(_("Thank you, your answer has been sent to the ward."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("businesses.dashboard", _anchor="invitations"))
