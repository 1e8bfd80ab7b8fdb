"""Authorisation matrix of the printed records (PDF): staff who may see the inspection read its records (here the
office and the field staff of the inspection's agency; another agency's field staff are in
tests/test_access_inspections.py); a business reads the records of its own submitted inspections, another
business's are 404, and so are its own drafts."""

from __future__ import annotations

import pytest

from tests.access import OTHER_BIZ, OWNER, STAFF, cases, check, expect
from tests.factories import make_agency, make_business, make_inspection, make_item, make_user, make_violation
from traceapp.extensions import db
from traceapp.models import InspectionStatus, Role

OWN_RECORD = {OWNER: 200, OTHER_BIZ: 404, **{role: 200 for role in STAFF}}

MATRIX = [
    ("inspections.record_pdf", "GET", "/inspections/{inspection_id}/record.pdf", None, expect(200, **OWN_RECORD)),
    ("inspections.violation_pdf", "GET", "/violations/{violation_id}/record.pdf", None, expect(200, **OWN_RECORD)),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Bánh tráng Phổ Thạnh")
    agency = make_agency()  # the inspections' agency, and the staff's
    submitted = make_inspection(business=business, agency=agency, status=InspectionStatus.SUBMITTED)
    violation = make_violation(inspection=submitted, items=[make_item(inspection=submitted, description="Bánh tráng")])
    draft = make_inspection(business=business, agency=agency)
    draft_violation = make_violation(inspection=draft)
    db.session.commit()
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        **{role: make_user(role=Role(role), agency=agency) for role in STAFF},
    }
    ids = {
        "inspection_id": submitted.id,
        "violation_id": violation.id,
        "draft_id": draft.id,
        "draft_violation_id": draft_violation.id,
    }
    return users, ids


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)


@pytest.mark.parametrize(("role", "status"), [(OWNER, 404), (OTHER_BIZ, 404), *((role, 200) for role in STAFF)])
def test_a_draft_record_is_not_the_business_s_to_read_yet(client, login_as, world, role, status):
    users, ids = world
    login_as(users[role])
    assert client.get(f"/inspections/{ids['draft_id']}/record.pdf").status_code == status
    assert client.get(f"/violations/{ids['draft_violation_id']}/record.pdf").status_code == status


def test_unknown_records_are_404(client, login_as, world):
    users, _ = world
    login_as(users[STAFF[0]])
    assert client.get("/inspections/999999/record.pdf").status_code == 404
    assert client.get("/violations/999999/record.pdf").status_code == 404
