"""Cooperation events (plan task 6): invitations by line of business or area, answers from the business home,
check-in at the door by a product code, commitments, attachments checked by their content, the print list;
and the technology businesses declare and officers verify."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date, timedelta

from tests import images
from tests.factories import make_business, make_event, make_product, make_technology, make_user
from traceapp.cooperation.queries import adoption_figures
from traceapp.extensions import db
from traceapp.models import (
    CooperationEvent,
    EventAttachment,
    EventInvitation,
    InvitationStatus,
    Role,
    TechnologyKind,
    TechnologyUse,
)

FUTURE = date.today() + timedelta(days=20)


def _officer(login_as):
    return login_as(Role.OFFICER)


def test_an_officer_records_an_event_and_invites_by_sector_and_area(client, login_as, english):
    sauce_a = make_business(name="Cơ sở Nước mắm Bà Năm", sector="Sản xuất nước mắm", quarter="Tổ dân phố Sa Huỳnh")
    sauce_b = make_business(name="Cơ sở Nước mắm Ông Tư", sector="Sản xuất nước mắm", quarter="Khu phố 2")
    make_business(name="Cơ sở Muối", sector="Sản xuất muối", quarter="Tổ dân phố Sa Huỳnh")
    officer = _officer(login_as)
    response = client.post("/events/new", data={
        "kind": "dialogue", "title": "Đối thoại về nhãn hàng hoá", "held_on": FUTURE.isoformat(), "starts_at": "8h",
        "place": "Hội trường UBND phường", "agency_id": officer.agency_id, "topics": ["labels"]})
    assert b"Write the time as HH:MM" in response.data
    response = client.post("/events/new", data={
        "kind": "dialogue", "title": "Đối thoại về nhãn hàng hoá", "held_on": FUTURE.isoformat(), "starts_at": "08:00",
        "place": "Hội trường UBND phường", "agency_id": officer.agency_id, "topics": ["labels", "traceability"]})
    event = db.session.scalar(db.select(CooperationEvent))
    assert response.status_code == 302 and event.topics == ["labels", "traceability"]

    shown = client.get(f"/events/{event.id}?find=1&sector=nước mắm").data.decode()
    assert sauce_a.name in shown and sauce_b.name in shown and "Cơ sở Muối" not in shown
    client.post(f"/events/{event.id}/invite", data={"sector": "nước mắm", "quarter": "Sa Huỳnh"})
    invited = {i.business_id for i in db.session.scalars(db.select(EventInvitation))}
    assert invited == {sauce_a.id}
    client.post(f"/events/{event.id}/invite", data={"sector": "nước mắm", "business_id": [str(sauce_b.id)]})
    assert db.session.scalar(db.select(db.func.count(EventInvitation.id))) == 2
    printed = client.get(f"/events/{event.id}/print").data.decode()
    assert sauce_a.name in printed and sauce_b.name in printed and "Signature" in printed
    assert "Đối thoại về nhãn hàng hoá" in client.get("/events").data.decode()
    assert "No event here yet." in client.get("/events?when=past").data.decode()
    assert "No event here yet." in client.get("/events?topic=metrology").data.decode()


def test_a_business_answers_on_its_home_page_and_is_checked_in_by_a_product_code(client, login_as, english):
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    product = make_product(business=business)
    walk_in = make_business(name="Cơ sở Bánh tráng Năm Hà")
    walk_in_product = make_product(business=walk_in)
    event = make_event(held_on=FUTURE, title="Tập huấn truy xuất nguồn gốc")
    db.session.add(EventInvitation(event=event, business=business))
    db.session.commit()

    login_as(make_user(role=Role.BUSINESS, business=business))
    home = client.get("/business").data.decode()
    assert "Tập huấn truy xuất nguồn gốc" in home
    invitation = db.session.scalar(db.select(EventInvitation))
    client.post(f"/invitations/{invitation.id}/accept", data={"attendees": "2"})
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.CONFIRMED and invitation.attendees == 2

    _officer(login_as)
    client.post(f"/events/{event.id}/check-in", data={"code": product.public_code, "attendees": "2"})
    client.post(f"/events/{event.id}/check-in", data={"code": f"https://x/q/{walk_in_product.public_code}"})
    response = client.post(f"/events/{event.id}/check-in", data={"code": "không có ai"})
    assert b"No single business matches" in client.get(response.location).data
    present = {i.business_id for i in db.session.scalars(db.select(EventInvitation))
               if i.checked_in_at is not None}
    assert present == {business.id, walk_in.id}


def test_commitments_are_followed_up(client, login_as, english):
    event = make_event(held_on=FUTURE)
    _officer(login_as)
    client.post(f"/events/{event.id}/commitments", data={"text": "Dán tem QR trên 100% sản phẩm",
                                                          "due_on": "2027-03-31"})
    commitment = event.commitments[0]
    client.post(f"/events/{event.id}/commitments/{commitment.id}", data={"status": "done",
                                                                        "follow_up": "Đã kiểm tra"})
    db.session.refresh(commitment)
    assert commitment.status == "done" and commitment.follow_up == "Đã kiểm tra"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                                                'officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_attachments_are_checked_by_content_and_served_to_staff(app, client, login_as, english):
    event = make_event(held_on=FUTURE)
    _officer(login_as)
    for data, name in ((b"%PDF-1.4 bien ban", "bien-ban.pdf"), (_docx(), "ket-luan.docx"),
                       (images.png(), "anh.png")):
        client.post(f"/events/{event.id}/attachments", data={"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")
    refused = client.post(f"/events/{event.id}/attachments", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"MZ\x90\x00 program"), "giay-moi.pdf")})
    assert b"not a PDF, Word, Excel, JPEG or PNG" in client.get(refused.location).data
    app.config["MAX_ATTACHMENT_BYTES"] = 1024 * 1024
    client.post(f"/events/{event.id}/attachments", content_type="multipart/form-data",
                data={"file": (io.BytesIO(b"%PDF-" + b"0" * 1024 * 1024), "big.pdf")})
    stored = db.session.scalars(db.select(EventAttachment).order_by(EventAttachment.id)).all()
    assert [a.original_name for a in stored] == ["bien-ban.pdf", "ket-luan.docx", "anh.png"]
    assert len(os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "events"))) == 3
    download = client.get(f"/events/{event.id}/attachments/{stored[0].id}")
    assert download.data.startswith(b"%PDF") and "bien-ban.pdf" in download.headers["Content-Disposition"]
    login_as(Role.BUSINESS)
    assert client.get(f"/events/{event.id}/attachments/{stored[0].id}").status_code == 403


def test_technology_is_declared_verified_and_counted(client, login_as, english):
    business = make_business(name="Công ty Nước mắm Sa Huỳnh Xanh")
    make_product(business=business, gtin="08930000000017")
    owner = make_user(role=Role.BUSINESS, business=business)
    login_as(owner)
    assert b"Give the certificate number" in client.post("/business/technology", data={"kind": "haccp"}).data
    client.post("/business/technology", data={"kind": "haccp", "certificate_number": "HACCP-123",
                                              "expires_on": "2027-06-30"})
    client.post("/business/technology", data={"kind": "e_invoice", "detail": "VNPT Invoice"})
    page = client.get("/business/technology").data.decode()
    assert "Awaiting verification" in page and "1 product with a GTIN" in page

    _officer(login_as)
    uses = {u.kind: u for u in db.session.scalars(db.select(TechnologyUse))}
    client.post(f"/technology/{uses['haccp'].id}/verify", data={})
    assert b"Say why" in client.get(client.post(f"/technology/{uses['e_invoice'].id}/reject",
                                                data={"note": ""}).location).data
    client.post(f"/technology/{uses['e_invoice'].id}/reject", data={"note": "Chưa có hợp đồng"})
    db.session.expire_all()
    assert uses["haccp"].verified_at is not None and uses["e_invoice"].rejection_note == "Chưa có hợp đồng"

    login_as(owner)
    client.post(f"/business/technology/{uses['haccp'].id}", data={"kind": "haccp", "certificate_number": "HACCP-124",
                                                                  "expires_on": "2027-06-30"})
    db.session.refresh(uses["haccp"])
    assert uses["haccp"].verified_at is None, "a changed declaration is verified again"


def test_adoption_figures_count_verified_and_unexpired_declarations(app):
    from datetime import UTC, datetime

    end = date(2026, 11, 15)
    verified = datetime(2026, 1, 1, tzinfo=UTC)
    businesses = [make_business() for _ in range(4)]
    rows = [
        (businesses[0], TechnologyKind.HACCP, verified, date(2027, 1, 1)),
        (businesses[1], TechnologyKind.HACCP, verified, date(2026, 6, 1)),  # expired at the period end
        (businesses[2], TechnologyKind.HACCP, None, None),  # not verified
        (businesses[2], TechnologyKind.E_INVOICE, verified, None),
        (businesses[3], TechnologyKind.E_INVOICE, verified, None),
    ]
    for business, kind, verified_at, expires in rows:
        make_technology(business=business, kind=kind, certificate_number="X", verified_at=verified_at,
                        expires_on=expires)
    make_product(business=businesses[0])
    make_product(business=businesses[0], gtin="08930000000024")
    make_product(business=businesses[3])
    expected_haccp = sum(1 for _b, kind, v, e in rows if kind == TechnologyKind.HACCP and v and (e is None or e >= end))
    figures = adoption_figures(end)
    assert figures["haccp"] == expected_haccp == 1
    assert figures["e_invoice"] == 2 and figures["ocop"] == 0
    assert figures["qr_traceability"] == 2 and figures["gs1_on_products"] == 1
