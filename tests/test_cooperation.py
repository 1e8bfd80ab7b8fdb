"""Cooperation events (plan task 6): recording an event, invitations by line of business or area, answers on the
business home, check-in at the door (chosen from the list or by a product code), commitments followed up, files
checked by their content, the printable sign-in sheet, and the event lists."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook
from reportlab.pdfgen import canvas
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from tests import images
from tests.factories import make_batch, make_business, make_event, make_product, make_user, valid_gtin
from traceapp.clock import local_today
from traceapp.cooperation import attachments, services
from traceapp.extensions import db
from traceapp.models import (
    BusinessStatus,
    CommitmentStatus,
    CooperationEvent,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    EventKind,
    EventTopic,
    InvitationStatus,
    Role,
    User,
)

TODAY = local_today()
FUTURE = TODAY + timedelta(days=20)


def _invitations(event) -> dict[int, EventInvitation]:
    db.session.expire_all()
    return {
        i.business_id: i
        for i in db.session.scalars(db.select(EventInvitation).where(EventInvitation.event_id == event.id))
    }


def _invite(event, *businesses) -> list[EventInvitation]:
    rows = [EventInvitation(event=event, business=b) for b in businesses]
    db.session.add_all(rows)
    db.session.commit()
    return rows


# --- the event ---------------------------------------------------------------------------------------------------


def test_an_officer_records_an_event_then_its_participants_and_conclusions(client, login_as, english):
    officer = login_as(Role.OFFICER)
    data = {
        "kind": "conference",
        "title": "Hội nghị về tiêu chuẩn chất lượng",
        "held_on": FUTURE.isoformat(),
        "starts_at": "8h",
        "place": "Hội trường UBND phường",
        "agency_id": officer.agency_id,
        "topics": [],
    }
    response = client.post("/events/new", data=data)
    page = response.data.decode()
    assert "Write the time as HH:MM" in page and "Tick at least one topic" in page
    assert db.session.scalar(db.select(db.func.count(CooperationEvent.id))) == 0

    data.update(starts_at="07:30", topics=["quality_standards", "consumer_protection", "metrology"])
    response = client.post("/events/new", data=data)
    event = db.session.scalar(db.select(CooperationEvent))
    assert response.status_code == 302 and response.location == f"/events/{event.id}"
    assert (event.kind, event.starts_at, event.agency_id, event.created_by_id) == (
        EventKind.CONFERENCE,
        "07:30",
        officer.agency_id,
        officer.id,
    )
    assert event.topics == ["quality_standards", "consumer_protection", "metrology"]

    client.post(f"/events/{event.id}/edit", data={**data, "participants": "-3"})
    db.session.refresh(event)
    assert event.participants is None
    client.post(
        f"/events/{event.id}/edit",
        data={**data, "participants": "64", "conclusions": "Các cơ sở cam kết dán tem truy xuất."},
    )
    db.session.refresh(event)
    assert event.participants == 64 and event.conclusions == "Các cơ sở cam kết dán tem truy xuất."
    page = client.get(f"/events/{event.id}").data.decode()
    assert "Consumer protection" in page and "Metrology" in page and "64" in page and "07:30" in page


# --- invitations --------------------------------------------------------------------------------------------------


def test_businesses_are_invited_by_sector_and_area_all_shown_or_one_by_one(client, login_as, english):
    sauce_north = make_business(name="Cơ sở Nước mắm Bà Năm", sector="Sản xuất nước mắm", quarter="Tổ dân phố Sa Huỳnh")
    sauce_south = make_business(name="Cơ sở Nước mắm Ông Tư", sector="Sản xuất nước mắm", quarter="Khu phố 2")
    salt = make_business(name="Cơ sở Muối Sa Huỳnh", sector="Sản xuất muối", quarter="Tổ dân phố Sa Huỳnh")
    make_business(name="Cơ sở Nước mắm Chưa Duyệt", sector="Sản xuất nước mắm", status=BusinessStatus.PENDING)
    event = make_event(held_on=FUTURE)
    login_as(Role.OFFICER)

    shown = client.get(f"/events/{event.id}?find=1&sector=nước mắm").data.decode()
    assert sauce_north.name in shown and sauce_south.name in shown
    assert salt.name not in shown and "Chưa Duyệt" not in shown, "only verified businesses of the sector"
    by_area = client.get(f"/events/{event.id}?find=1&quarter=Sa Huỳnh").data.decode()
    assert sauce_north.name in by_area and salt.name in by_area and sauce_south.name not in by_area

    client.post(f"/events/{event.id}/invite", data={"sector": "nước mắm", "quarter": "Sa Huỳnh", "scope": "all"})
    assert set(_invitations(event)) == {sauce_north.id}

    response = client.post(f"/events/{event.id}/invite", data={"sector": "nước mắm", "scope": "ticked"})
    assert "Tick at least one business" in client.get(response.location).data.decode()
    client.post(
        f"/events/{event.id}/invite",
        data={"quarter": "Sa Huỳnh", "scope": "ticked", "business_id": [str(salt.id), str(sauce_north.id)]},
    )
    assert set(_invitations(event)) == {sauce_north.id, salt.id}, "ticked ones added, no duplicate"
    page = client.get(f"/events/{event.id}?find=1&quarter=Sa Huỳnh").data.decode()
    assert "Already invited" in page

    client.post(f"/events/{event.id}/invite", data={"sector": "nước mắm", "scope": "all"})
    invited = _invitations(event)
    assert set(invited) == {sauce_north.id, sauce_south.id, salt.id}

    client.post(f"/events/{event.id}/invitations/{invited[salt.id].id}/delete")
    assert set(_invitations(event)) == {sauce_north.id, sauce_south.id}
    client.post(f"/events/{event.id}/check-in", data={"business_id": sauce_north.id})
    response = client.post(f"/events/{event.id}/invitations/{invited[sauce_north.id].id}/delete")
    assert "checked in; it stays on the list" in client.get(response.location).data.decode()
    assert sauce_north.id in _invitations(event)


def test_removing_an_invitation_asks_first(client, login_as, english):
    event = make_event(held_on=FUTURE)
    _invite(event, make_business())
    login_as(Role.OFFICER)
    page = client.get(f"/events/{event.id}").data.decode()
    assert 'data-question="Remove this business from the invitation list?"' in page


def test_a_business_answers_on_its_home_page(client, login_as, english):
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    coming = make_event(held_on=FUTURE, title="Tập huấn truy xuất nguồn gốc", starts_at="14:00")
    held = make_event(held_on=TODAY - timedelta(days=3), title="Diễn đàn đã qua")
    invitation, old = _invite(coming, business) + _invite(held, business)
    login_as(make_user(role=Role.BUSINESS, business=business))

    home = client.get("/business").data.decode()
    assert "Tập huấn truy xuất nguồn gốc" in home and "14:00" in home and "Diễn đàn đã qua" not in home

    response = client.post(f"/invitations/{invitation.id}/accept", data={"attendees": "0"})
    assert "at least 1" in client.get(response.location).data.decode()
    client.post(f"/invitations/{invitation.id}/accept", data={"attendees": "2"})
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.CONFIRMED and invitation.attendees == 2
    assert "Will attend" in client.get("/business").data.decode()

    client.post(f"/invitations/{invitation.id}/decline", data={"attendees": "2"})
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.DECLINED and invitation.attendees is None
    assert invitation.answered_at is not None

    response = client.post(f"/invitations/{old.id}/accept", data={"attendees": "1"})
    assert "already taken place" in client.get(response.location).data.decode()
    db.session.refresh(old)
    assert old.status == InvitationStatus.INVITED


# --- attendance ---------------------------------------------------------------------------------------------------


def test_check_in_by_selecting_a_business_or_by_a_product_code_and_a_walk_in_is_added(client, login_as, english):
    chosen = make_business(name="Cơ sở Bánh tráng Năm Hà")
    scanned = make_business(name="Công ty Nước mắm Sa Huỳnh Xanh")
    typed = make_business(name="Hộ kinh doanh Muối Bà Sáu")
    walk_in = make_business(name="Cơ sở Mạch nha Đến Muộn")
    gtin = valid_gtin(4417)
    make_product(business=scanned, gtin=gtin)
    batch = make_batch(product=make_product(business=typed))
    walk_in_product = make_product(business=walk_in)
    event = make_event(held_on=TODAY)
    _invite(event, chosen, scanned, typed)
    login_as(Role.OFFICER)

    assert (
        client.post(f"/events/{event.id}/check-in", data={"business_id": chosen.id, "attendees": "3"}).status_code
        == 302
    )
    client.post(f"/events/{event.id}/check-in", data={"code": f"https://truyxuat.ducpho.example/01/{gtin}"})
    client.post(f"/events/{event.id}/check-in", data={"code": batch.public_code.lower()})
    client.post(
        f"/events/{event.id}/check-in",
        data={"code": f"https://x.example/q/{walk_in_product.public_code}", "attendees": "1"},
    )
    invited = _invitations(event)
    assert set(invited) == {chosen.id, scanned.id, typed.id, walk_in.id}
    assert all(i.checked_in_at is not None for i in invited.values())
    assert invited[chosen.id].attendees == 3 and invited[walk_in.id].attendees == 1

    response = client.post(f"/events/{event.id}/check-in", data={"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 400 and 'id="code-err"' in response.data.decode()
    assert "No single business matches" in response.data.decode()
    stranger = make_business(name="Cơ sở Không Được Mời")
    response = client.post(f"/events/{event.id}/check-in", data={"business_id": stranger.id})
    assert response.status_code == 400 and "not on the invitation list" in response.data.decode()
    assert len(_invitations(event)) == 4

    page = client.get(f"/events/{event.id}").data.decode()
    assert "4 businesses checked in, 4 people" in page


def test_a_walk_in_checked_in_at_the_same_time_at_another_door_is_refused_and_nothing_is_written(
    client, login_as, english, monkeypatch
):
    """The other officer's row lands between this check-in's look-up and its write: the unique key refuses the
    second row, the officer is told to reload, and nothing of this check-in is kept."""
    walk_in = make_business(name="Cơ sở Mạch nha Đến Muộn")
    product = make_product(business=walk_in)
    event = make_event(held_on=TODAY)
    _invite(event, walk_in)  # the other door's check-in, committed a moment ago
    monkeypatch.setattr(services, "_invitation_of", lambda event, business: None)  # …and not yet seen here
    login_as(Role.OFFICER)
    response = client.post(f"/events/{event.id}/check-in", data={"code": product.public_code, "attendees": "2"})
    assert response.status_code == 400 and "Someone else changed this list at the same time" in response.data.decode()
    invited = _invitations(event)
    assert list(invited) == [walk_in.id] and invited[walk_in.id].checked_in_at is None
    assert invited[walk_in.id].attendees is None


def test_checking_in_twice_keeps_the_first_time(client, login_as):
    business = make_business()
    event = make_event(held_on=TODAY)
    (invitation,) = _invite(event, business)
    first = datetime(2026, 1, 1, 1, tzinfo=UTC)
    invitation.checked_in_at = first
    db.session.commit()
    login_as(Role.OFFICER)
    client.post(f"/events/{event.id}/check-in", data={"business_id": business.id, "attendees": "4"})
    invitation = _invitations(event)[business.id]
    assert invitation.checked_in_at.replace(tzinfo=UTC) == first and invitation.attendees == 4


# --- commitments --------------------------------------------------------------------------------------------------


def test_commitments_are_recorded_and_followed_up_until_done_or_dropped(client, login_as, english):
    business = make_business(name="Cơ sở Nước mắm Cam Kết")
    event = make_event(held_on=TODAY - timedelta(days=1))
    _invite(event, business)
    outsider = make_business()
    login_as(Role.OFFICER)

    response = client.post(f"/events/{event.id}/commitments", data={"text": "Dán tem", "business_id": outsider.id})
    assert response.status_code == 400
    client.post(
        f"/events/{event.id}/commitments",
        data={"text": "Dán tem QR trên 100% sản phẩm", "business_id": business.id, "due_on": "2027-03-31"},
    )
    client.post(f"/events/{event.id}/commitments", data={"text": "Ghi nhãn phụ tiếng Việt"})
    first, second = db.session.scalars(db.select(EventCommitment).order_by(EventCommitment.id)).all()
    assert first.business_id == business.id and first.due_on.isoformat() == "2027-03-31"
    assert second.business_id is None and first.status == second.status == CommitmentStatus.OPEN

    response = client.post(f"/events/{event.id}/commitments/{first.id}", data={f"c{first.id}-status": "done"})
    assert response.status_code == 400 and "Write what was checked" in response.data.decode()
    client.post(
        f"/events/{event.id}/commitments/{first.id}",
        data={f"c{first.id}-status": "done", f"c{first.id}-follow_up": "Đã kiểm tra ngày 05/04"},
    )
    client.post(
        f"/events/{event.id}/commitments/{second.id}",
        data={f"c{second.id}-status": "dropped", f"c{second.id}-follow_up": "Cơ sở đã ngừng sản xuất"},
    )
    db.session.expire_all()
    assert (first.status, first.follow_up) == (CommitmentStatus.DONE, "Đã kiểm tra ngày 05/04")
    assert (second.status, second.follow_up) == (CommitmentStatus.DROPPED, "Cơ sở đã ngừng sản xuất")
    assert client.post(f"/events/{event.id + 1}/commitments/{first.id}", data={}).status_code == 404


# --- files --------------------------------------------------------------------------------------------------------


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Bien ban hoi nghi")
    page.save()
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Danh sách"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ooxml(main_type: str, main_part: str = "/word/document.xml", extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Override PartName="{main_part}" ContentType="{main_type}"/></Types>'
            ),
        )
        archive.writestr(main_part.lstrip("/"), "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _upload(client, event, data: bytes, name: str):
    return client.post(
        f"/events/{event.id}/attachments", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def _stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], attachments.FOLDER)
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_attachments_are_checked_by_their_content(app, client, login_as, english):
    event = make_event(held_on=FUTURE)
    login_as(Role.OFFICER)
    refused = [
        (
            b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode",
            "giay-moi.pdf",
            "not a PDF, Word, Excel, JPEG or PNG",
        ),
        (_pdf()[:400], "cut.pdf", "damaged or incomplete"),
        (_ooxml(DOCM, extra={"word/vbaProject.bin": "x"}), "macro.docx", "macros are not accepted"),
        (_ooxml("application/xml"), "archive.docx", "not a PDF, Word, Excel, JPEG or PNG"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "not a PDF, Word, Excel, JPEG or PNG"),
        (images.png()[:60], "half.png", "damaged or incomplete"),
        (b"", "empty.pdf", "The file is empty"),
    ]
    for data, name, message in refused:
        response = _upload(client, event, data, name)
        assert response.status_code == 400 and message in response.data.decode(), name
    assert _stored_files(app) == [], "nothing written for a refused file"
    assert db.session.scalar(db.select(db.func.count(EventAttachment.id))) == 0

    accepted = [
        (_pdf(), "Biên bản hội nghị.pdf"),
        (_xlsx(), "danh-sach.xlsx"),
        (_ooxml(DOCX), "ket-luan.docx"),
        (images.png(), "anh.png"),
        (images.jpeg_with_gps((320, 240)), "hoi-truong.exe"),
    ]
    for data, name in accepted:
        assert _upload(client, event, data, name).status_code == 302, name
    stored = db.session.scalars(db.select(EventAttachment).order_by(EventAttachment.id)).all()
    assert [a.original_name for a in stored] == [
        "Biên bản hội nghị.pdf",
        "danh-sach.xlsx",
        "ket-luan.docx",
        "anh.png",
        "hoi-truong.exe.jpg",
    ]
    assert [a.content_type for a in stored] == [
        attachments.CONTENT_TYPES[k] for k in ("pdf", "xlsx", "docx", "png", "jpg")
    ]
    assert len(_stored_files(app)) == 5 and all(
        a.file_name.split(".")[0] in "".join(_stored_files(app)) and len(a.file_name.split(".")[0]) == 24
        for a in stored
    ), "random names"


def test_an_oversize_attachment_is_refused_and_nothing_is_written(app, client, login_as, english):
    app.config["MAX_ATTACHMENT_BYTES"] = 64 * 1024
    event = make_event(held_on=FUTURE)
    login_as(Role.OFFICER)
    big = _pdf().replace(b"%%EOF", b"%" + b"0" * 70 * 1024 + b"\n%%EOF")
    response = _upload(client, event, big, "big.pdf")
    assert response.status_code == 400 and "larger than 64 KB" in response.data.decode()
    assert _stored_files(app) == [] and db.session.scalar(db.select(db.func.count(EventAttachment.id))) == 0


def test_a_stored_file_whose_row_cannot_be_written_is_removed_again(app):
    """The file is stored before its row; when the row's unit of work fails, the file goes too."""
    event = make_event(held_on=FUTURE)
    nobody = User(id=987_654)  # no such account: the row's foreign key refuses it
    upload = FileStorage(io.BytesIO(_pdf()), filename="Biên bản.pdf")
    with pytest.raises(IntegrityError):
        services.add_attachment(event, nobody, upload)
    assert _stored_files(app) == [] and db.session.scalar(db.select(db.func.count(EventAttachment.id))) == 0


def test_attachments_are_downloaded_by_staff_only_and_removed_with_their_file(app, client, login_as, english):
    event = make_event(held_on=FUTURE)
    login_as(Role.OFFICER)
    pdf = _pdf()
    _upload(client, event, pdf, "Biên bản.pdf")
    item = db.session.scalar(db.select(EventAttachment))
    download = client.get(f"/events/{event.id}/attachments/{item.id}")
    assert download.status_code == 200 and download.data == pdf and download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Bi%C3%AAn%20b%E1%BA%A3n.pdf" in disposition
    assert 'data-question="Remove this file?"' in client.get(f"/events/{event.id}").data.decode()

    login_as(Role.ADMIN)
    assert client.get(f"/events/{event.id}/attachments/{item.id}").status_code == 200
    login_as(Role.BUSINESS)
    assert client.get(f"/events/{event.id}/attachments/{item.id}").status_code == 403

    login_as(Role.OFFICER)
    client.post(f"/events/{event.id}/attachments/{item.id}/delete")
    assert _stored_files(app) == [] and db.session.scalar(db.select(db.func.count(EventAttachment.id))) == 0


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("Biên bản.PDF", "pdf", "Biên bản.PDF"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\a\\anh.jpeg", "jpg", "anh.jpeg"),
        ("", "png", "file.png"),
        ("bao\x00cao.docx", "docx", "baocao.docx"),
    ],
)
def test_the_download_name_is_the_given_name_with_the_real_extension(original, kind, expected):
    assert attachments.download_name(original, kind) == expected


# --- the sign-in sheet and the lists -----------------------------------------------------------------------------


def test_the_print_view_is_a_sign_in_sheet_of_the_invited_businesses(client, login_as, english):
    first = make_business(name="Cơ sở Nước mắm Thanh Hương", address="Tổ dân phố 3, Sa Huỳnh", phone="0905111222")
    second = make_business(name="Hợp tác xã Muối Sa Huỳnh", address="Thôn Tân Diêm", phone="0905333444")
    event = make_event(held_on=FUTURE, title="Đối thoại về bảo vệ người tiêu dùng", starts_at="08:00")
    _invite(event, first, second)
    login_as(Role.ADMIN)
    page = client.get(f"/events/{event.id}/print").data.decode()
    for text in (
        first.name,
        first.address,
        first.phone,
        second.name,
        second.address,
        second.phone,
        "Đối thoại về bảo vệ người tiêu dùng",
        "08:00",
        "SIGN-IN SHEET",
        "Signature",
        "PEOPLE'S COMMITTEE OF PHƯỜNG ĐỨC PHỔ",
        "Independence – Freedom – Happiness",
    ):
        assert text in page, text
    assert page.index(first.name) < page.index(second.name)


def test_event_lists_by_period_kind_and_topic_with_search_and_pages(app, client, login_as, english):
    make_event(
        held_on=TODAY + timedelta(days=2),
        title="Tập huấn ghi nhãn",
        kind=EventKind.TRAINING,
        topics=[EventTopic.LABELS.value],
    )
    make_event(
        held_on=TODAY + timedelta(days=1),
        title="Diễn đàn người tiêu dùng",
        kind=EventKind.FORUM,
        topics=[EventTopic.CONSUMER_PROTECTION.value, EventTopic.LABELS.value],
    )
    make_event(
        held_on=TODAY - timedelta(days=30),
        title="Hội nghị đo lường",
        kind=EventKind.CONFERENCE,
        topics=[EventTopic.METROLOGY.value],
        place="Nhà văn hóa khu phố 1",
    )
    login_as(Role.OFFICER)

    upcoming = client.get("/events").data.decode()
    assert upcoming.index("Diễn đàn người tiêu dùng") < upcoming.index("Tập huấn ghi nhãn"), "soonest first"
    assert "Hội nghị đo lường" not in upcoming
    past = client.get("/events?when=past").data.decode()
    assert "Hội nghị đo lường" in past and "Tập huấn ghi nhãn" not in past
    by_kind = client.get("/events?kind=training").data.decode()
    assert "Tập huấn ghi nhãn" in by_kind and "Diễn đàn người tiêu dùng" not in by_kind
    by_topic = client.get("/events?topic=consumer_protection").data.decode()
    assert "Diễn đàn người tiêu dùng" in by_topic and "Tập huấn ghi nhãn" not in by_topic
    assert "Hội nghị đo lường" in client.get("/events?when=past&q=văn hóa").data.decode(), "search by place"
    assert "No event matches these filters." in client.get("/events?topic=traceability").data.decode()
    assert "No event matches these filters." in client.get("/events?kind=nonsense&q=zzz").data.decode()
    assert client.get("/events?topic=<script>&page=-4").status_code == 200

    for n in range(app.config["PER_PAGE"]):
        make_event(held_on=TODAY - timedelta(days=40 + n), title=f"Đối thoại cũ số {n:02d}")
    first_page = client.get("/events?when=past").data.decode()
    second_page = client.get("/events?when=past&page=2").data.decode()
    assert "Hội nghị đo lường" in first_page and "Đối thoại cũ số 19" not in first_page
    assert "Đối thoại cũ số 19" in second_page and "Page 2 of 2" in second_page


def test_empty_lists_say_so(client, login_as, english):
    login_as(Role.OFFICER)
    assert "No event planned." in client.get("/events").data.decode()
    assert "No past event recorded." in client.get("/events?when=past").data.decode()
