"""Authorisation matrix of the field kit: the offline home and its JSON are for inspectors and ward police; the
manifest and the service worker are files anybody may fetch (they hold no data). The JSON answers a visitor with
no session 401 (not the login page a fetch would read as the answer)."""

from __future__ import annotations

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, cases, check, expect, only
from tests.factories import make_business, make_user
from traceapp.models import Role

FIELD = (INSPECTOR, POLICE)

MATRIX = [
    ("field.home", "GET", "/field", None, only(FIELD, 200)),
    ("field.bootstrap_json", "GET", "/field/bootstrap.json", None, {**only(FIELD, 200), "anonymous": 401}),
    ("field.session_json", "GET", "/field/session.json", None, {**only(FIELD, 200), "anonymous": 401}),
    # No payload: a field user's request is read and refused as malformed (400); anyone else never gets that far.
    ("field.sync", "POST", "/field/sync", {}, {**only(FIELD, 400), "anonymous": 401}),
    ("field.manifest", "GET", "/manifest.webmanifest", None, expect(200, 200)),
    ("field.service_worker", "GET", "/sw.js", None, expect(200, 200)),
]


@pytest.fixture
def world(app):
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở Nước mắm Đức Phổ")),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        INSPECTOR: make_user(role=Role.INSPECTOR),
        POLICE: make_user(role=Role.POLICE),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    return users, {}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)
