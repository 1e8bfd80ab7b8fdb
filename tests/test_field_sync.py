"""Sending an inspection recorded offline (POST /field/sync): through the inspection services, one unit of work,
idempotent by the phone's ids, and the written conflict rule (docs/architecture.md, "Offline work and sync")."""

from __future__ import annotations

import io
import json
import os
import uuid

import pytest
from sqlalchemy import func, select

from tests.factories import join_team, make_batch, make_business, make_product, make_user
from tests.images import jpeg_with_gps
from traceapp import clock
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.inspections.services import update_item
from traceapp.models import (
    AuditEntry,
    CheckResult,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionStatus,
    Role,
    Violation,
)

LABEL_LINES = [check.key for check in checklist.lines_for(["labelling"])]


def ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def all_pass(**changed: str) -> dict[str, str]:
    return {key: changed.get(key, "pass") for key in LABEL_LINES}


def started() -> str:
    return clock.local_now().strftime("%Y-%m-%dT%H:%M")


def payload(cid: str, *, business_id=None, items=(), violations=(), submit=None) -> dict:
    return {
        "client_id": cid,
        "header": {
            "kind": "unannounced",
            "fields": ["labelling"],
            "started_at": started(),
            "business_id": business_id,
            "place_name": "" if business_id else "Sạp chị Hoa, chợ Thạch Trụ",
        },
        "items": list(items),
        "violations": list(violations),
        "submit": submit,
    }


def send(client, body: dict, photos: dict[str, bytes] | None = None):
    data = {"payload": json.dumps(body)}
    for cid, content in (photos or {}).items():
        data[f"photo:{cid}"] = (io.BytesIO(content), f"{cid}.jpg", "image/jpeg")
    return client.post("/field/sync", data=data, content_type="multipart/form-data")


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def photo_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "inspections")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.fixture
def inspector(login_as):
    return login_as(Role.INSPECTOR)


@pytest.fixture
def whole_inspection():
    """A business, one registered batch, and the phone's record of a whole inspection of it, submitted."""
    business = make_business(name="Tạp hóa Minh Châu")
    batch = make_batch(product=make_product(business=business, name="Nước mắm Sa Huỳnh"))
    inspection_id, known_item, unknown_item, violation_id, photo_a, photo_b = ids(6)
    body = payload(
        inspection_id,
        business_id=business.id,
        items=[
            {
                "client_id": known_item,
                "code": batch.public_code.lower(),
                "checks": all_pass(label_expiry="fail"),
                "note": "Hết hạn 3 chai",
                "photos": [photo_a, photo_b],
                "known": {},
            },
            {"client_id": unknown_item, "code": "ZZZZ-9999", "description": "Bánh tráng", "checks": all_pass()},
        ],
        violations=[
            {
                "client_id": violation_id,
                "category": "expired",
                "measure": "fine",
                "description": "Bán nước mắm quá hạn sử dụng",
                "items": [known_item],
                "fine_vnd": 1500000,
            }
        ],
        submit={"conclusion": "Cơ sở bán hàng quá hạn."},
    )
    photos = {photo_a: jpeg_with_gps((2000, 1500)), photo_b: jpeg_with_gps((800, 600))}
    return body, photos, batch


def test_a_whole_inspection_made_offline_is_recorded_once_through_the_services(
    app, client, inspector, whole_inspection
):
    body, photos, batch = whole_inspection

    response = send(client, body, photos)

    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    inspection = db.session.get(Inspection, answer["inspection"]["id"])
    assert inspection.client_id == body["client_id"]
    assert inspection.number.startswith("KT-") and inspection.status == InspectionStatus.SUBMITTED
    assert inspection.result == CheckResult.FAIL and inspection.conclusion == "Cơ sở bán hàng quá hạn."
    assert [member.user_id for member in inspection.members] == [inspector.id]  # the sender leads, as online
    known, unknown = inspection.items
    assert known.batch_id == batch.id and known.result == CheckResult.FAIL and len(known.photos) == 2
    # A code nobody registered is kept in the item, and the phone is told.
    assert unknown.product_id is None and "ZZZZ-9999" in unknown.description
    assert any("ZZZZ-9999" in note for note in answer["notes"])
    (violation,) = inspection.violations
    assert violation.items == [known] and violation.fine_vnd == 1500000
    assert set(answer["photos"]) == set(photos) and len(photo_files(app)) == 2
    # The audit trail has the records as an online save would.
    assert count(AuditEntry) > 0


def test_sending_the_same_record_again_creates_nothing_new(app, client, inspector, whole_inspection):
    body, photos, _batch = whole_inspection
    first = send(client, body, photos).get_json()

    again = send(client, body, photos)

    assert again.status_code == 200
    answer = again.get_json()
    assert answer["inspection"]["id"] == first["inspection"]["id"]
    assert answer["items"].keys() == first["items"].keys()
    assert {cid: item["id"] for cid, item in answer["items"].items()} == {
        cid: item["id"] for cid, item in first["items"].items()
    }
    assert answer["violations"] == first["violations"] and answer["photos"] == first["photos"]
    assert answer["not_applied"] == []  # the same values: nothing to report
    assert (count(Inspection), count(InspectionItem), count(Violation), count(InspectionPhoto)) == (1, 2, 1, 2)
    assert len(photo_files(app)) == 2


def test_a_refusal_writes_nothing_and_answers_the_services_message(app, client, inspector):
    inspection_id, item_id, photo_id = ids(3)
    unanswered = {key: "pass" for key in LABEL_LINES[1:]}
    body = payload(
        inspection_id,
        items=[{"client_id": item_id, "description": "Kẹo dừa", "checks": unanswered, "photos": [photo_id]}],
        submit={"conclusion": ""},
    )

    response = send(client, body, {photo_id: jpeg_with_gps((640, 480))})

    assert response.status_code == 422
    assert "has no answer" in response.get_json()["error"] or "chưa" in response.get_json()["error"]
    assert (count(Inspection), count(InspectionItem), count(InspectionPhoto)) == (0, 0, 0)
    assert photo_files(app) == []  # the photo written for the refused unit is gone again

    body["items"][0]["checks"] = all_pass()
    assert send(client, body, {photo_id: jpeg_with_gps((640, 480))}).status_code == 200
    assert (count(Inspection), count(InspectionItem), count(InspectionPhoto)) == (1, 1, 1)


def test_a_malformed_record_is_refused_with_400(client, inspector):
    assert send(client, {"client_id": "not-a-uuid"}).status_code == 400
    body = payload(str(uuid.uuid4()))
    body["header"]["fields"] = []
    assert send(client, body).status_code == 400
    assert count(Inspection) == 0


def _draft_on_server(client, item_checks: dict[str, str]) -> tuple[dict, dict]:
    inspection_id, item_id = ids(2)
    body = payload(inspection_id, items=[{"client_id": item_id, "description": "Nước tương", "checks": item_checks}])
    answer = send(client, body).get_json()
    return body, answer


def test_a_line_changed_on_the_server_since_the_phone_saw_it_keeps_the_server_value(app, client, inspector):
    body, answer = _draft_on_server(client, all_pass())
    inspection = db.session.get(Inspection, answer["inspection"]["id"])
    teammate = make_user(role=Role.INSPECTOR, agency=inspector.agency, name="Lê Văn Tư")
    join_team(inspection, teammate)
    item = inspection.items[0]
    update_item(inspection, teammate, item.id, checks=all_pass(label_origin="fail"), note="Tư: thiếu xuất xứ")

    # The phone, which last saw every line "pass", changes two lines and the note.
    sent = body["items"][0]
    sent["checks"] = all_pass(label_origin="na", label_legible="fail")
    sent["note"] = "Nhãn mờ"
    sent["known"] = {**{f"checks:{key}": ["pass"] for key in LABEL_LINES}, "note": [""]}
    response = send(client, body)

    assert response.status_code == 200
    db.session.expire_all()
    item = db.session.get(InspectionItem, item.id)
    assert item.checks["label_origin"] == "fail"  # the teammate's answer stands
    assert item.checks["label_legible"] == "fail"  # nobody else touched this line: the phone's answer is taken
    assert item.note == "Tư: thiếu xuất xứ"
    not_applied = response.get_json()["not_applied"]
    assert len(not_applied) == 2
    origin = next(entry for entry in not_applied if checklist.label_of("label_origin") in entry["what"])
    assert origin["phone"] == str(CheckResult.NOT_APPLICABLE.label) and origin["server"] == str(CheckResult.FAIL.label)
    assert any(entry["phone"] == "Nhãn mờ" and entry["server"] == "Tư: thiếu xuất xứ" for entry in not_applied)
    # The phone is given the server's values to show from now on.
    assert response.get_json()["items"][sent["client_id"]]["checks"]["label_origin"] == "fail"


def test_a_retry_after_a_lost_answer_is_not_taken_for_someone_elses_change(client, inspector):
    body, _answer = _draft_on_server(client, all_pass())  # the answer never reached the phone
    sent = body["items"][0]
    sent["known"] = {**{f"checks:{key}": ["pass"] for key in LABEL_LINES}, "note": [""]}
    sent["checks"] = all_pass(label_name="fail")

    response = send(client, body)

    assert response.get_json()["not_applied"] == []
    assert (
        db.session.get(InspectionItem, response.get_json()["items"][sent["client_id"]]["id"]).checks["label_name"]
        == "fail"
    )


def test_a_submitted_inspection_on_the_server_wins(client, inspector):
    body, answer = _draft_on_server(client, all_pass())
    from traceapp.inspections.services import submit

    submit(db.session.get(Inspection, answer["inspection"]["id"]), inspector, "Đạt")
    new_item, new_violation = ids(2)
    body["items"][0]["checks"] = all_pass(label_name="fail")
    body["items"][0]["known"] = {f"checks:{key}": ["pass"] for key in LABEL_LINES}
    body["items"].append({"client_id": new_item, "description": "Bột ngọt", "checks": all_pass()})
    body["violations"].append(
        {"client_id": new_violation, "category": "labels", "measure": "warning", "description": "Nhãn thiếu"}
    )

    response = send(client, body)

    assert response.status_code == 200
    assert (count(InspectionItem), count(Violation)) == (1, 0)
    what = [entry["phone"] for entry in response.get_json()["not_applied"]]
    assert len(what) == 3  # the changed line, the new item, the new violation: listed, not dropped
    assert response.get_json()["inspection"]["status"] == "submitted"


def test_the_team_rule_applies_to_a_phones_record(client, login_as, inspector):
    body, _answer = _draft_on_server(client, all_pass())
    same_agency = make_user(role=Role.INSPECTOR, agency=inspector.agency)
    login_as(same_agency)
    body["items"].append({"client_id": str(uuid.uuid4()), "description": "Muối", "checks": all_pass()})
    assert send(client, body).status_code == 422  # sees it, not on its team: the service refuses
    login_as(Role.POLICE)  # another agency: does not see it at all
    assert send(client, body).status_code == 404
    assert count(InspectionItem) == 1


def test_the_bootstrap_carries_every_checklist_line_and_the_wards_businesses(client, inspector):
    business = make_business(name="Hợp tác xã Muối Sa Huỳnh")
    product = make_product(business=business, name="Muối hạt")

    data = client.get("/field/bootstrap.json").get_json()

    assert [line["key"] for line in data["checklists"]["lines"]] == [check.key for check in checklist.CHECKS]
    assert all(line["fields"] for line in data["checklists"]["lines"])
    assert {"id": business.id, "name": business.name} in [
        {"id": b["id"], "name": b["name"]} for b in data["businesses"]
    ]
    assert data["codes"][product.public_code]["name"] == "Muối hạt"
    assert data["user"]["id"] == inspector.id


@pytest.fixture
def app_config():
    return {}


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_sync_needs_the_csrf_token_and_our_origin(client, login_as, app_config):
    from tests.factories import PASSWORD

    user = make_user(role=Role.INSPECTOR)
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"identifier": user.phone, "password": PASSWORD, "csrf_token": token})
    body = payload(str(uuid.uuid4()), items=[{"client_id": str(uuid.uuid4()), "description": "Mắm", "checks": {}}])
    data = {"payload": json.dumps(body)}

    assert client.post("/field/sync", data=data).status_code == 400  # no token
    fresh = client.get("/field/session.json").get_json()
    assert fresh["user_id"] == user.id
    headers = {"X-CSRFToken": fresh["csrf_token"]}
    foreign = client.post("/field/sync", data=data, headers={**headers, "Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert count(Inspection) == 0
    accepted = client.post("/field/sync", data=data, headers=headers)
    assert accepted.status_code == 200, accepted.get_data(as_text=True)[:300]
    assert count(Inspection) == 1


def test_a_draft_started_online_is_carried_on_by_its_server_ids(client, inspector):
    from tests.factories import make_inspection, make_item

    inspection = make_inspection(created_by=inspector, fields=["labelling"])
    item = make_item(inspection=inspection, description="Dầu ăn", rest=None)
    draft = client.get("/field/bootstrap.json").get_json()["drafts"][0]
    assert draft["server_id"] == inspection.id and draft["items"][0]["server_id"] == item.id
    phone_id, phone_item = ids(2)  # the phone's own ids for records that have none
    body = payload(phone_id, items=[{"client_id": phone_item, "checks": all_pass(), "known": {}}])
    body["server_id"] = inspection.id
    body["header"] = draft["header"]
    body["items"][0]["server_id"] = item.id
    body["items"].append({"client_id": str(uuid.uuid4()), "description": "Nước ngọt", "checks": all_pass()})

    response = send(client, body)

    assert response.status_code == 200 and response.get_json()["inspection"]["id"] == inspection.id
    db.session.expire_all()
    assert db.session.get(InspectionItem, item.id).checks == all_pass()  # nothing answered on the server: taken
    assert (count(Inspection), count(InspectionItem)) == (1, 2)
    stranger = payload(str(uuid.uuid4()))
    stranger["server_id"] = 2**31 - 1
    assert send(client, stranger).status_code == 404


@pytest.mark.parametrize(
    "hostile",
    [
        "[" * 100_000,
        json.dumps({**payload(str(uuid.uuid4())), "items": "all"}),
        json.dumps(
            {
                **payload(str(uuid.uuid4())),
                "header": {"kind": "periodic", "fields": ["quality"], "started_at": "2026-13-45T99:99"},
            }
        ),
        json.dumps({**payload(str(uuid.uuid4())), "violations": [{"client_id": str(uuid.uuid4()), "category": "x"}]}),
        json.dumps(payload(str(uuid.uuid4()))).replace('"place_name": "', '"place_name": "\\u0000'),
        json.dumps({**payload(str(uuid.uuid4())), "items": [{"client_id": str(uuid.uuid4()), "known": {"a": 1}}]}),
    ],
)
def test_a_hostile_payload_is_a_400_never_a_500(client, inspector, hostile):
    response = client.post("/field/sync", data={"payload": hostile})
    assert response.status_code == 400 and response.get_json()["error"]
    assert count(Inspection) == 0
