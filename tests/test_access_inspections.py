"""Authorisation matrix of the inspection register, in two dimensions.

By role (``MATRIX``): inspectors and police start inspections; the office (officer, administrator) reads every
one; a business reads its own submitted records (another business's are 404) and reports its remedies; the
officer recalls. The staff users of this matrix are on no team and of an agency of their own, so an inspector
or a police officer of another agency does not even see the inspections (404), and the officer, who sees
everything, may change nothing (403).

By team (``TEAM_MATRIX``): every endpoint that changes an inspection or its violations, the GET of each edit
page included, for an inspector, a police officer and the officer who is a member of the team (even from another
agency), who is of the inspection's agency but not on the team, or who is neither. Only members get through;
a non-member who may read the inspection gets 403, one who may not see it 404, and a refused request writes
nothing to the audit trail.
"""

from __future__ import annotations

import os

import pytest

from tests import drawings
from tests.access import (
    ADMIN,
    INSPECTOR,
    MEMBER,
    OFFICER,
    OTHER_AGENCY,
    OTHER_BIZ,
    OWNER,
    POLICE,
    RELATIONS,
    SAME_AGENCY,
    STAFF,
    TEAM_ROLES,
    cases,
    check,
    expect,
    only,
    team_status,
)
from tests.factories import (
    join_team,
    make_agency,
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_user,
    make_violation,
)
from tests.images import png
from tests.test_access_metrology_checks import TEAM_MATRIX as METROLOGY_TEAM_MATRIX  # its own world
from traceapp.extensions import db
from traceapp.inspections import services
from traceapp.models import Agency, AuditEntry, Inspection, InspectionMember, InspectionPhoto, Role, TeamRole

FIELD = (INSPECTOR, POLICE)
OFFICE = (OFFICER, ADMIN)
FIELD_ONLY = only(FIELD, 200)
# Read pages: the office sees every record; field staff of another agency, on no team, see nothing of it.
READ = expect(200, **{OWNER: 200, OTHER_BIZ: 404, INSPECTOR: 404, POLICE: 404})
STAFF_READ = only(STAFF, 200) | {INSPECTOR: 404, POLICE: 404}


def team_only(ok: int) -> dict[str, int]:
    """A team's endpoint for users on no team: field staff of another agency 404, the officer 403, others 403."""
    return only((), ok) | {INSPECTOR: 404, POLICE: 404}


# Signing the records (tests/test_signatures.py): the party's refusal, and a signature drawn on the canvas.
REFUSAL = {"refusal-signer_name": "Nguyễn Thị Tư", "refusal-reason": "Không đồng ý", "refusal-witness_name": "Trần Bảy"}
SIGNATURE = {"signer_name": "Nguyễn Thị Tư", "drawing": drawings.signature()}

MATRIX = [
    ("inspections.home", "GET", "/work", None, only(STAFF, 200)),
    ("inspections.index", "GET", "/inspections", None, expect(200)),
    ("inspections.violations", "GET", "/violations", None, expect(200)),
    ("inspections.create", "GET", "/inspections/new", None, FIELD_ONLY),
    ("inspections.scanned", "GET", "/inspections/scan?code={batch_code}&choose=1", None, FIELD_ONLY),
    ("inspections.show", "GET", "/inspections/{inspection_id}", None, READ),
    ("inspections.edit", "GET", "/inspections/{draft_id}/edit", None, team_only(200)),
    (
        "inspections.new_member",
        "POST",
        "/inspections/{draft_id}/members",
        {"name": "Lê Văn Cường", "role": "police"},
        team_only(302),
    ),
    ("inspections.delete_member", "POST", "/inspections/{draft_id}/members/{member_id}/delete", {}, team_only(302)),
    ("inspections.new_item", "GET", "/inspections/{draft_id}/items/new", None, team_only(200)),
    ("inspections.edit_item", "GET", "/inspections/{draft_id}/items/{draft_item_id}/edit", None, team_only(200)),
    ("inspections.remove_item", "POST", "/inspections/{draft_id}/items/{draft_item_id}/delete", {}, team_only(302)),
    (
        "inspections.submit_inspection",
        "POST",
        "/inspections/{draft_id}/submit",
        {"conclusion": "Đạt"},
        team_only(302),
    ),
    ("inspections.amend_inspection", "GET", "/inspections/{inspection_id}/amend", None, team_only(200)),
    ("inspections.photo", "GET", "/inspections/photos/{photo_name}", None, STAFF_READ),
    ("inspections.new_violation", "GET", "/inspections/{draft_id}/violations/new", None, team_only(200)),
    ("inspections.violation", "GET", "/violations/{violation_id}", None, READ),
    (
        "inspections.violation_step",
        "POST",
        "/violations/{violation_id}/referred",
        {"note": "Chuyển QLTT"},
        team_only(302),
    ),
    (
        "inspections.remedy",
        "POST",
        "/violations/{violation_id}/remedy",
        {"note": "Đã dán nhãn phụ"},
        only((OWNER,), 302, other_business=404),
    ),
    ("inspections.recall_product", "GET", "/products/{product_id}/recall", None, only((OFFICER,), 200)),
    ("inspections.sign_inspection", "GET", "/inspections/{inspection_id}/sign", None, team_only(200)),
    ("inspections.refuse_inspection", "POST", "/inspections/{inspection_id}/refuse", REFUSAL, team_only(302)),
    ("inspections.sign_violation", "GET", "/violations/{violation_id}/sign", None, team_only(200)),
    ("inspections.refuse_violation", "POST", "/violations/{violation_id}/refuse", REFUSAL, team_only(302)),
    ("inspections.recall_batch", "GET", "/batches/{batch_id}/recall", None, only((OFFICER,), 200)),
]

# The team dimension: endpoint, method, url template, form data, status for a member.
TEAM_MATRIX = [
    ("inspections.edit", "GET", "/inspections/{draft_id}/edit", None, 200),
    (
        "inspections.edit",
        "POST",
        "/inspections/{draft_id}/edit",
        {
            "agency_id": "{agency_id}",
            "kind": "periodic",
            "fields": ["labelling"],
            "place_name": "Sạp khô",
            "started_at": "2026-11-24T08:30",
        },
        302,
    ),
    (
        "inspections.new_member",
        "POST",
        "/inspections/{draft_id}/members",
        {"name": "Lê Văn Cường", "role": "police"},
        302,
    ),
    ("inspections.delete_member", "POST", "/inspections/{draft_id}/members/{member_id}/delete", {}, 302),
    ("inspections.new_item", "GET", "/inspections/{draft_id}/items/new", None, 200),
    ("inspections.new_item", "POST", "/inspections/{draft_id}/items/new", {"description": "Muối i-ốt"}, 302),
    ("inspections.edit_item", "GET", "/inspections/{draft_id}/items/{draft_item_id}/edit", None, 200),
    (
        "inspections.edit_item",
        "POST",
        "/inspections/{draft_id}/items/{draft_item_id}/edit",
        {"note": "Đã xem lại"},
        302,
    ),
    ("inspections.remove_item", "POST", "/inspections/{draft_id}/items/{draft_item_id}/delete", {}, 302),
    ("inspections.submit_inspection", "POST", "/inspections/{draft_id}/submit", {"conclusion": "Đạt"}, 302),
    ("inspections.amend_inspection", "GET", "/inspections/{inspection_id}/amend", None, 200),
    (
        "inspections.amend_inspection",
        "POST",
        "/inspections/{inspection_id}/amend",
        {"decision_number": "15/QĐ", "result": "fail", "conclusion": "Vi phạm về nhãn", "reason": "Thiếu số QĐ"},
        302,
    ),
    ("inspections.new_violation", "GET", "/inspections/{draft_id}/violations/new", None, 200),
    (
        "inspections.new_violation",
        "POST",
        "/inspections/{draft_id}/violations/new",
        {"category": "labels", "description": "Nhãn thiếu hạn dùng", "measure": "warning"},
        302,
    ),
    ("inspections.violation_step", "POST", "/violations/{violation_id}/referred", {"note": "Chuyển QLTT"}, 302),
    ("inspections.sign_inspection", "GET", "/inspections/{inspection_id}/sign", None, 200),
    ("inspections.sign_inspection", "POST", "/inspections/{inspection_id}/sign?signer=party", SIGNATURE, 302),
    ("inspections.refuse_inspection", "POST", "/inspections/{inspection_id}/refuse", REFUSAL, 302),
    ("inspections.sign_violation", "GET", "/violations/{violation_id}/sign", None, 200),
    ("inspections.sign_violation", "POST", "/violations/{violation_id}/sign?signer=party", SIGNATURE, 302),
    ("inspections.refuse_violation", "POST", "/violations/{violation_id}/refuse", REFUSAL, 302),
]
# Pages that only read: a member and anyone of the agency see them; field staff of another agency get 404.
TEAM_READS = [
    ("inspections.show", "/inspections/{draft_id}"),
    ("inspections.show", "/inspections/{inspection_id}"),
    ("inspections.violation", "/violations/{violation_id}"),
    ("inspections.photo", "/inspections/photos/{photo_name}"),
    ("inspections.record_pdf", "/inspections/{inspection_id}/record.pdf"),
    ("inspections.violation_pdf", "/violations/{violation_id}/record.pdf"),
]
# Endpoints that change something but not an existing inspection: starting one (the agency rule applies, see
# tests/test_team_rules.py), a business's remedy report and the officer's recalls (in MATRIX above).
NOT_A_TEAM_S = {"inspections.create", "inspections.remedy", "inspections.recall_product", "inspections.recall_batch"}


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Nước mắm Đức Phổ")
    batch = make_batch(product=make_product(business=business))
    agency = make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ")
    inspector = make_user(role=Role.INSPECTOR, agency=agency)
    submitted = make_inspection(business=business, created_by=inspector)
    item = make_item(inspection=submitted, batch=batch)
    photo_name = "ab" * 12 + ".jpg"
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "inspections")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, photo_name), "wb") as out:
        out.write(png())
    db.session.add(InspectionPhoto(item=item, file_name=photo_name, created_by_id=inspector.id))
    violation = make_violation(inspection=submitted, items=[item])
    services.submit(submitted, inspector, "Vi phạm về nhãn")
    draft = make_inspection(business=business, created_by=inspector)
    draft_item = make_item(inspection=draft, description="Muối hạt")
    extra_member = InspectionMember(inspection=draft, name="Phạm Thị Dung", role=TeamRole.OFFICER)
    db.session.add(extra_member)
    db.session.commit()
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        INSPECTOR: make_user(role=Role.INSPECTOR),
        POLICE: make_user(role=Role.POLICE),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    ids = {
        "agency_id": agency.id,
        "inspection_id": submitted.id,
        "draft_id": draft.id,
        "member_id": extra_member.id,
        "draft_item_id": draft_item.id,
        "violation_id": violation.id,
        "photo_name": photo_name,
        "batch_code": batch.public_code,
        "product_id": batch.product_id,
        "batch_id": batch.id,
    }
    return users, ids


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)


def _person(role: str, relation: str, ids: dict):
    """A user of ``role`` who is on both inspections' teams (from an agency of their own: an interagency team),
    or of the inspections' agency but on no team, or neither."""
    agency = db.session.get(Agency, ids["agency_id"]) if relation == SAME_AGENCY else None
    user = make_user(role=Role(role), agency=agency, name=f"{role} {relation}")
    if relation == MEMBER:
        for inspection_id in (ids["draft_id"], ids["inspection_id"]):
            join_team(db.session.get(Inspection, inspection_id), user)
    return user


def _fill(data: dict | None, ids: dict) -> dict | None:
    if data is None:
        return None
    return {key: value.format(**ids) if isinstance(value, str) else value for key, value in data.items()}


def _audit_entries() -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize(
    ("endpoint", "method", "template", "data", "ok"),
    TEAM_MATRIX,
    ids=[f"{row[0]}-{row[1]}" for row in TEAM_MATRIX],
)
def test_only_the_team_changes_an_inspection(
    client, login_as, world, endpoint, method, template, data, ok, role, relation
):
    _, ids = world
    login_as(_person(role, relation, ids))
    url = template.format(**ids)
    before = _audit_entries()
    response = client.get(url) if method == "GET" else client.post(url, data=_fill(data, ids))
    assert response.status_code == team_status(role, relation, ok), f"{role} {relation} {method} {url}"
    if method == "POST":
        written = _audit_entries() - before
        if relation == MEMBER:
            assert written > 0, "a member's change is recorded"
        else:
            assert written == 0, "a refused request writes nothing"


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize(("endpoint", "template"), TEAM_READS, ids=[row[1] for row in TEAM_READS])
def test_the_agency_and_the_team_read_an_inspection(client, login_as, world, endpoint, template, role, relation):
    _, ids = world
    login_as(_person(role, relation, ids))
    expected = 404 if relation == OTHER_AGENCY and role != OFFICER else 200
    assert client.get(template.format(**ids)).status_code == expected


def test_every_endpoint_that_changes_an_inspection_has_the_team_dimension(app):
    """A new changing endpoint of the register must be added to TEAM_MATRIX, with its GET page if it has one."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("inspections.")]
    changing = [rule for rule in rules if "POST" in (rule.methods or ()) and rule.endpoint not in NOT_A_TEAM_S]
    covered = {(endpoint, method) for endpoint, method, *_ in TEAM_MATRIX + METROLOGY_TEAM_MATRIX}
    wanted = {(rule.endpoint, method) for rule in changing for method in ("GET", "POST") if method in rule.methods}
    assert wanted - covered == set()
    assert {endpoint for endpoint, _ in wanted} >= {"inspections.edit", "inspections.violation_step"}
