"""Authorisation of the metrology checks of an inspection (issue 14, items 4 and 5), in the two dimensions of
tests/test_access_inspections.py: by role (``MATRIX``, users on no team) and by team (``TEAM_MATRIX``): only a
member of the inspection's team gets through; a non-member who may read it gets 403, one who may not see it 404,
and a refused request writes nothing to the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.access import (
    ADMIN,
    INSPECTOR,
    MEMBER,
    OFFICER,
    OTHER_BIZ,
    OWNER,
    POLICE,
    RELATIONS,
    TEAM_ROLES,
    cases,
    check,
    only,
    team_status,
)
from tests.factories import join_team, make_agency, make_business, make_inspection, make_user
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.inspections import services, weighing
from traceapp.inspections.weighing import LoadEntry, WeighingInput
from traceapp.models import AuditEntry, Inspection, InstrumentKind, MeasuringInstrument, Role


def _team_only(ok: int) -> dict[str, int]:
    return only((), ok) | {INSPECTOR: 404, POLICE: 404}


MATRIX = [
    ("inspections.check_instrument", "GET", "/inspections/{draft_id}/instruments/check", None, _team_only(200)),
    ("inspections.weighing", "GET", "/inspections/{draft_id}/items/{scale_item_id}/weighing", None, _team_only(200)),
    ("inspections.lot_check", "GET", "/inspections/{draft_id}/items/{goods_item_id}/lot", None, _team_only(200)),
    (
        "inspections.check_violation",
        "GET",
        "/inspections/{draft_id}/items/{scale_item_id}/violation",
        None,
        _team_only(200),
    ),
]
TEAM_MATRIX = [
    ("inspections.check_instrument", "GET", "/inspections/{draft_id}/instruments/check", None, 200),
    (
        "inspections.check_instrument",
        "POST",
        "/inspections/{draft_id}/instruments/check",
        {"instrument_id": "{instrument_id}"},
        302,
    ),
    ("inspections.weighing", "GET", "/inspections/{draft_id}/items/{scale_item_id}/weighing", None, 200),
    (
        "inspections.weighing",
        "POST",
        "/inspections/{draft_id}/items/{scale_item_id}/weighing",
        {"loads-0": "10", "readings-0": "10,01"},
        302,
    ),
    ("inspections.lot_check", "GET", "/inspections/{draft_id}/items/{goods_item_id}/lot", None, 200),
    (
        "inspections.lot_check",
        "POST",
        "/inspections/{draft_id}/items/{goods_item_id}/lot",
        {"nominal": "500", "unit": "g", "lot_size": "2", "samples": "500\n499,5"},
        302,
    ),
    ("inspections.check_violation", "GET", "/inspections/{draft_id}/items/{scale_item_id}/violation", None, 200),
    (
        "inspections.check_violation",
        "POST",
        "/inspections/{draft_id}/items/{scale_item_id}/violation",
        {"category": "measurement", "description": "Cân sai", "measure": "warning"},
        302,
    ),
]


@pytest.fixture
def world(app):
    with app.test_request_context("/?lang=en"):
        agency = make_agency(name="Phòng Kinh tế phường Đức Phổ")
        inspector = make_user(role=Role.INSPECTOR, agency=agency)
        business = make_business(name="Hộ kinh doanh Lê Thị Hoa")
        scale = MeasuringInstrument(
            public_code="CANTEST1",
            business=business,
            kind=InstrumentKind.ELECTRONIC_SCALE,
            accuracy_class="III",
            max_capacity=Decimal(30),
            scale_interval=Decimal("0.01"),
            unit="kg",
            due_on=local_today(),
        )
        db.session.add(scale)
        draft = make_inspection(business=business, created_by=inspector, fields=["metrology", "prepackaged"])
        scale_item = weighing.add_instrument_item(draft, inspector, scale.id)
        weighing.record_weighing(draft, inspector, scale_item.id, WeighingInput((LoadEntry(Decimal(10), Decimal(11)),)))
        goods_item = services.add_item(draft, inspector, description="Nước mắm 500 ml", checks={})
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
        "draft_id": draft.id,
        "instrument_id": scale.id,
        "scale_item_id": scale_item.id,
        "goods_item_id": goods_item.id,
    }
    return users, ids


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)


def _person(role: str, relation: str, ids: dict):
    agency = db.session.get(Inspection, ids["draft_id"]).agency if relation != RELATIONS[2] else None
    user = make_user(role=Role(role), agency=agency, name=f"{role} {relation}")
    if relation == MEMBER:
        join_team(db.session.get(Inspection, ids["draft_id"]), user)
    return user


def _audit_entries() -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize(
    ("endpoint", "method", "template", "data", "ok"), TEAM_MATRIX, ids=[f"{row[0]}-{row[1]}" for row in TEAM_MATRIX]
)
def test_only_the_team_measures(client, login_as, world, endpoint, method, template, data, ok, role, relation):
    _, ids = world
    login_as(_person(role, relation, ids))
    url = template.format(**ids)
    before = _audit_entries()
    if method == "GET":
        response = client.get(url)
    else:
        filled = {key: value.format(**ids) for key, value in data.items()}
        response = client.post(url, data=filled)
    assert response.status_code == team_status(role, relation, ok), f"{role} {relation} {method} {url}"
    if method == "POST":
        written = _audit_entries() - before
        assert (written > 0) if relation == MEMBER else (written == 0)
