"""Signing the printed records on the phone (issue 13, item 4): the inspection record and each violation record.

Who signs a record: the inspected party's representative (name and position typed by the inspector) and each
member of the inspection team. The representative may refuse ("từ chối ký"): the reason and a witness are
recorded, and the PDF prints the refusal where the signature would be, as a biên bản does. A member of the team
with an account captures every signature on their phone (``team_rules``); the drawing is checked and re-encoded
like any upload, and an empty box is refused.

Only a record whose content is final is signed: a submitted inspection and the violations recorded on it. A
change to a signed record voids its signatures (kept, marked voided with who, when and why) in the change's own
unit of work, and the record is signed again; the audit trail records each signature, refusal and voiding.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.inspections.errors import InspectionError
from traceapp.inspections.team_rules import require_team
from traceapp.models import (
    Inspection,
    InspectionMember,
    RecordSignature,
    SignatureOutcome,
    SignerKind,
    User,
    Violation,
)
from traceapp.unit_of_work import transactional
from traceapp.uploads import UploadError, read_image

PNG_DATA_URL = "data:image/png;base64,"
PARTY = "party"
# What a drawing must hold to count as a signature: dark pixels (gray below INK_LEVEL), enough of them, and
# spread over a stroke's length rather than a tap.
INK_LEVEL = 160
MIN_INK_PIXELS = 60
MIN_EXTENT = 0.05  # of the box's width or height
MARGIN = 8  # pixels of white kept around the cropped drawing
# The fields of an inspection that its violation records print too (the decision they rest on).
PRINTED_ON_VIOLATION_RECORDS = frozenset({"decision_number"})


class SignatureError(InspectionError):
    """A signature or a refusal was not accepted; the message says what to do."""


@dataclass(frozen=True)
class SignatureInput:
    """A drawn signature (a PNG data URL from the canvas); the party's name and position when the party signs."""

    drawing: str
    signer_name: str = ""
    signer_position: str = ""


@dataclass(frozen=True)
class RefusalInput:
    """The representative's refusal to sign: who refused, why, and the witness (who may sign, or not)."""

    signer_name: str
    reason: str
    witness_name: str
    signer_position: str = ""
    witness_drawing: str = ""


@dataclass(frozen=True)
class SignatureLine:
    """One signature block of a record: whose it is and the signature standing in it, if any."""

    kind: SignerKind
    member: InspectionMember | None
    name: str
    position: str
    signature: RecordSignature | None

    @property
    def signer(self) -> str:
        """How the pages name the block in a URL: ``party`` or the member's id."""
        return PARTY if self.member is None else str(self.member.id)


# --- reading ---------------------------------------------------------------------------------------------


def _rows(inspection: Inspection, violation: Violation | None, *, standing: bool):
    statement = select(RecordSignature).where(RecordSignature.inspection_id == inspection.id)
    if violation is None:
        statement = statement.where(RecordSignature.violation_id.is_(None))
    else:
        statement = statement.where(RecordSignature.violation_id == violation.id)
    voided = RecordSignature.voided_at.is_(None) if standing else RecordSignature.voided_at.is_not(None)
    return list(db.session.scalars(statement.where(voided).order_by(RecordSignature.id)))


def party_name(inspection: Inspection, violation: Violation | None = None) -> str:
    """Who is expected to sign for the party: the business's owner, until someone else signs."""
    business = (violation.business if violation else None) or inspection.business
    return business.owner_name if business else ""


def sheet(inspection: Inspection, violation: Violation | None = None) -> list[SignatureLine]:
    """The record's signature blocks in print order: the party's, then each team member's."""
    standing = _rows(inspection, violation, standing=True)
    party = next((row for row in standing if row.signer_kind == SignerKind.PARTY), None)
    by_member = {row.member_id: row for row in standing if row.member_id is not None}
    lines = [
        SignatureLine(
            SignerKind.PARTY,
            None,
            party.signer_name if party else party_name(inspection, violation),
            party.signer_position if party else "",
            party,
        )
    ]
    lines += [
        SignatureLine(SignerKind.MEMBER, member, member.name, member.position, by_member.get(member.id))
        for member in inspection.members
    ]
    return lines


def voided(inspection: Inspection, violation: Violation | None = None) -> list[RecordSignature]:
    return _rows(inspection, violation, standing=False)


def needs_signing_again(inspection: Inspection, violation: Violation | None = None) -> bool:
    """Signatures were voided by a change and not every block has been signed since."""
    return bool(voided(inspection, violation)) and any(line.signature is None for line in sheet(inspection, violation))


def line_for(inspection: Inspection, violation: Violation | None, signer: str) -> SignatureLine | None:
    """The block ``signer`` (``party`` or a member's id) names, or None when the record has no such block."""
    return next((line for line in sheet(inspection, violation) if line.signer == signer), None)


# --- checking a drawing ----------------------------------------------------------------------------------


def read_drawing(data_url: str, field: str = "drawing") -> bytes:
    """The canvas's PNG, checked (size, pixels, decompression bomb, not blank), cropped to the ink and re-encoded."""
    if not data_url.strip():
        raise SignatureError(_l("Sign in the box first."), field)
    if not data_url.startswith(PNG_DATA_URL):
        raise SignatureError(_l("The signature could not be read; clear the box and sign again."), field)
    limit = current_app.config["SIGNATURE_MAX_BYTES"]
    encoded = data_url[len(PNG_DATA_URL) :]
    if len(encoded) > (limit * 4) // 3 + 4:
        raise SignatureError(_l("The signature image is too large; clear the box and sign again."), field)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(_l("The signature could not be read; clear the box and sign again."), field) from None
    _require_small_png(data, field)
    try:
        image = read_image(io.BytesIO(data))
    except UploadError as exc:
        raise SignatureError(str(exc), field) from None
    return _encode(_on_white(image), field)


def _require_small_png(data: bytes, field: str) -> None:
    """Before anything is decoded: a PNG, and no more pixels than a phone's canvas has."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
    except Image.DecompressionBombError:
        raise SignatureError(_l("The signature image is too large; clear the box and sign again."), field) from None
    except Exception:  # noqa: BLE001 - whatever Pillow says of a bad header, the answer is the same
        raise SignatureError(_l("The signature could not be read; clear the box and sign again."), field) from None
    if kind != "PNG":
        raise SignatureError(_l("The signature could not be read; clear the box and sign again."), field)
    if width * height > current_app.config["SIGNATURE_MAX_PIXELS"]:
        raise SignatureError(_l("The signature image is too large; clear the box and sign again."), field)


def _on_white(image: Image.Image) -> Image.Image:
    """The drawing as RGB on white: the canvas is transparent where nobody drew."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.split()[-1])
    return background


def _encode(image: Image.Image, field: str) -> bytes:
    ink = image.convert("L").point(lambda level: 255 if level < INK_LEVEL else 0)
    box = ink.getbbox()
    width, height = image.size
    if box is None or ink.histogram()[255] < MIN_INK_PIXELS:
        raise SignatureError(_l("The signature box is empty: sign with a finger in the box."), field)
    left, top, right, bottom = box
    if right - left < MIN_EXTENT * width and bottom - top < MIN_EXTENT * height:
        raise SignatureError(_l("The signature box is empty: sign with a finger in the box."), field)
    cropped = image.crop(
        (max(0, left - MARGIN), max(0, top - MARGIN), min(width, right + MARGIN), min(height, bottom + MARGIN))
    )
    side = current_app.config["SIGNATURE_MAX_SIDE"]
    cropped.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    cropped.save(out, "PNG", optimize=True)
    return out.getvalue()


def _digest(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data else ""


# --- signing, refusing, voiding --------------------------------------------------------------------------


def _slot(inspection: Inspection, violation: Violation | None, member: InspectionMember | None) -> str:
    record = f"v{violation.id}" if violation is not None else f"i{inspection.id}"
    return f"{record}-{PARTY if member is None else f'm{member.id}'}"


def _require_signable(inspection: Inspection, violation: Violation | None, user: User) -> None:
    require_team(user, inspection)
    if inspection.is_draft:
        raise SignatureError(_l("The record is signed once the inspection is submitted and its content is final."))
    if violation is not None and violation.inspection_id != inspection.id:
        raise SignatureError(_l("This violation is not part of the inspection."))


def _member(inspection: Inspection, member_id: int) -> InspectionMember:
    member = next((m for m in inspection.members if m.id == member_id), None)
    if member is None:
        raise SignatureError(_l("This member is not in the team."))
    return member


def _require_free(slot: str, name: str) -> None:
    if db.session.scalar(select(RecordSignature.id).where(RecordSignature.slot == slot)) is not None:
        raise SignatureError(_l("%(name)s has already signed this record.", name=name))


def sign(
    inspection: Inspection, violation: Violation | None, user: User, member_id: int | None, given: SignatureInput
) -> RecordSignature:
    """A drawn signature of the party's representative (``member_id`` None) or of a team member."""
    try:
        return _sign(inspection, violation, user, member_id, given)
    except IntegrityError:  # another phone filled the block a moment earlier
        raise SignatureError(_l("Someone has already signed in this place; reload the page.")) from None


@transactional
def _sign(
    inspection: Inspection, violation: Violation | None, user: User, member_id: int | None, given: SignatureInput
) -> RecordSignature:
    _require_signable(inspection, violation, user)
    member = _member(inspection, member_id) if member_id is not None else None
    name = member.name if member else given.signer_name.strip()
    if not name:
        raise SignatureError(_l("Write the full name of the person who signs."), "signer_name")
    slot = _slot(inspection, violation, member)
    _require_free(slot, name)
    image = read_drawing(given.drawing)
    signature = RecordSignature(
        inspection=inspection,
        violation=violation,
        slot=slot,
        signer_kind=SignerKind.MEMBER if member else SignerKind.PARTY,
        member=member,
        signer_name=name,
        signer_position=member.position if member else given.signer_position.strip(),
        outcome=SignatureOutcome.SIGNED,
        image=image,
        image_sha256=_digest(image),
        captured_by=user,
        signed_at=utcnow(),
    )
    db.session.add(signature)
    return signature


def refuse(inspection: Inspection, violation: Violation | None, user: User, given: RefusalInput) -> RecordSignature:
    """The representative refuses to sign: the reason and a witness (who signs, or not) are required."""
    try:
        return _refuse(inspection, violation, user, given)
    except IntegrityError:
        raise SignatureError(_l("Someone has already signed in this place; reload the page.")) from None


@transactional
def _refuse(inspection: Inspection, violation: Violation | None, user: User, given: RefusalInput) -> RecordSignature:
    _require_signable(inspection, violation, user)
    name = given.signer_name.strip()
    if not name:
        raise SignatureError(_l("Write the full name of the person who refuses to sign."), "signer_name")
    if not given.reason.strip():
        raise SignatureError(_l("Write the reason the person gives for refusing to sign."), "reason")
    if not given.witness_name.strip():
        raise SignatureError(_l("Name the witness of the refusal."), "witness_name")
    slot = _slot(inspection, violation, None)
    _require_free(slot, name)
    witness = read_drawing(given.witness_drawing, "witness_drawing") if given.witness_drawing.strip() else None
    signature = RecordSignature(
        inspection=inspection,
        violation=violation,
        slot=slot,
        signer_kind=SignerKind.PARTY,
        signer_name=name,
        signer_position=given.signer_position.strip(),
        outcome=SignatureOutcome.REFUSED,
        refusal_reason=given.reason.strip(),
        witness_name=given.witness_name.strip(),
        witness_image=witness,
        witness_image_sha256=_digest(witness),
        captured_by=user,
        signed_at=utcnow(),
    )
    db.session.add(signature)
    return signature


def _void(rows: Iterable[RecordSignature], user: User, reason: str) -> int:
    now, count = utcnow(), 0
    for row in rows:
        row.voided_at, row.voided_by, row.void_reason, row.slot = now, user, reason, None
        count += 1
    return count


@transactional
def void_for_amendment(inspection: Inspection, user: User, reason: str, changed: Iterable[str]) -> int:
    """An amendment changes the inspection record, so its signatures are voided; the violation records' too when
    a field they print changed. Called inside the amendment's unit of work; returns how many were voided."""
    count = _void(_rows(inspection, None, standing=True), user, reason)
    if PRINTED_ON_VIOLATION_RECORDS & set(changed):
        for violation in inspection.violations:
            count += _void(_rows(inspection, violation, standing=True), user, reason)
    return count


@transactional
def void_for_violation_change(violation: Violation, user: User, reason: str) -> int:
    """A change to what a violation record prints voids that record's signatures (the inspection's stand)."""
    return _void(_rows(violation.inspection, violation, standing=True), user, reason)
