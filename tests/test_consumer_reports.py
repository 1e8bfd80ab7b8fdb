"""Consumer reports: sent without an account, followed with a tracking code, triaged by the ward's staff."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from tests import images
from tests.factories import make_batch, make_inspection, make_product, make_report, make_user
from traceapp import codes
from traceapp.clock import utcnow
from traceapp.consumer_reports import services
from traceapp.consumer_reports.inputs import NewReport
from traceapp.consumer_reports.services import PHOTO_FOLDER
from traceapp.extensions import db
from traceapp.models import ConsumerReport, ReportKind, ReportStatus, Role

MESSAGE = "Chai nước mắm mua hôm qua đã hết hạn sử dụng từ tháng trước."


def _send(client, **fields):
    data = {"kind": "expired", "message": MESSAGE, "place": "Sạp số 12, chợ Đức Phổ", **fields}
    return client.post("/report", data=data, content_type="multipart/form-data")


def _reports() -> list[ConsumerReport]:
    return list(db.session.scalars(db.select(ConsumerReport)))


def _stored_photos(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], PHOTO_FOLDER)
    return os.listdir(folder) if os.path.isdir(folder) else []


# --- the consumer's side ----------------------------------------------------------------------------------


def test_the_scan_page_offers_to_report_the_product(client, english):
    batch = make_batch()
    page = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Report a problem with this product" in page
    assert f'href="/report?code={batch.public_code}"' in page


def test_a_report_from_a_scan_page_with_photo_and_phone(app, client, english):
    batch = make_batch(product=make_product(name="Nước mắm nhĩ Sa Huỳnh"), lot_code="L2610")
    form = client.get(f"/report?code={batch.public_code.lower()}").data.decode()
    assert "Nước mắm nhĩ Sa Huỳnh" in form and "L2610" in form and codes.display(batch.public_code) in form

    response = _send(
        client,
        code=batch.public_code,
        kind="counterfeit",
        phone="0905 123 456",
        place="",
        photo=(io.BytesIO(images.png()), "nhan.png"),
    )

    assert response.status_code == 302
    [report] = _reports()
    assert response.location == f"/report/{report.tracking_code}"
    assert (report.product, report.batch, report.kind) == (batch.product, batch, ReportKind.COUNTERFEIT)
    assert report.status == ReportStatus.NEW and report.message == MESSAGE
    assert report.contact_phone == "0905123456"
    assert _stored_photos(app) == [report.photo_name]
    page = client.get(response.location).data.decode()
    assert codes.display(report.tracking_code) in page and "Received" in page and "Date received" in page
    assert "The ward has received your report" in page and "Nước mắm nhĩ Sa Huỳnh" in page
    assert "0905123456" not in page and "0905 123 456" not in page, "the phone number is never shown publicly"


def test_a_report_without_a_code_needs_the_place_and_nothing_else(client, english):
    response = _send(client, place="")
    assert response.status_code == 200 and b"Say where you bought it" in response.data
    assert _reports() == []

    assert _send(client, kind="short_weight").status_code == 302
    [report] = _reports()
    assert report.product is None and report.place == "Sạp số 12, chợ Đức Phổ"
    assert report.contact_phone is None and report.photo_name is None and report.kind == ReportKind.SHORT_WEIGHT


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"message": "Hết hạn"}, b"Write between 10 and 2000 characters"),
        ({"message": "x" * 2001}, b"Write between 10 and 2000 characters"),
        ({"message": "   "}, b"Describe the problem."),
        ({"kind": ""}, b"Choose what is wrong with the product"),
        ({"kind": "bad"}, b"Not a valid choice"),
        ({"phone": "12345"}, b"Enter a Vietnamese phone number"),
        ({"code": "not a code!"}, b"Type the 8-character code printed under the QR"),
        ({"code": "ABCD-2345"}, b"No product or batch has the code ABCD-2345"),
    ],
)
def test_bad_fields_are_shown_next_to_the_field_and_nothing_is_saved(client, english, fields, message):
    response = _send(client, **fields)
    assert response.status_code == 200
    assert message in response.data
    assert _reports() == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ((b"%PDF-1.4 not an image", "hoa-don.pdf"), b"This file is not an image we can read"),
        ((images.decompression_bomb(), "bomb.png"), b"too many pixels"),
    ],
)
def test_a_refused_photo_is_explained_and_no_report_is_written(app, client, english, upload, message):
    response = _send(client, photo=(io.BytesIO(upload[0]), upload[1]))
    assert response.status_code == 200
    assert message in response.data and b'id="photo-err"' in response.data
    assert _reports() == [] and _stored_photos(app) == []


@pytest.mark.parametrize("app_config", [{"MAX_IMAGE_BYTES": 50_000}])
def test_an_oversize_photo_is_refused(app, client, english):
    response = _send(client, photo=(io.BytesIO(images.jpeg_with_gps()), "to.jpg"))
    assert response.status_code == 200 and b"The image is larger than" in response.data
    assert _reports() == [] and _stored_photos(app) == []


def test_a_photo_loses_its_gps_position_and_is_shrunk(app, client):
    original = Image.open(io.BytesIO(images.jpeg_with_gps()))
    assert original.getexif().get_ifd(0x8825), "the test image does carry a GPS position"

    assert _send(client, photo=(io.BytesIO(images.jpeg_with_gps()), "IMG_0001.jpg")).status_code == 302

    [report] = _reports()
    stored = Image.open(os.path.join(app.config["UPLOAD_FOLDER"], PHOTO_FOLDER, report.photo_name))
    assert stored.format == "JPEG" and max(stored.size) <= 1600
    assert len(stored.getexif()) == 0 and "exif" not in stored.info


def test_a_tracking_code_already_taken_is_drawn_again(app, client, monkeypatch):
    taken = make_report()
    drawn = iter([taken.tracking_code, "7777ZZZZ"])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    response = _send(client, photo=(io.BytesIO(images.png()), "a.png"))
    assert response.status_code == 302 and response.location == "/report/7777ZZZZ"
    assert len(_reports()) == 2 and len(_stored_photos(app)) == 1


def test_a_report_that_fails_after_its_photo_is_stored_leaves_neither_row_nor_photo(app, monkeypatch):
    def broken(phone):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "normalise_phone", broken)  # runs inside the unit, after the photo is stored
    photo = FileStorage(io.BytesIO(images.png()), filename="a.png")
    new = NewReport(kind=ReportKind.EXPIRED, message=MESSAGE, place="Chợ Đức Phổ", phone="0905123456", photo=photo)

    with pytest.raises(RuntimeError):
        services.submit_report(new)

    assert _reports() == [] and _stored_photos(app) == []


def test_a_filled_honeypot_is_refused(client, english):
    response = _send(client, website="http://cheap-pills.example")
    assert response.status_code == 400 and b"could not be accepted" in response.data
    assert b"cheap-pills" not in response.data, "the trap is emptied for a person who filled it by mistake"
    assert _reports() == []


@pytest.mark.parametrize("app_config", [{"REPORT_RATE_LIMIT": "2 per hour"}])
def test_reports_are_rate_limited_per_address_with_a_clear_page(client, english):
    assert _send(client, message="short").status_code == 200, "a form sent back for correction does not count"
    assert [_send(client).status_code for _ in range(2)] == [302, 302]

    refused = _send(client)

    assert refused.status_code == 429
    page = refused.data.decode()
    assert "You have sent several reports in a short time" in page and "try again later" in page
    assert len(_reports()) == 2
    assert client.get("/report").status_code == 200, "only sending is limited"


def test_the_tracking_page_shows_status_and_reply_but_nothing_personal(client, english):
    report = make_report(
        status=ReportStatus.RESOLVED,
        reply="Đã kiểm tra và xử phạt cơ sở bán hàng hết hạn.",
        contact_phone="0905123456",
        place="Nhà bà Lan, tổ 3",
        resolved_at=utcnow(),
    )
    page = client.get(f"/report/{report.tracking_code}").data.decode()
    assert "Resolved" in page and "Đã kiểm tra và xử phạt cơ sở bán hàng hết hạn." in page
    assert codes.display(report.tracking_code) in page and "Date answered" in page
    for private in ("0905123456", "Nhà bà Lan", report.message):
        assert private not in page


def test_tracking_codes_can_be_typed_loosely(client, english):
    report = make_report()
    loose = f"{report.tracking_code[:4].lower()}-{report.tracking_code[4:].lower()}"
    assert client.get("/report/track").status_code == 200
    typed = client.get(f"/report/track?code= {loose} ")
    assert typed.status_code == 302 and typed.location == f"/report/{report.tracking_code}"
    redirected = client.get(f"/report/{loose}")
    assert redirected.status_code == 301 and redirected.location == f"/report/{report.tracking_code}"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/report/track?code=ABCD-2345", 404, b"No report has the tracking code ABCD-2345"),
        ("/report/ABCD2345", 404, b"No report has the tracking code ABCD-2345"),
        ("/report/track?code=12%3F", 400, b"A tracking code has 8 letters and digits"),
        ("/report/not-a-code!", 400, b"is not a tracking code"),
    ],
)
def test_unknown_tracking_codes_get_a_404_and_malformed_ones_a_400(client, english, url, status, message):
    response = client.get(url)
    assert response.status_code == status and message in response.data


# --- the ward's side --------------------------------------------------------------------------------------


def test_staff_see_the_report_with_contact_and_photo(app, client, login_as, english):
    assert _send(client, phone="0905123456", photo=(io.BytesIO(images.png()), "a.png")).status_code == 302
    [report] = _reports()
    login_as(Role.INSPECTOR)
    page = client.get(f"/consumer-reports/{report.id}").data.decode()
    assert "0905123456" in page and MESSAGE in page and codes.display(report.tracking_code) in page
    assert f"/inspections/new?report={report.id}" in page, "an inspector can start an inspection from it"
    photo = client.get(f"/consumer-reports/photos/{report.photo_name}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and "private" in photo.headers["Cache-Control"]
    assert client.get("/consumer-reports/photos/..%2Fsecret.jpg").status_code == 404
    assert client.get("/consumer-reports/photos/" + "0" * 24 + ".jpg").status_code == 404


def test_an_officer_sees_no_start_inspection_button(client, login_as):
    report = make_report()
    login_as(Role.OFFICER)
    assert f"/inspections/new?report={report.id}" not in client.get(f"/consumer-reports/{report.id}").data.decode()


def test_assign_to_an_inspector_or_to_oneself(client, login_as, english):
    report = make_report()
    colleague = make_user(role=Role.POLICE, name="Lê Văn Cường")
    business_user = make_user(role=Role.BUSINESS)
    officer = login_as(Role.OFFICER)
    assert "Lê Văn Cường" in client.get(f"/consumer-reports/{report.id}").data.decode()

    refused = client.post(f"/consumer-reports/{report.id}/assign", data={"assignee": business_user.id})
    assert refused.status_code == 200 and b"Choose an active inspector or police officer" in refused.data
    assert report.assigned_to is None and report.status == ReportStatus.NEW

    assert client.post(f"/consumer-reports/{report.id}/assign", data={"assignee": colleague.id}).status_code == 302
    assert report.assigned_to == colleague and report.status == ReportStatus.TRIAGED
    assert client.post(f"/consumer-reports/{report.id}/assign", data={"assignee": officer.id}).status_code == 302
    assert report.assigned_to == officer


def test_link_to_an_inspection_by_its_number(client, login_as, english):
    report = make_report()
    inspection = make_inspection(number="KT-2026-0012")
    inspector = login_as(Role.INSPECTOR)

    unknown = client.post(f"/consumer-reports/{report.id}/link", data={"number": "KT-2026-9999"})
    assert unknown.status_code == 200 and b"No inspection has the number KT-2026-9999" in unknown.data
    assert report.inspection is None and report.status == ReportStatus.NEW

    response = client.post(f"/consumer-reports/{report.id}/link", data={"number": " kt-2026-0012 "})
    assert response.status_code == 302
    assert report.inspection == inspection and report.status == ReportStatus.INSPECTING
    assert report.assigned_to == inspector, "whoever links it takes it when nobody had"
    assert "Under inspection" in client.get(f"/report/{report.tracking_code}").data.decode()


def test_resolve_with_a_reply_the_consumer_reads(client, login_as, english):
    report = make_report(contact_phone="0905123456")
    inspector = login_as(Role.INSPECTOR)
    reply = "Đoàn kiểm tra đã thu hồi lô hàng hết hạn tại sạp số 12."
    assert client.post(f"/consumer-reports/{report.id}/resolve", data={"reply": reply}).status_code == 302
    assert report.status == ReportStatus.RESOLVED and report.reply == reply
    assert report.resolved_by == inspector and report.resolved_at is not None

    client.post("/logout")
    public = client.get(f"/report/{report.tracking_code}").data.decode()
    assert reply in public and "Resolved" in public and "0905123456" not in public


def test_reject_requires_a_reply_and_a_closed_report_stays_closed(client, login_as, english):
    report = make_report()
    login_as(Role.POLICE)
    empty = client.post(f"/consumer-reports/{report.id}/reject", data={"reply": "  "})
    assert empty.status_code == 200 and b"Write a reply to the person who sent the report" in empty.data
    assert report.status == ReportStatus.NEW and report.resolved_at is None

    reply = "Sản phẩm trong ảnh còn hạn sử dụng; không có vi phạm."
    assert client.post(f"/consumer-reports/{report.id}/reject", data={"reply": reply}).status_code == 302
    assert report.status == ReportStatus.REJECTED and report.reply == reply

    again = client.post(f"/consumer-reports/{report.id}/resolve", data={"reply": "Khác"}, follow_redirects=True)
    assert b"has been closed and can no longer be changed" in again.data
    assert report.status == ReportStatus.REJECTED and report.reply == reply


def _titles(client, query: str = "") -> set[str]:
    page = client.get(f"/consumer-reports{query}").data.decode()
    return {report.message for report in _reports() if report.message in page}


def test_the_list_filters_by_status_kind_period_and_assignee_and_searches(client, login_as, english):
    me = make_user(role=Role.INSPECTOR)
    fish = make_product(name="Nước mắm cá cơm Đức Phổ")
    old = make_report(
        message="Muối i-ốt vón cục, bao bì rách",
        kind=ReportKind.POOR_QUALITY,
        created_at=datetime(2026, 1, 10, 3, tzinfo=UTC),
    )
    expired = make_report(
        message="Nước mắm quá hạn",
        product=fish,
        status=ReportStatus.TRIAGED,
        assigned_to=me,
        created_at=datetime(2026, 3, 5, 3, tzinfo=UTC),
    )
    weight = make_report(
        message="Cân thiếu 200 gram",
        kind=ReportKind.SHORT_WEIGHT,
        place="Chợ Thạch Trụ",
        created_at=datetime(2026, 3, 20, 3, tzinfo=UTC),
    )
    login_as(me)
    everything = client.get("/consumer-reports").data.decode()
    assert everything.index(weight.message) < everything.index(expired.message) < everything.index(old.message)

    assert _titles(client, "?status=triaged") == {expired.message}
    assert _titles(client, "?kind=short_weight") == {weight.message}
    assert _titles(client, "?mine=1") == {expired.message}
    assert _titles(client, "?from=2026-03-01&to=2026-03-05") == {expired.message}
    assert _titles(client, "?from=2026-03-06") == {weight.message}
    assert _titles(client, "?q=vón cục") == {old.message}
    assert _titles(client, "?q=Thạch Trụ") == {weight.message}
    assert _titles(client, "?q=nuoc mam ca com") == {expired.message}, "product names match without accents"
    code = weight.tracking_code
    assert _titles(client, f"?q={code[:4].lower()}-{code[4:]}") == {weight.message}
    assert _titles(client, "?status=bogus&from=not-a-date") == {old.message, expired.message, weight.message}
    assert b"No report matches these filters" in client.get("/consumer-reports?q=zzzz").data


def test_the_list_has_an_empty_state_and_pages(app, client, login_as, english):
    login_as(Role.OFFICER)
    assert b"No consumer has sent a report yet" in client.get("/consumer-reports").data
    for n in range(app.config["PER_PAGE"] + 1):
        make_report(message=f"Phản ánh số {n:02d} về hàng kém chất lượng")
    first = client.get("/consumer-reports").data.decode()
    assert "Phản ánh số 20" in first and "Phản ánh số 00" not in first and "Page 1 of 2" in first
    assert "Phản ánh số 00" in client.get("/consumer-reports?page=2").data.decode()
