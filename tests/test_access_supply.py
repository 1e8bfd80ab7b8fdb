"""Authorisation matrix of the supply chain: a business works on its own batches' links and answers the links
addressed to it; staff read every chain and export traces; another business gets 404."""

from __future__ import annotations

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, STAFF, cases, check, expect, only
from tests.factories import make_batch, make_business, make_link, make_product, make_user
from traceapp.models import LinkStatus, Role

OWN = {OWNER: 200, OTHER_BIZ: 404, **{role: 200 for role in STAFF}}

MATRIX = [
    ("supply.batch_chain", "GET", "/batches/{batch_id}/chain", None, expect(200, **OWN)),
    (
        "supply.new_input",
        "POST",
        "/batches/{batch_id}/chain/inputs",
        {"supplier_name": "Ghe ông Sáu"},
        only((OWNER,), 302, other_business=404),
    ),
    (
        "supply.new_output",
        "POST",
        "/batches/{batch_id}/chain/outputs",
        {"buyer_name": "Chợ Thạch Trụ"},
        only((OWNER,), 302, other_business=404),
    ),
    ("supply.incoming", "GET", "/supply/incoming", None, only((OWNER,), 200, other_business=200)),
    (
        "supply.answer_link",
        "POST",
        "/supply/links/{incoming_link_id}/confirm",
        {},
        only((OWNER,), 302, other_business=404),
    ),
    ("supply.delete_link", "POST", "/supply/links/{own_link_id}/delete", {}, only((OWNER,), 302, other_business=404)),
    ("supply.trace", "GET", "/batches/{batch_id}/trace.xlsx", None, only(STAFF, 200)),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Nước mắm Đức Phổ")
    batch = make_batch(product=make_product(business=business))
    supplier_batch = make_batch(product=make_product(business=make_business(name="Hợp tác xã Muối")))
    # A delivery from another business addressed to the owner's business, waiting for its answer.
    incoming = make_link(
        upstream=supplier_batch,
        downstream=None,
        recorded_by=supplier_batch.product.business,
        downstream_business=business,
        status=LinkStatus.PENDING,
    )
    own = make_link(upstream=None, downstream=batch, upstream_name="Ghe cá", status=LinkStatus.CONFIRMED)
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        INSPECTOR: make_user(role=Role.INSPECTOR),
        POLICE: make_user(role=Role.POLICE),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    return users, {"batch_id": batch.id, "incoming_link_id": incoming.id, "own_link_id": own.id}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)
