"""Authorisation matrix of the audit history: the ward officer and the admin read any record's history; other staff
and businesses (even about their own records) get 403, an anonymous visitor the login page."""

from __future__ import annotations

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, cases, check, only
from tests.factories import make_batch, make_business, make_product, make_user
from traceapp.models import Role

MATRIX = [
    ("audit.history", "GET", "/history/product/{product_id}", None, only((OFFICER, ADMIN), 200)),
]


@pytest.fixture
def world(app):
    business = make_business(name="Hộ kinh doanh Mắm ruốc Út Liên")
    batch = make_batch(product=make_product(business=business))
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        INSPECTOR: make_user(role=Role.INSPECTOR),
        POLICE: make_user(role=Role.POLICE),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    return users, {"product_id": batch.product_id}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)
