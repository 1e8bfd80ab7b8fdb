"""The signing pages of the inspection record and of each violation record, made for a phone held out to the signer.

One page per record: the blocks to sign (the party's representative, each team member), a canvas for the block
chosen with ``?signer=party`` or ``?signer=<member id>`` (the first unsigned one otherwise), and the party's
refusal form. Only the team may open them (``team_rules``: 404 / 403 as every changing page); the services refuse
again. After a signature the page moves on to the next unsigned block, as a paper record is passed round.
"""

from __future__ import annotations

import base64

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from traceapp.inspections import bp, signatures, team_rules
from traceapp.inspections.queries import team_inspection, team_violation
from traceapp.inspections.records import violation_number
from traceapp.inspections.signatures import PARTY, RefusalInput, SignatureInput, SignatureLine
from traceapp.inspections.team_rules import TEAM_ROLES
from traceapp.models import Inspection, RecordSignature, Violation
from traceapp.web.access import roles_required
from traceapp.web.forms import Form
from traceapp.web.outcomes import shows_refusal
from traceapp.web.storable import whole_number


class SignForm(Form):
    signer_name = StringField(_l("Full name of the person who signs"), validators=[Optional(), Length(max=120)])
    signer_position = StringField(_l("Position (e.g. owner, manager)"), validators=[Optional(), Length(max=120)])
    drawing = HiddenField()

    def to_input(self) -> SignatureInput:
        return SignatureInput(
            drawing=self.drawing.data or "",
            signer_name=self.signer_name.data or "",
            signer_position=self.signer_position.data or "",
        )


class RefusalForm(Form):
    signer_name = StringField(
        _l("Full name of the person who refuses to sign"), validators=[Optional(), Length(max=120)]
    )
    signer_position = StringField(_l("Position (e.g. owner, manager)"), validators=[Optional(), Length(max=120)])
    reason = TextAreaField(_l("Reason given for refusing to sign"), validators=[Optional(), Length(max=1000)])
    witness_name = StringField(
        _l("Witness (full name)"),
        description=_l("Someone present who saw the refusal, e.g. a neighbour or the market's manager."),
        validators=[Optional(), Length(max=120)],
    )
    witness_drawing = HiddenField()

    def to_input(self) -> RefusalInput:
        return RefusalInput(
            signer_name=self.signer_name.data or "",
            signer_position=self.signer_position.data or "",
            reason=self.reason.data or "",
            witness_name=self.witness_name.data or "",
            witness_drawing=self.witness_drawing.data or "",
        )


@bp.app_template_global("signature_status")
def signature_status(inspection: Inspection, violation: Violation | None = None) -> dict:
    """What a record's page says of its signatures: how many blocks are signed, whether it needs signing again, and
    whether the reader (on the team) may capture signatures."""
    if inspection.is_draft:
        return {"open": False}
    lines = signatures.sheet(inspection, violation)
    done = sum(1 for line in lines if line.signature is not None)
    return {
        "open": True,
        "done": done,
        "total": len(lines),
        "again": signatures.needs_signing_again(inspection, violation),
        "may_sign": team_rules.may_work_on(current_user, inspection),
    }


@bp.app_template_filter("signature_src")
def signature_src(image: bytes | None) -> str:
    """A stored signature as a ``data:`` URL (the page's policy allows data images; no route to guard)."""
    return "data:image/png;base64," + base64.b64encode(image).decode("ascii") if image else ""


def _chosen(inspection: Inspection, violation: Violation | None, signer: str | None) -> SignatureLine:
    """The block the URL names; without one, the first not yet signed (or the party's when all are)."""
    lines = signatures.sheet(inspection, violation)
    if signer is None:
        return next((line for line in lines if line.signature is None), lines[0])
    if signer != PARTY and whole_number(signer) is None:
        abort(404)
    return signatures.line_for(inspection, violation, signer) or abort(404)


def _record_url(inspection: Inspection, violation: Violation | None) -> str:
    if violation is not None:
        return url_for("inspections.violation", violation_id=violation.id)
    return url_for("inspections.show", inspection_id=inspection.id)


def _sign_url(inspection: Inspection, violation: Violation | None, **args) -> str:
    if violation is not None:
        return url_for("inspections.sign_violation", violation_id=violation.id, **args)
    return url_for("inspections.sign_inspection", inspection_id=inspection.id, **args)


def _page(
    inspection: Inspection,
    violation: Violation | None,
    line: SignatureLine,
    form: SignForm,
    refusal: RefusalForm,
    *,
    refusing: bool = False,
):
    if violation is not None:
        title = _("Sign the violation record %(number)s", number=violation_number(violation))
        refuse_url = url_for("inspections.refuse_violation", violation_id=violation.id)
    else:
        title = _("Sign the inspection record %(number)s", number=inspection.number)
        refuse_url = url_for("inspections.refuse_inspection", inspection_id=inspection.id)
    return render_template(
        "inspections/sign.html",
        title=title,
        inspection=inspection,
        violation=violation,
        lines=signatures.sheet(inspection, violation),
        line=line,
        form=form,
        refusal=refusal,
        refusing=refusing,
        record_url=_record_url(inspection, violation),
        sign_url=lambda **args: _sign_url(inspection, violation, **args),
        post_url=_sign_url(inspection, violation, signer=line.signer),
        refuse_url=refuse_url,
        voided=signatures.voided(inspection, violation),
        party=PARTY,
    )


def _after(inspection: Inspection, violation: Violation | None, saved: RecordSignature):
    if saved.refused:
        flash(_("The refusal to sign is recorded."), "success")
    else:
        flash(_("Signature of %(name)s saved.", name=saved.signer_name), "success")
    if any(line.signature is None for line in signatures.sheet(inspection, violation)):
        return redirect(_sign_url(inspection, violation))
    flash(_("Everyone has signed (or refused); the record's PDF now carries the signatures."), "success")
    return redirect(_record_url(inspection, violation))


def _sign(inspection: Inspection, violation: Violation | None, form: SignForm, refusal: RefusalForm):
    if inspection.is_draft:
        flash(_("The record is signed once the inspection is submitted and its content is final."), "error")
        return redirect(_record_url(inspection, violation))
    line = _chosen(inspection, violation, request.args.get("signer"))
    if not form.is_submitted():
        form.signer_name.data, form.signer_position.data = line.name, line.position
        refusal.signer_name.data = line.name if line.member is None else ""
    if form.validate_on_submit():
        with shows_refusal(form):
            member_id = line.member.id if line.member is not None else None
            saved = signatures.sign(inspection, violation, current_user, member_id, form.to_input())
            return _after(inspection, violation, saved)
    return _page(inspection, violation, line, form, refusal)


def _refuse(inspection: Inspection, violation: Violation | None, refusal: RefusalForm, form: SignForm):
    """The refusal is posted from the party's block; shown again with its errors when it is not accepted."""
    if inspection.is_draft:
        flash(_("The record is signed once the inspection is submitted and its content is final."), "error")
        return redirect(_record_url(inspection, violation))
    line = _chosen(inspection, violation, PARTY)
    if refusal.validate_on_submit():
        with shows_refusal(refusal):
            saved = signatures.refuse(inspection, violation, current_user, refusal.to_input())
            return _after(inspection, violation, saved)
    form.signer_name.data, form.signer_position.data = line.name, line.position
    return _page(inspection, violation, line, form, refusal, refusing=True)


@bp.route("/inspections/<int:inspection_id>/sign", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def sign_inspection(inspection_id: int):
    return _sign(team_inspection(current_user, inspection_id), None, SignForm(), RefusalForm(prefix="refusal"))


@bp.route("/inspections/<int:inspection_id>/refuse", methods=["POST"])
@roles_required(*TEAM_ROLES)
def refuse_inspection(inspection_id: int):
    return _refuse(team_inspection(current_user, inspection_id), None, RefusalForm(prefix="refusal"), SignForm())


@bp.route("/violations/<int:violation_id>/sign", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def sign_violation(violation_id: int):
    violation = team_violation(current_user, violation_id)
    return _sign(violation.inspection, violation, SignForm(), RefusalForm(prefix="refusal"))


@bp.route("/violations/<int:violation_id>/refuse", methods=["POST"])
@roles_required(*TEAM_ROLES)
def refuse_violation(violation_id: int):
    violation = team_violation(current_user, violation_id)
    return _refuse(violation.inspection, violation, RefusalForm(prefix="refusal"), SignForm())
