"""The inspection register as inspectors, police, officers and businesses use it (plan task 5)."""

from __future__ import annotations

import io
import os
import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from tests import images
from tests.factories import (
    join_team,
    make_agency,
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_report,
    make_user,
    make_violation,
    valid_gtin,
)
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.inspections import checklist, services
from traceapp.inspections.checklist import CHECK_KEYS
from traceapp.models import (
    BatchStatus,
    CheckResult,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionStatus,
    Recall,
    ReportStatus,
    Role,
    TeamRole,
    User,
    ViolationStatus,
    ViolationStepAction,
)


def _checks(**overrides) -> dict[str, str]:
    values = {f"check_{key}": "pass" for key in CHECK_KEYS}
    values.update({f"check_{key}": value for key, value in overrides.items()})
    return values


def _inspector(**fields) -> User:
    return make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng Văn hóa – Xã hội"), **fields)


def _start(client, business, **extra):
    data = {
        "agency_id": business_agency_id(client),
        "kind": "unannounced",
        "fields": ["labelling", "quality"],
        "business_id": str(business.id),
        "started_at": "2026-11-24T08:30",
        **extra,
    }
    return client.post("/inspections/new", data=data)


def business_agency_id(client) -> int:
    return db.session.scalar(db.select(User.agency_id).where(User.role == Role.INSPECTOR).order_by(User.id.desc()))


def test_an_inspector_starts_an_inspection_found_by_business_name(client, login_as, english):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm", phone="0905123456")
    inspector = login_as(_inspector())
    page = client.post(
        "/inspections/new",
        data={
            "agency_id": inspector.agency_id,
            "kind": "periodic",
            "fields": ["metrology"],
            "business_query": "nuoc mam ba nam",
            "started_at": "2026-11-24T08:30",
            "search": "1",
        },
    )
    assert page.status_code == 200 and "Hộ kinh doanh Nước mắm Bà Năm" in page.data.decode()
    response = _start(client, business, latitude="14.81", longitude="108.95", decision_number="12/QĐ-UBND")
    assert response.status_code == 302
    inspection = db.session.scalar(db.select(Inspection))
    assert inspection.number == "KT-2026-0001" and inspection.business == business
    assert inspection.members[0].user == inspector and inspection.members[0].role == "leader"
    # 08:30 in Đức Phổ is 01:30 UTC.
    assert inspection.started_at.replace(tzinfo=None) == datetime(2026, 11, 24, 1, 30)
    assert inspection.latitude == pytest.approx(14.81)
    assert response.location.startswith(f"/inspections/{inspection.id}/items/new")
    assert _start(client, business).status_code == 302
    assert db.session.scalars(db.select(Inspection.number).order_by(Inspection.id)).all()[-1] == "KT-2026-0002"


def test_a_number_taken_meanwhile_is_drawn_again_and_the_whole_start_is_one_unit(client, login_as, monkeypatch):
    business = make_business()
    taken = make_inspection(number="KT-2026-0007")
    report = make_report()
    login_as(_inspector())
    numbers = iter(["KT-2026-0007", "KT-2026-0008"])
    monkeypatch.setattr(services, "_next_number", lambda year: next(numbers))

    response = _start(client, business, kind="complaint", report_id=str(report.id))

    assert response.status_code == 302
    started = db.session.scalar(db.select(Inspection).where(Inspection.id != taken.id))
    assert started.number == "KT-2026-0008" and len(started.members) == 1
    assert db.session.scalar(db.select(db.func.count(Inspection.id))) == 2
    db.session.refresh(report)
    assert report.inspection == started and report.status == ReportStatus.INSPECTING


def test_when_every_number_is_taken_nothing_is_written(client, login_as, english, monkeypatch):
    business = make_business()
    make_inspection(number="KT-2026-0007")
    report = make_report()
    login_as(_inspector())
    monkeypatch.setattr(services, "_next_number", lambda year: "KT-2026-0007")

    response = _start(client, business, kind="complaint", report_id=str(report.id))

    assert response.status_code == 200 and b"could not be numbered" in response.data
    assert db.session.scalar(db.select(db.func.count(Inspection.id))) == 1
    db.session.refresh(report)
    assert report.status == ReportStatus.NEW and report.inspection is None, "the report is not left half-linked"


def test_a_refused_header_change_leaves_the_stored_header_as_it_was(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, decision_number="12/QĐ", place_name="Sạp khô")
    data = {
        "agency_id": inspection.agency_id,
        "kind": "periodic",
        "fields": ["metrology"],
        "business_id": "999999",  # no such business: refused after part of the header was applied
        "decision_number": "99/QĐ",
        "started_at": "2026-11-24T08:30",
    }
    response = client.post(f"/inspections/{inspection.id}/edit", data=data)
    assert response.status_code == 200 and b"Choose the business from the list" in response.data
    db.session.expire_all()
    stored = db.session.get(Inspection, inspection.id)
    assert (stored.decision_number, stored.kind, stored.place_name) == ("12/QĐ", "unannounced", "Sạp khô")


def test_an_unregistered_place_needs_a_name(client, login_as, english):
    inspector = login_as(_inspector())
    data = {
        "agency_id": inspector.agency_id,
        "kind": "unannounced",
        "fields": ["labelling"],
        "started_at": "2026-11-24T08:30",
    }
    response = client.post("/inspections/new", data=data)
    assert response.status_code == 200 and b"give the name of the place" in response.data
    assert client.post("/inspections/new", data={**data, "fields": []}).status_code == 200
    assert db.session.scalar(db.select(db.func.count(Inspection.id))) == 0
    response = client.post("/inspections/new", data={**data, "place_name": "Sạp khô chợ Thạch Trụ"})
    assert response.status_code == 302


def test_items_are_checked_by_scanned_code_with_photos_stripped_of_gps(app, client, login_as, english):
    product = make_product(name="Mực khô Sa Huỳnh", gtin=valid_gtin(321))
    batch = make_batch(product=product, lot_code="MK-11")
    inspector = login_as(_inspector())
    inspection = make_inspection(business=product.business, created_by=inspector)
    scanned_link = f"https://truyxuat.ducpho.example/01/{product.gtin}/10/MK-11"
    form = client.get(f"/inspections/{inspection.id}/items/new?code={scanned_link}").data.decode()
    assert "Mực khô Sa Huỳnh" in form and "MK-11" in form
    photo = (io.BytesIO(images.jpeg_with_gps()), "hien-truong.jpg")
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        content_type="multipart/form-data",
        data={
            "code": scanned_link,
            **_checks(label_expiry="fail"),
            "note": "Không ghi hạn sử dụng",
            "photos": [photo],
        },
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(InspectionItem))
    assert item.batch == batch and item.result == CheckResult.FAIL and item.checks["label_expiry"] == "fail"
    served = client.get(f"/inspections/photos/{item.photos[0].file_name}")
    assert served.status_code == 200 and "private" in served.headers["Cache-Control"]
    image = Image.open(io.BytesIO(served.data))
    assert max(image.size) == 1600 and 0x8825 not in image.getexif()
    show = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "Mực khô Sa Huỳnh · MK-11" in show and "Failed: Expiry date" in show


def test_goods_without_a_code_are_described_in_words(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector)
    response = client.post(f"/inspections/{inspection.id}/items/new", data=_checks())
    assert response.status_code == 200 and b"describe the goods" in response.data
    response = client.post(f"/inspections/{inspection.id}/items/new", data={**_checks(), "code": "ZZZZ-ZZZZ"})
    assert b"No registered product or batch has the code" in response.data
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        data={**_checks(label_origin="fail"), "description": "Bột ngọt không nhãn, túi 1 kg"},
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(InspectionItem.description)) == "Bột ngọt không nhãn, túi 1 kg"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ((b"%PDF-1.4 not an image", "a.jpg"), b"not an image we can read"),
        ((images.decompression_bomb(), "bomb.png"), b"too many pixels"),
    ],
)
def test_bad_photos_save_nothing(app, client, login_as, english, upload, message):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector)
    good = (io.BytesIO(images.png()), "ok.png")
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        content_type="multipart/form-data",
        data={
            **_checks(),
            "description": "Nước mắm can 5 lít",
            "photos": [good, (io.BytesIO(upload[0]), upload[1])],
        },
    )
    assert response.status_code == 200 and message in response.data
    assert db.session.scalar(db.select(db.func.count(InspectionItem.id))) == 0
    assert db.session.scalar(db.select(db.func.count(InspectionPhoto.id))) == 0
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "inspections")
    assert not os.path.isdir(folder) or os.listdir(folder) == [], "the good photo saved first is removed again"


def test_an_oversize_photo_gets_a_clear_error(app, client, login_as, english):
    app.config["MAX_IMAGE_BYTES"] = 10_000
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector)
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        content_type="multipart/form-data",
        data={
            **_checks(),
            "description": "Muối",
            "photos": [(io.BytesIO(images.jpeg_with_gps()), "big.jpg")],
        },
    )
    assert response.status_code == 200 and b"The image is larger than" in response.data
    assert db.session.scalar(db.select(db.func.count(InspectionItem.id))) == 0


def test_violation_submit_and_the_public_warning(client, login_as, english):
    product = make_product(name="Nước mắm cá cơm 30 độ đạm")
    batch = make_batch(product=product, lot_code="NM-7")
    inspector = login_as(_inspector())
    inspection = make_inspection(business=product.business, created_by=inspector)
    item = make_item(
        inspection=inspection,
        batch=batch,
        checks={"label_expiry": "fail", "label_name": "pass"},
        result=CheckResult.FAIL,
    )
    data = {
        "category": "labels",
        "description": "Nhãn không ghi hạn sử dụng",
        "item_ids": [item.id],
        "measure": "fine",
        "remedy_deadline": "2026-12-15",
    }
    response = client.post(f"/inspections/{inspection.id}/violations/new", data=data)
    assert response.status_code == 200 and b"Enter the amount of the fine" in response.data
    assert (
        client.post(f"/inspections/{inspection.id}/violations/new", data={**data, "fine_vnd": "1500000"}).status_code
        == 302
    )
    assert client.get(f"/q/{batch.public_code}").data.decode().count("NOT conforming") == 0  # not yet submitted

    response = client.post(f"/inspections/{inspection.id}/submit", data={"conclusion": "Cơ sở vi phạm về nhãn."})
    assert response.status_code == 302
    db.session.refresh(inspection)
    assert inspection.status == InspectionStatus.SUBMITTED and inspection.result == CheckResult.FAIL
    public = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Found NOT conforming at the inspection of" in public and "Expiry date" in public
    assert inspection.agency.name in public
    # Read-only now: no new items, no header edits.
    refused = client.post(f"/inspections/{inspection.id}/items/new", data={**_checks(), "description": "x"})
    assert refused.status_code == 302
    assert db.session.scalar(db.select(db.func.count(InspectionItem.id))) == 1


def test_a_conforming_check_is_shown_as_such(client, login_as, english):
    batch = make_batch()
    inspection = make_inspection(business=batch.product.business)
    make_item(inspection=inspection, batch=batch)
    services.submit(inspection, inspection.created_by, "Đạt yêu cầu")
    public = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Conforming at the inspection of" in public and "NOT conforming" not in public


def test_a_failed_submit_writes_nothing(app, client, login_as, english, monkeypatch):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector)
    response = client.post(f"/inspections/{inspection.id}/submit", data={"conclusion": "Xong"})
    assert response.status_code == 302
    assert b"Add at least one checked item" in client.get(response.location).data
    make_item(inspection=inspection, description="Muối i-ốt")

    def broken_commit():
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.session(), "commit", broken_commit)  # the session the unit of work commits
    with pytest.raises(RuntimeError):
        services.submit(inspection, inspector, "Xong")
    monkeypatch.undo()
    db.session.rollback()
    stored = db.session.get(Inspection, inspection.id)
    assert stored.status == InspectionStatus.DRAFT and stored.submitted_at is None and stored.conclusion == ""


def test_a_correction_is_an_amendment_with_who_when_why(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector)
    make_item(inspection=inspection, description="Bánh tráng")
    services.submit(inspection, inspector, "Đạt")
    data = {"decision_number": "15/QĐ", "result": "pass", "conclusion": "Đạt", "reason": ""}
    assert b"Give the reason" in client.post(f"/inspections/{inspection.id}/amend", data=data).data
    unchanged = client.post(f"/inspections/{inspection.id}/amend", data={**data, "decision_number": "", "reason": "x"})
    assert b"Nothing was changed" in unchanged.data
    response = client.post(f"/inspections/{inspection.id}/amend", data={**data, "reason": "Thiếu số quyết định"})
    assert response.status_code == 302
    page = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "Thiếu số quyết định" in page and "“” → “15/QĐ”" in page and inspector.name in page


def test_two_team_members_adding_items_at_once_both_keep_them(app):
    inspection = make_inspection()
    second = make_user(role=Role.POLICE)
    join_team(inspection, second, TeamRole.POLICE)
    ids = (inspection.id, inspection.created_by_id, second.id)
    barrier = threading.Barrier(2)
    errors = []

    def add(user_id: int, label: str):
        with app.app_context():
            try:
                target = db.session.get(Inspection, ids[0])
                user = db.session.get(User, user_id)
                barrier.wait(timeout=10)
                services.add_item(target, user, description=label, checks={"label_name": "pass"})
            except Exception as exc:  # reported below; a thread's exception is otherwise lost
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=add, args=(ids[1], "Hàng của cán bộ")),
        threading.Thread(target=add, args=(ids[2], "Hàng của công an")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db.session.expire_all()
    names = set(db.session.scalars(db.select(InspectionItem.description).where(InspectionItem.inspection_id == ids[0])))
    assert names == {"Hàng của cán bộ", "Hàng của công an"}


def test_violation_handling_with_the_business_remedy(client, login_as, english):
    business = make_business()
    owner = make_user(role=Role.BUSINESS, business=business)
    inspector = _inspector()
    inspection = make_inspection(business=business, created_by=inspector)
    violation = make_violation(inspection=inspection, remedy_deadline=local_today() + timedelta(days=14))
    services.submit(inspection, inspector, "Vi phạm nhãn")

    login_as(owner)
    assert "Decree 43/2017/NĐ-CP" in client.get(f"/violations/{violation.id}").data.decode()  # its legal basis
    home = client.get("/business").data.decode()
    assert "Violations to remedy" in home and f"/violations/{violation.id}" in home
    page = client.get(f"/violations/{violation.id}").data.decode()
    assert "Report your remedy" in page
    assert (
        client.post(f"/violations/{violation.id}/remedy", data={"note": "Đã dán nhãn phụ có hạn sử dụng"}).status_code
        == 302
    )
    assert client.post(f"/violations/{violation.id}/remedied", data={}).status_code == 403

    login_as(inspector)
    assert "Remedy to confirm" in client.get("/violations").data.decode()
    client.post(f"/violations/{violation.id}/remedy_rejected", data={"note": ""})
    db.session.refresh(violation)
    assert violation.remedy_pending, "rejecting needs a note"
    client.post(f"/violations/{violation.id}/remedy_confirmed", data={"note": "Đã kiểm tra lại"})
    client.post(f"/violations/{violation.id}/closed", data={"note": ""})
    db.session.refresh(violation)
    assert violation.status == ViolationStatus.CLOSED
    assert [step.action for step in violation.steps] == [
        ViolationStepAction.REMEDY_REPORTED,
        ViolationStepAction.REMEDY_CONFIRMED,
        ViolationStepAction.CLOSED,
    ]
    assert client.post(f"/violations/{violation.id}/referred", data={"note": "x"}).status_code == 302
    db.session.refresh(violation)
    assert violation.status == ViolationStatus.CLOSED, "a closed violation takes no more steps"


def test_a_business_sees_its_own_submitted_inspections_read_only(client, login_as, english):
    business = make_business(name="Cơ sở Muối Sa Huỳnh")
    owner = make_user(role=Role.BUSINESS, business=business)
    submitted = make_inspection(business=business)
    make_item(inspection=submitted, description="Muối hạt")
    services.submit(submitted, submitted.created_by, "Đạt")
    draft = make_inspection(business=business)
    others = make_inspection(business=make_business())
    login_as(owner)
    listing = client.get("/inspections").data.decode()
    assert submitted.number in listing and draft.number not in listing and others.number not in listing
    page = client.get(f"/inspections/{submitted.id}")
    assert page.status_code == 200 and b"Check an item" not in page.data and b"Submit the inspection" not in page.data
    assert client.get(f"/inspections/{draft.id}").status_code == 404
    assert client.get(f"/inspections/{others.id}").status_code == 404


def test_an_officer_recalls_a_batch_and_the_public_page_turns_red(client, login_as, english):
    batch = make_batch(lot_code="R-1")
    officer = login_as(Role.OFFICER)
    page = client.get(f"/batches/{batch.id}").data.decode()
    assert f"/batches/{batch.id}/recall" in page
    assert b"Give the reason" in client.post(f"/batches/{batch.id}/recall", data={"recalled_on": "2026-11-24"}).data
    response = client.post(
        f"/batches/{batch.id}/recall", data={"reason": "Nhiễm khuẩn vượt mức cho phép", "recalled_on": "2026-11-24"}
    )
    assert response.status_code == 302
    recall = db.session.scalar(db.select(Recall))
    assert recall.batch == batch and recall.user == officer and recall.recalled_on == date(2026, 11, 24)
    assert db.session.get(type(batch), batch.id).status == BatchStatus.RECALLED
    public = client.get(f"/q/{batch.public_code}").data.decode()
    assert "This product has been recalled" in public and "Nhiễm khuẩn vượt mức cho phép" in public


def test_lists_filter_by_period_in_local_time_status_and_accentless_search(client, login_as, english):
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    inspector = _inspector()
    ours = inspector.agency  # the inspector's agency: its inspections are the inspector's to see
    # 23:30 on 31 October in Đức Phổ is 16:30 UTC the same day; 00:30 on 1 November is 17:30 UTC on 31 October.
    october = make_inspection(business=business, agency=ours, started_at=datetime(2026, 10, 31, 16, 30, tzinfo=UTC))
    november = make_inspection(business=business, agency=ours, started_at=datetime(2026, 10, 31, 17, 30, tzinfo=UTC))
    elsewhere = make_inspection(
        place_name="Sạp rau chợ Đức Phổ", agency=ours, started_at=datetime(2026, 11, 5, tzinfo=UTC)
    )
    make_violation(inspection=november)
    login_as(inspector)
    page = client.get("/inspections?from=2026-11-01&to=2026-11-30").data.decode()
    assert november.number in page and elsewhere.number in page and october.number not in page
    page = client.get("/inspections?q=nghe pho phong").data.decode()
    assert november.number in page and october.number in page and elsewhere.number not in page
    page = client.get("/inspections?to=2026-10-31&from=bad-date").data.decode()
    assert october.number in page and november.number not in page
    violations = client.get("/violations?category=labels&status=open&page=x").data.decode()
    assert "Hợp tác xã Nghệ Phổ Phong" in violations
    assert "No violation matches" in client.get("/violations?category=counterfeit").data.decode()


def test_my_work_shows_open_inspections_due_violations_and_new_reports(client, login_as, english):
    inspector = login_as(_inspector())
    mine = make_inspection(created_by=inspector, place_name="Quầy tạp hóa Cô Ba")
    submitted = make_inspection(business=make_business(name="Cơ sở Bánh tráng Năm Hà"), agency=inspector.agency)
    overdue = make_violation(inspection=submitted, remedy_deadline=local_today() - timedelta(days=2))
    services.submit(submitted, submitted.created_by, "Vi phạm")
    make_report(message="Cân thiếu 100 gam khi mua cá", status=ReportStatus.NEW)
    page = client.get("/work").data.decode()
    assert mine.number in page and "Quầy tạp hóa Cô Ba" in page
    assert "Cơ sở Bánh tráng Năm Hà" in page and "Overdue" in page and f"/violations/{overdue.id}" in page
    assert "Cân thiếu 100 gam khi mua cá" in page


def test_the_public_page_offers_an_inspector_to_inspect_the_item(client, login_as, english):
    batch = make_batch()
    assert b"Inspect this item" not in client.get(f"/q/{batch.public_code}").data
    inspector = login_as(_inspector())
    page = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Inspect this item" in page
    choose = client.get(f"/inspections/scan?code={batch.public_code}&choose=1").data.decode()
    assert "Start an inspection here" in choose
    draft = make_inspection(created_by=inspector)
    response = client.get(f"/inspections/scan?code={batch.public_code}")
    assert response.status_code == 302 and f"/inspections/{draft.id}/items/new" in response.location
    new = client.get(f"/inspections/new?code={batch.public_code}").data.decode()
    assert batch.product.business.name in new
    from_business_page = client.get(f"/inspections/new?business={batch.product.business_id}").data.decode()
    assert f'value="{batch.product.business_id}"' in from_business_page
    assert client.get("/inspections/scan?code=nothing-here").status_code == 404


def test_starting_from_a_consumer_report_links_it(client, login_as):
    batch = make_batch()
    report = make_report(batch=batch)
    inspector = login_as(_inspector())
    form = client.get(f"/inspections/new?report={report.id}").data.decode()
    assert f'value="{report.id}"' in form
    response = client.post(
        "/inspections/new",
        data={
            "agency_id": inspector.agency_id,
            "kind": "complaint",
            "fields": ["quality"],
            "report_id": str(report.id),
            "business_id": str(batch.product.business_id),
            "started_at": "2026-11-24T09:00",
        },
    )
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.INSPECTING and report.inspection is not None


# Checklists say only what was checked (issue 11, item 3).


def _radios(page: str) -> list[str]:
    return re.findall(r'<input[^>]*type="radio"[^>]*>', page)


def test_a_new_item_form_has_no_line_answered(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=["labelling", "quality"])
    page = client.get(f"/inspections/{inspection.id}/items/new").data.decode()
    radios = _radios(page)
    lines = checklist.lines_for(inspection.fields)
    assert len(radios) == 3 * len(lines) and lines
    assert not [radio for radio in radios if "checked" in radio], "no line starts answered"
    for answer in ("pass", "fail", "na"):
        assert sum(f'value="{answer}"' in radio for radio in radios) == len(lines)
    assert "Not applicable" in page
    # A batch of food does not pre-answer anything either (the old form started food lines as "pass").
    batch = make_batch()
    page = client.get(f"/inspections/{inspection.id}/items/new?code={batch.public_code}").data.decode()
    assert not [radio for radio in _radios(page) if "checked" in radio]


def test_an_item_saved_with_open_lines_blocks_the_submit_until_answered(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=["labelling"])
    answers = {f"check_{key}": "pass" for key in checklist.CHECK_KEYS if key != "label_expiry"}
    response = client.post(
        f"/inspections/{inspection.id}/items/new", data={**answers, "description": "Nước mắm chai 500 ml"}
    )
    assert response.status_code == 302, "a draft item may leave a line open"
    item = db.session.scalar(db.select(InspectionItem))
    assert "label_expiry" not in item.checks and item.result is None
    assert not any(key.startswith("quality_") for key in item.checks), "only the lines of the inspection's field"
    show = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "1 line not answered: Expiry date" in show and "Answer the open lines" in show

    response = client.post(f"/inspections/{inspection.id}/submit", data={"conclusion": "Đạt"})
    page = client.get(response.location).data.decode()
    assert "Item 1 (Nước mắm chai 500 ml): “Expiry date” has no answer" in page
    db.session.expire_all()
    stored = db.session.get(Inspection, inspection.id)
    assert stored.status == InspectionStatus.DRAFT and stored.result is None and stored.conclusion == ""
    assert stored.submitted_at is None and stored.items[0].result is None

    form = client.get(f"/inspections/{inspection.id}/items/{item.id}/edit").data.decode()
    checked = [radio for radio in _radios(form) if "checked" in radio]
    assert len(checked) == len(checklist.LABEL_CHECKS) - 1, "the answers given are kept, the open line is open"
    response = client.post(
        f"/inspections/{inspection.id}/items/{item.id}/edit",
        data={**answers, "check_label_expiry": "na", "note": "Hàng không phải thực phẩm"},
    )
    assert response.status_code == 302
    assert client.post(f"/inspections/{inspection.id}/submit", data={"conclusion": "Đạt"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Inspection, inspection.id)
    assert stored.status == InspectionStatus.SUBMITTED and stored.result == CheckResult.PASS
    assert stored.items[0].checks["label_expiry"] == "na" and stored.items[0].note == "Hàng không phải thực phẩm"


def test_a_line_added_by_a_new_field_must_be_answered_too(app):
    inspector = _inspector()
    inspection = make_inspection(created_by=inspector, fields=["labelling"])
    make_item(inspection=inspection, description="Bánh tráng")
    inspection.fields = ["labelling", "quality"]
    db.session.commit()
    # The refusal is a lazy translation: read in an English request, as the page would show it.
    with app.test_request_context("/?lang=en"), pytest.raises(services.InspectionError, match="Standard applied"):
        services.submit(inspection, inspector, "Đạt")
    assert db.session.get(Inspection, inspection.id).is_draft


def test_an_answer_outside_pass_fail_and_not_applicable_is_refused(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=["labelling"])
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        data={"check_label_name": "maybe", "description": "Muối"},
    )
    assert response.status_code == 200 and b"Choose pass, fail or not applicable" in response.data
    assert db.session.scalar(db.select(db.func.count(InspectionItem.id))) == 0


def test_not_applicable_everywhere_is_accepted_but_counts_as_nothing_checked(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=["quality"])
    data = {f"check_{check.key}": "na" for check in checklist.QUALITY_CHECKS}
    response = client.post(f"/inspections/{inspection.id}/items/new", data={**data, "description": "Rổ tre"})
    assert response.status_code == 302
    item = db.session.scalar(db.select(InspectionItem))
    assert item.result == CheckResult.NOT_APPLICABLE
    assert "nothing checked on a checklist" in client.get(f"/inspections/{inspection.id}").data.decode()
    services.submit(inspection, inspector, "Không có nội dung thuộc phạm vi kiểm tra")
    assert inspection.result == CheckResult.PASS, "every line answered and none failed"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {
                "quality_standard": "na",
                "quality_declaration": "na",
                "quality_cr_mark": "na",
                "quality_certificates": "na",
            },
            CheckResult.NOT_APPLICABLE,
        ),
        (
            {
                "quality_standard": "pass",
                "quality_declaration": "fail",
                "quality_cr_mark": "pass",
                "quality_certificates": "pass",
            },
            CheckResult.FAIL,
        ),
        (
            {
                "quality_standard": "pass",
                "quality_declaration": "pass",
                "quality_cr_mark": "na",
                "quality_certificates": "pass",
            },
            CheckResult.PASS,
        ),
        ({"quality_standard": "pass", "quality_declaration": "pass", "quality_cr_mark": "pass"}, None),
        ({"quality_standard": "na", "quality_declaration": "na", "quality_cr_mark": "na"}, None),
        ({"quality_declaration": "fail"}, CheckResult.FAIL),
        ({}, None),
    ],
    ids=[
        "all-na",
        "one-fail-among-passes",
        "passes-and-na",
        "one-unanswered",
        "na-and-unanswered",
        "fail-with-unanswered",
        "nothing-answered",
    ],
)
def test_the_result_counts_only_answered_lines(answers, expected):
    assert checklist.result_of(answers, checklist.QUALITY_CHECKS) == expected


def test_an_item_with_no_checklist_lines_has_checked_nothing_but_a_recorded_failure_stays():
    assert checklist.result_of({"label_name": "pass"}, ()) == CheckResult.NOT_APPLICABLE
    assert checklist.result_of({"label_name": "fail"}, ()) == CheckResult.FAIL
    assert checklist.result_of({"conformity": "fail"}, checklist.QUALITY_CHECKS) == CheckResult.FAIL


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (["labelling"], [check.key for check in checklist.LABEL_CHECKS]),
        (["quality"], ["quality_standard", "quality_declaration", "quality_cr_mark", "quality_certificates"]),
        (["metrology"], ["metrology_stamp", "metrology_certificate", "metrology_seal"]),
        (["prepackaged"], ["prepackaged_label_quantity"]),
        (
            ["metrology", "prepackaged"],
            ["metrology_stamp", "metrology_certificate", "metrology_seal", "prepackaged_label_quantity"],
        ),
        (["quality", "labelling"], [check.key for check in checklist.LABEL_CHECKS + checklist.QUALITY_CHECKS]),
        (
            ["labelling", "metrology", "labelling"],
            [check.key for check in checklist.LABEL_CHECKS]
            + ["metrology_stamp", "metrology_certificate", "metrology_seal"],
        ),
    ],
)
def test_the_checklist_follows_the_inspection_fields(fields, expected):
    keys = [check.key for check in checklist.lines_for(fields)]
    assert keys == expected and len(set(keys)) == len(keys)


def test_the_label_checklist_has_the_mandatory_label_contents(english, app):
    labels = {str(check.label) for check in checklist.LABEL_CHECKS}
    assert {
        "Name of the goods",
        "Name and address of the responsible organisation or person",
        "Origin of the goods",
        "Net quantity",
        "Production date",
        "Expiry date",
        "Ingredients",
        "Warnings",
        "Instructions for use and storage",
        "In Vietnamese",
    } <= labels
    quality = " ".join(str(check.label) for check in checklist.QUALITY_CHECKS)
    assert "Standard applied" in quality and "Conformity declaration" in quality and "CR mark" in quality
    assert "certificate" in quality


@pytest.mark.parametrize("fields", [["metrology"], ["prepackaged"], ["metrology", "prepackaged"]])
def test_metrology_and_prepackaged_ask_their_own_lines_not_the_label_ones(client, login_as, english, fields):
    """The lines answered by hand are asked on the item form; the computed ones (the weighing test, the lot's
    quantity) come from the figures entered on their own pages, so the item has no result until they are done."""
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=fields)
    page = client.get(f"/inspections/{inspection.id}/items/new").data.decode()
    hand = checklist.lines_for(fields)
    assert len(_radios(page)) == 3 * len(hand) and "Name of the goods" not in page
    assert "No checklist yet for" not in page
    response = client.post(
        f"/inspections/{inspection.id}/items/new",
        data={"check_label_name": "pass", "description": "Cân đồng hồ 5 kg", "note": "Cân lệch 50 g"}
        | {f"check_{line.key}": "pass" for line in hand},
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(InspectionItem))
    assert "label_name" not in item.checks, "a posted label answer is not kept"
    assert item.checks == {line.key: "pass" for line in hand} and item.result is None, "the computed line is open"


def test_labels_and_metrology_ask_both_checklists(client, login_as, english):
    inspector = login_as(_inspector())
    inspection = make_inspection(created_by=inspector, fields=["labelling", "metrology"])
    page = client.get(f"/inspections/{inspection.id}/items/new").data.decode()
    assert len(_radios(page)) == 3 * (len(checklist.LABEL_CHECKS) + 3) and "Standard applied" not in page
    assert "Verification stamp present and intact" in page and "No checklist yet" not in page


def test_an_old_submitted_inspection_keeps_its_answers(client, login_as, english):
    """Saved by the old form: every line, retired ones included, on a metrology inspection."""
    old = {
        "label_name": "pass",
        "label_expiry": "fail",
        "origin_papers": "pass",
        "conformity": "na",
        "measurement": "pass",
    }
    inspection = make_inspection(fields=["metrology"], status=InspectionStatus.SUBMITTED, result=CheckResult.FAIL)
    item = make_item(
        inspection=inspection, description="Nước mắm", checks=dict(old), result=CheckResult.FAIL, rest=None
    )
    login_as(inspection.created_by)
    page = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "Failed: Expiry date" in page
    for words in (
        "Invoices or papers proving the origin",
        "Standard applied / conformity declaration available",
        "Quantity or measurement correct",
    ):
        assert words in page
    assert "not answered" not in page
    db.session.expire_all()
    stored = db.session.get(InspectionItem, item.id)
    assert stored.checks == old and stored.result == CheckResult.FAIL


def test_an_item_is_answered_only_through_its_own_inspection(client, login_as):
    inspector = login_as(_inspector())
    draft = make_inspection(created_by=inspector)
    other = make_item(inspection=make_inspection(created_by=inspector), description="Muối")
    assert client.get(f"/inspections/{draft.id}/items/{other.id}/edit").status_code == 404
    submitted = make_inspection(created_by=inspector, status=InspectionStatus.SUBMITTED)
    item = make_item(inspection=submitted, description="Muối")
    response = client.post(f"/inspections/{submitted.id}/items/{item.id}/edit", data={"check_label_name": "fail"})
    assert response.status_code == 302 and db.session.get(InspectionItem, item.id).checks["label_name"] == "pass"
