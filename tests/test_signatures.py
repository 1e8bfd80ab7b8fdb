"""Signatures on the screen (issue 13, item 4): the party's representative and each team member sign the inspection
record and each violation record on the phone, or the representative refuses before a witness; the PDFs carry them;
a change to a signed record voids its signatures, which stay on file, and the pages ask for signing again."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, gettext
from PIL import Image
from pypdf import PdfReader

from tests import drawings
from tests.factories import join_team, make_business, make_inspection, make_item, make_user, make_violation
from tests.images import decompression_bomb, jpeg_with_gps
from traceapp.clock import as_utc, utcnow
from traceapp.extensions import db
from traceapp.inspections import services, signatures
from traceapp.inspections.errors import NotOnTheTeam
from traceapp.inspections.inputs import AmendmentInput
from traceapp.inspections.records import inspection_record, violation_record
from traceapp.inspections.signatures import RefusalInput, SignatureError, SignatureInput
from traceapp.models import (
    AuditEntry,
    CheckResult,
    Inspection,
    InspectionMember,
    RecordSignature,
    Role,
    SignatureOutcome,
    TeamRole,
    User,
    Violation,
)

SIGNED_AT = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 09:30 in the ward


@dataclass
class Record:
    inspector: User  # leads the team
    colleague: User  # on the team by account
    named: InspectionMember  # on the team by name only (no account)
    outsider: User  # of the same agency, on no team
    inspection: Inspection  # submitted
    violation: Violation
    draft: Inspection


@pytest.fixture
def record(app) -> Record:
    inspector = make_user(role=Role.INSPECTOR, name="Lê Văn Cường")
    business = make_business(name="Cơ sở Nước mắm Bà Tư")
    inspection = make_inspection(business=business, created_by=inspector, fields=["labelling"])
    make_item(inspection=inspection, description="Nước mắm chai 500 ml")
    violation = make_violation(inspection=inspection)
    colleague = make_user(role=Role.POLICE, name="Phạm Văn Hùng")
    join_team(inspection, colleague, TeamRole.POLICE)
    named = InspectionMember(inspection=inspection, name="Võ Thị Lan", role=TeamRole.OTHER, position="Cán bộ phường")
    db.session.add(named)
    db.session.commit()
    services.submit(inspection, inspector, "Vi phạm về nhãn")
    draft = make_inspection(business=business, created_by=inspector)
    return Record(
        inspector=inspector,
        colleague=colleague,
        named=named,
        outsider=make_user(role=Role.INSPECTOR, agency=inspector.agency, name="Đỗ Thị Hoa"),
        inspection=inspection,
        violation=violation,
        draft=draft,
    )


def _leader(record: Record) -> InspectionMember:
    return record.inspection.members[0]


def _party(record: Record, violation: Violation | None = None, name: str = "Nguyễn Thị Tư") -> RecordSignature:
    given = SignatureInput(drawings.signature(variant=1), signer_name=name, signer_position="Chủ cơ sở")
    return signatures.sign(record.inspection, violation, record.inspector, None, given)


def _entries(entity_id: int) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.entity == "record_signature", AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
    )


def _vi(msgid: str) -> str:
    """The record's wording: records print in Vietnamese whatever the reader's language."""
    with force_locale("vi"):
        return gettext(msgid)


def _pdf_images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


# --- the services ----------------------------------------------------------------------------------------------


def test_a_member_captures_the_party_s_signature_with_who_when_and_an_audit_entry(in_english, record, clock_at):
    clock_at(SIGNED_AT)
    saved = _party(record)
    assert (saved.signer_name, saved.signer_position, saved.outcome) == ("Nguyễn Thị Tư", "Chủ cơ sở", "signed")
    assert saved.captured_by == record.inspector
    assert abs((as_utc(saved.signed_at) - SIGNED_AT).total_seconds()) < 60
    stored = Image.open(io.BytesIO(saved.image))
    assert stored.format == "PNG" and stored.width < drawings.CANVAS[0]  # re-encoded, cropped to the ink
    [entry] = _entries(saved.id)
    assert entry.action == "create"
    assert entry.after["outcome"] == "signed" and len(entry.after["image_sha256"]) == 64
    assert "image" not in entry.after  # bytes stay out of the trail; their digest stands for them


def test_each_team_member_signs_including_one_without_an_account(in_english, record):
    for member in record.inspection.members:
        signatures.sign(record.inspection, None, record.colleague, member.id, SignatureInput(drawings.signature()))
    _party(record)
    sheet = signatures.sheet(record.inspection)
    assert [line.name for line in sheet] == ["Nguyễn Thị Tư", "Lê Văn Cường", "Phạm Văn Hùng", "Võ Thị Lan"]
    assert all(line.signature is not None for line in sheet)
    assert sheet[3].signature.signer_position == "Cán bộ phường"


def test_only_the_team_captures_signatures_and_only_on_a_submitted_record(in_english, record):
    with pytest.raises(NotOnTheTeam):
        _party_by(record, record.outsider)
    with pytest.raises(SignatureError, match="once the inspection is submitted"):
        signatures.sign(record.draft, None, record.inspector, None, SignatureInput(drawings.signature(), "Tư"))
    assert db.session.scalar(db.select(db.func.count(RecordSignature.id))) == 0


def _party_by(record: Record, user: User) -> RecordSignature:
    given = SignatureInput(drawings.signature(), signer_name="Nguyễn Thị Tư")
    return signatures.sign(record.inspection, None, user, None, given)


def test_a_block_is_signed_once_and_the_party_needs_a_name(in_english, record):
    _party(record)
    with pytest.raises(SignatureError, match="has already signed"):
        _party(record, name="Người khác")
    with pytest.raises(SignatureError, match="full name") as refused:
        signatures.sign(
            record.inspection, record.violation, record.inspector, None, SignatureInput(drawings.signature())
        )
    assert refused.value.field == "signer_name"


@pytest.mark.parametrize(
    ("drawing", "message"),
    [
        ("", "Sign in the box first"),
        (drawings.blank(), "box is empty"),
        (drawings.dot(), "box is empty"),
        (drawings.data_url(jpeg_with_gps((400, 200))).replace("image/png", "image/jpeg"), "could not be read"),
        (drawings.data_url(jpeg_with_gps((400, 200))), "could not be read"),  # a JPEG called PNG
        ("data:image/png;base64,not base64!", "could not be read"),
        (drawings.data_url(b"\x89PNG\r\n\x1a\n" + b"\0" * 40), "could not be read"),
        (drawings.data_url(decompression_bomb()), "too large"),
        (drawings.signature((2500, 1500)), "too large"),  # more pixels than a phone's canvas
    ],
    ids=["empty", "blank", "dot", "jpeg", "jpeg-as-png", "not-base64", "broken-png", "bomb", "too-many-pixels"],
)
def test_a_drawing_that_is_not_a_signature_is_refused(in_english, record, drawing, message):
    with pytest.raises(SignatureError, match=message) as refused:
        signatures.sign(record.inspection, None, record.inspector, _leader(record).id, SignatureInput(drawing))
    assert refused.value.field == "drawing"
    assert db.session.scalar(db.select(db.func.count(RecordSignature.id))) == 0


def test_an_oversized_upload_is_refused_before_it_is_decoded(in_english, app, record):
    app.config["SIGNATURE_MAX_BYTES"] = 1000
    with pytest.raises(SignatureError, match="too large"):
        signatures.sign(
            record.inspection, None, record.inspector, _leader(record).id, SignatureInput(drawings.signature())
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [({"reason": " "}, "reason"), ({"witness_name": ""}, "witness_name"), ({"signer_name": ""}, "signer_name")],
)
def test_a_refusal_needs_the_reason_and_a_witness(in_english, record, change, field):
    given = {"signer_name": "Nguyễn Thị Tư", "reason": "Không đồng ý mức phạt", "witness_name": "Trần Văn Bảy"}
    with pytest.raises(SignatureError) as refused:
        signatures.refuse(record.inspection, None, record.inspector, RefusalInput(**{**given, **change}))
    assert refused.value.field == field


def test_a_refusal_is_recorded_with_the_witness_s_signature_and_printed_where_the_signature_would_be(
    in_english, record
):
    before = _pdf_images(inspection_record(record.inspection))
    refusal = RefusalInput(
        signer_name="Nguyễn Thị Tư",
        reason="Không đồng ý với kết luận",
        witness_name="Trần Văn Bảy",
        witness_drawing=drawings.signature(),
    )
    saved = signatures.refuse(record.inspection, None, record.inspector, refusal)
    assert saved.outcome == SignatureOutcome.REFUSED and saved.witness_image and not saved.image
    assert _entries(saved.id)[0].after["outcome"] == "refused"
    pdf = inspection_record(record.inspection)
    text = _pdf_text(pdf)
    assert _vi("REFUSED TO SIGN") in text and "Không đồng ý với kết luận" in text and "Trần Văn Bảy" in text
    assert _pdf_images(pdf) == before + 1  # the witness's signature


def test_the_pdfs_carry_the_signatures_in_their_blocks_and_an_unsigned_one_prints_blank_blocks(in_english, record):
    unsigned = inspection_record(record.inspection)
    assert "(Ký, ghi rõ họ tên)" in _pdf_text(unsigned)
    before = _pdf_images(unsigned)
    _party(record)
    signatures.sign(record.inspection, None, record.inspector, _leader(record).id, SignatureInput(drawings.signature()))
    assert _pdf_images(inspection_record(record.inspection)) == before + 2
    assert "Nguyễn Thị Tư" in _pdf_text(inspection_record(record.inspection))
    # The violation record is its own document: signing the inspection record puts nothing on it.
    violation_before = _pdf_images(violation_record(record.violation))
    _party(record, record.violation)
    assert _pdf_images(violation_record(record.violation)) == violation_before + 1


def _amend(record: Record, **change) -> None:
    values = {"decision_number": "", "result": CheckResult.FAIL, "conclusion": "Vi phạm về nhãn", "reason": "Sửa"}
    services.amend(record.inspection, record.inspector, AmendmentInput(**{**values, **change}))


def test_an_amendment_voids_the_signatures_keeps_them_and_audits_it(in_english, record, clock_at):
    party = _party(record)
    leader = signatures.sign(
        record.inspection, None, record.inspector, _leader(record).id, SignatureInput(drawings.signature())
    )
    on_violation = _party(record, record.violation)
    images = _pdf_images(inspection_record(record.inspection))
    clock_at(SIGNED_AT)
    _amend(record, conclusion="Vi phạm về nhãn; đã lập biên bản", reason="Bổ sung kết luận")
    db.session.expire_all()
    for voided in (db.session.get(RecordSignature, party.id), db.session.get(RecordSignature, leader.id)):
        assert voided.is_void and voided.void_reason == "Bổ sung kết luận" and voided.voided_by == record.inspector
        assert abs((as_utc(voided.voided_at) - SIGNED_AT).total_seconds()) < 60
        assert _entries(voided.id)[-1].action == "update" and _entries(voided.id)[-1].after["void_reason"]
    # The conclusion is not on the violation record: its signature stands.
    assert not db.session.get(RecordSignature, on_violation.id).is_void
    assert signatures.needs_signing_again(record.inspection) and not signatures.needs_signing_again(
        record.inspection, record.violation
    )
    assert _pdf_images(inspection_record(record.inspection)) == images - 2  # voided signatures are not printed
    _party(record)  # and the block can be signed again
    assert [s.signer_name for s in signatures.voided(record.inspection)] == ["Nguyễn Thị Tư", "Lê Văn Cường"]


def test_an_amended_decision_number_voids_the_violation_records_signatures_too(in_english, record):
    on_violation = _party(record, record.violation)
    _amend(record, decision_number="15/QĐ-UBND", reason="Thiếu số quyết định")
    db.session.expire_all()
    assert db.session.get(RecordSignature, on_violation.id).is_void
    assert signatures.needs_signing_again(record.inspection, record.violation)


def test_a_failed_amendment_voids_nothing(in_english, record):
    party = _party(record)
    with pytest.raises(Exception, match="Nothing was changed"):
        _amend(record, decision_number="", conclusion="Vi phạm về nhãn")
    db.session.expire_all()
    assert not db.session.get(RecordSignature, party.id).is_void


# --- the pages -------------------------------------------------------------------------------------------------


def test_the_team_signs_on_the_page_one_block_after_another(client, login_as, english, record):
    login_as(record.inspector)
    page = client.get(f"/inspections/{record.inspection.id}/sign")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data-signature-pad" in html and "Done signing" in html and "Clear" in html and "refuses to sign" in html
    response = client.post(
        f"/inspections/{record.inspection.id}/sign?signer=party",
        data={"signer_name": "Nguyễn Thị Tư", "signer_position": "Chủ cơ sở", "drawing": drawings.signature()},
    )
    assert response.status_code == 302 and response.location.endswith(f"/inspections/{record.inspection.id}/sign")
    # The next unsigned block is the team leader's.
    assert "Lê Văn Cường" in client.get(response.location).get_data(as_text=True)
    shown = client.get(f"/inspections/{record.inspection.id}").get_data(as_text=True)
    assert "Signatures on the record: 1 of 4" in shown
    signed_page = client.get(f"/inspections/{record.inspection.id}/sign?signer=party").get_data(as_text=True)
    assert "data:image/png;base64," in signed_page and "captured by Lê Văn Cường" in signed_page


def test_the_page_refuses_a_blank_drawing_and_keeps_what_was_typed(client, login_as, english, record):
    login_as(record.inspector)
    response = client.post(
        f"/violations/{record.violation.id}/sign?signer=party",
        data={"signer_name": "Nguyễn Thị Tư", "drawing": drawings.blank()},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The signature box is empty" in html and 'value="Nguyễn Thị Tư"' in html
    assert db.session.scalar(db.select(db.func.count(RecordSignature.id))) == 0


def test_the_refusal_form_needs_a_witness_then_the_record_says_refused(client, login_as, english, record):
    login_as(record.colleague)
    url = f"/violations/{record.violation.id}/refuse"
    data = {"refusal-signer_name": "Nguyễn Thị Tư", "refusal-reason": "Không đồng ý mức phạt"}
    response = client.post(url, data=data)
    assert response.status_code == 200 and "Name the witness of the refusal" in response.get_data(as_text=True)
    response = client.post(url, data={**data, "refusal-witness_name": "Trần Văn Bảy"})
    assert response.status_code == 302
    [saved] = db.session.scalars(db.select(RecordSignature))
    assert saved.refused and saved.violation_id == record.violation.id and saved.captured_by_id == record.colleague.id


def test_the_pages_say_a_changed_record_needs_signing_again(client, login_as, english, record):
    _party(record)
    _party(record, record.violation)
    login_as(record.inspector)
    for url in (f"/inspections/{record.inspection.id}", f"/violations/{record.violation.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Signatures on the record: 1 of 4" in page and "needs signing again" not in page, url
    client.post(
        f"/inspections/{record.inspection.id}/amend",
        data={"decision_number": "15/QĐ", "result": "fail", "conclusion": "Vi phạm về nhãn", "reason": "Thiếu số QĐ"},
    )
    for url in (f"/inspections/{record.inspection.id}", f"/violations/{record.violation.id}"):
        assert "it needs signing again" in client.get(url).get_data(as_text=True), url
    sign_page = client.get(f"/inspections/{record.inspection.id}/sign").get_data(as_text=True)
    assert "Voided signatures" in sign_page and "Thiếu số QĐ" in sign_page


def test_who_may_open_the_signing_page(client, login_as, record):
    url = f"/inspections/{record.inspection.id}/sign"
    login_as(record.outsider)
    assert client.get(url).status_code == 403  # reads the agency's records, is not on the team
    login_as(make_user(role=Role.INSPECTOR, name="Người phường khác"))
    assert client.get(url).status_code == 404
    login_as(make_user(role=Role.ADMIN))
    assert client.get(url).status_code == 403
    login_as(record.inspector)
    assert client.get(f"/inspections/{record.inspection.id}/sign?signer=99999999").status_code == 404
    assert client.get(f"/inspections/{record.inspection.id}/sign?signer=x").status_code == 404
    draft = client.get(f"/inspections/{record.draft.id}/sign")
    assert draft.status_code == 302 and draft.location.endswith(f"/inspections/{record.draft.id}")


def test_the_stored_image_is_the_drawing_re_encoded(in_english, record):
    saved = _party(record)
    image = Image.open(io.BytesIO(saved.image)).convert("L")
    assert image.getextrema()[0] < 100  # ink kept
    assert base64.b64decode(drawings.signature().split(",", 1)[1]) != saved.image
    assert as_utc(saved.signed_at) <= utcnow()


def test_a_change_to_a_violation_voids_only_that_violation_record_s_signatures(in_english, record):
    on_inspection = _party(record)
    on_violation = _party(record, record.violation)
    assert signatures.void_for_violation_change(record.violation, record.inspector, "Sửa mức phạt") == 1
    db.session.expire_all()
    assert db.session.get(RecordSignature, on_violation.id).is_void
    assert not db.session.get(RecordSignature, on_inspection.id).is_void
