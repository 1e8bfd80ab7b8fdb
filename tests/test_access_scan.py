"""Authorisation matrix of the camera scanner's endpoints: where a scanned code leads and the decoder worker are
open to anyone, logged in or not, as the public scan page is (the consumer home has a "Quét mã" button too)."""

from __future__ import annotations

import pytest

from tests.access import OTHER_BIZ, OWNER, STAFF, cases, check, expect
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.models import Role

# endpoint, method, url template, form data, expected statuses
MATRIX = [
    ("public.scan_resolve", "GET", "/scan/resolve?code={gtin}", None, expect(200, 200)),
    ("public.scan_decoder", "GET", "/scan/decoder.js", None, expect(200, 200)),
]


@pytest.fixture
def world(app):
    business = make_business()
    batch = make_batch(product=make_product(business=business, gtin=valid_gtin()))
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business()),
        **{role: make_user(role=Role(role)) for role in STAFF},
    }
    return users, {"gtin": batch.product.gtin}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)
