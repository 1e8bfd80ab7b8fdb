"""Authorisation matrix of the inspection register: inspectors and police record; officers read and recall;
a business reads its own submitted records (another business's are 404) and reports its remedies."""

from __future__ import annotations

import os

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, STAFF, cases, check, expect, only
from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_user,
    make_violation,
)
from tests.images import png
from traceapp.extensions import db
from traceapp.inspections import services
from traceapp.models import InspectionMember, InspectionPhoto, Role, TeamRole

FIELD = (INSPECTOR, POLICE)
OWN_RECORD = {OWNER: 200, OTHER_BIZ: 404, **{role: 200 for role in STAFF}}
FIELD_ONLY = only(FIELD, 200)

MATRIX = [
    ("inspections.home", "GET", "/work", None, only(STAFF, 200)),
    ("inspections.index", "GET", "/inspections", None, expect(200)),
    ("inspections.violations", "GET", "/violations", None, expect(200)),
    ("inspections.create", "GET", "/inspections/new", None, FIELD_ONLY),
    ("inspections.scanned", "GET", "/inspections/scan?code={batch_code}&choose=1", None, FIELD_ONLY),
    ("inspections.show", "GET", "/inspections/{inspection_id}", None, expect(200, **OWN_RECORD)),
    ("inspections.edit", "GET", "/inspections/{draft_id}/edit", None, FIELD_ONLY),
    (
        "inspections.new_member",
        "POST",
        "/inspections/{draft_id}/members",
        {"name": "Lê Văn Cường", "role": "police"},
        only(FIELD, 302),
    ),
    ("inspections.delete_member", "POST", "/inspections/{draft_id}/members/{member_id}/delete", {}, only(FIELD, 302)),
    ("inspections.new_item", "GET", "/inspections/{draft_id}/items/new", None, FIELD_ONLY),
    ("inspections.edit_item", "GET", "/inspections/{draft_id}/items/{draft_item_id}/edit", None, FIELD_ONLY),
    ("inspections.remove_item", "POST", "/inspections/{draft_id}/items/{draft_item_id}/delete", {}, only(FIELD, 302)),
    (
        "inspections.submit_inspection",
        "POST",
        "/inspections/{draft_id}/submit",
        {"conclusion": "Đạt"},
        only(FIELD, 302),
    ),
    ("inspections.amend_inspection", "GET", "/inspections/{inspection_id}/amend", None, FIELD_ONLY),
    ("inspections.photo", "GET", "/inspections/photos/{photo_name}", None, only(STAFF, 200)),
    ("inspections.new_violation", "GET", "/inspections/{draft_id}/violations/new", None, FIELD_ONLY),
    ("inspections.violation", "GET", "/violations/{violation_id}", None, expect(200, **OWN_RECORD)),
    (
        "inspections.violation_step",
        "POST",
        "/violations/{violation_id}/referred",
        {"note": "Chuyển QLTT"},
        only(FIELD, 302),
    ),
    (
        "inspections.remedy",
        "POST",
        "/violations/{violation_id}/remedy",
        {"note": "Đã dán nhãn phụ"},
        only((OWNER,), 302, other_business=404),
    ),
    ("inspections.recall_product", "GET", "/products/{product_id}/recall", None, only((OFFICER,), 200)),
    ("inspections.recall_batch", "GET", "/batches/{batch_id}/recall", None, only((OFFICER,), 200)),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Nước mắm Đức Phổ")
    batch = make_batch(product=make_product(business=business))
    inspector = make_user(role=Role.INSPECTOR)
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
    draft = make_inspection(business=business)
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
