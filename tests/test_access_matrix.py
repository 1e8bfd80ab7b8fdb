"""Authorisation matrix of the foundation: every endpoint × anonymous and each role, with the status each must get.

A business's records are invisible to another business (404, so ids do not leak); a role without the right
gets 403; an anonymous visitor is sent to the login page (302). A new endpoint must be added to a matrix
(this module or another tests/test_access_*.py): the last test fails when the app has a route no matrix covers.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests
from tests.access import ADMIN, OFFICER, OTHER_BIZ, OWNER, STAFF, cases, check, expect, only
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.extensions import db
from traceapp.models import BusinessStatus, Certification, CertificationKind, Role

OWN_PRODUCT = {OWNER: 200, OTHER_BIZ: 404, **{r: 200 for r in STAFF}}

# endpoint, method, url template, form data, expected statuses
MATRIX = [
    ("public.home", "GET", "/", None, expect(200, 200)),
    ("public.favicon", "GET", "/favicon.ico", None, expect(301, 301)),
    ("public.lookup", "GET", "/lookup?code={product_code}", None, expect(302, 302)),
    ("public.by_code", "GET", "/q/{batch_code}", None, expect(200, 200)),
    ("public.digital_link", "GET", "/01/{gtin}/10/{lot}", None, expect(200, 200)),
    ("media.product_image", "GET", "/media/products/{missing_image}", None, expect(404, 404)),
    ("auth.login", "GET", "/login", None, expect(302, 200)),
    ("auth.logout", "POST", "/logout", {}, expect(302)),
    ("auth.password", "GET", "/account/password", None, expect(200)),
    ("businesses.register", "GET", "/register", None, expect(302, 200)),
    ("businesses.dashboard", "GET", "/business", None, only((OWNER,), 200, other_business=200)),
    ("businesses.profile", "GET", "/business/profile", None, only((OWNER,), 200, other_business=200)),
    ("businesses.index", "GET", "/businesses", None, only(STAFF, 200)),
    ("businesses.queue", "GET", "/businesses/queue", None, only((OFFICER,), 200)),
    ("businesses.show", "GET", "/businesses/{business_id}", None, only(STAFF, 200)),
    ("businesses.decide_status", "POST", "/businesses/{pending_business_id}/verify", {}, only((OFFICER,), 302)),
    ("products.index", "GET", "/products", None, expect(200)),
    ("products.create", "GET", "/products/new", None, only((OWNER,), 200, other_business=200)),
    ("products.show", "GET", "/products/{product_id}", None, expect(200, **OWN_PRODUCT)),
    ("products.edit", "GET", "/products/{product_id}/edit", None, only((OWNER,), 200, other_business=404)),
    (
        "products.change_status",
        "POST",
        "/products/{product_id}/withdraw",
        {"reason": "x"},
        only((OWNER,), 302, other_business=404),
    ),
    (
        "products.add_cert",
        "POST",
        "/products/{product_id}/certifications",
        {"kind": "vietgap"},
        only((OWNER,), 302, other_business=404),
    ),
    (
        "products.delete_cert",
        "POST",
        "/products/{product_id}/certifications/{cert_id}/delete",
        {},
        only((OWNER,), 302, other_business=404),
    ),
    ("products.new_batch", "GET", "/products/{product_id}/batches/new", None, only((OWNER,), 200, other_business=404)),
    ("products.batch", "GET", "/batches/{batch_id}", None, expect(200, **OWN_PRODUCT)),
    ("products.edit_batch", "GET", "/batches/{batch_id}/edit", None, only((OWNER,), 200, other_business=404)),
    ("labels.product_qr", "GET", "/products/{product_id}/qr.png", None, expect(200, **OWN_PRODUCT)),
    ("labels.batch_qr", "GET", "/batches/{batch_id}/qr.svg", None, expect(200, **OWN_PRODUCT)),
    ("labels.product_labels", "GET", "/products/{product_id}/labels", None, expect(200, **OWN_PRODUCT)),
    ("labels.batch_labels", "GET", "/batches/{batch_id}/labels", None, expect(200, **OWN_PRODUCT)),
    (
        "labels.product_labels_pdf",
        "GET",
        "/products/{product_id}/labels.pdf?size=25&count=3&margin=10",
        None,
        expect(200, **OWN_PRODUCT),
    ),
    (
        "labels.batch_labels_pdf",
        "GET",
        "/batches/{batch_id}/labels.pdf?size=50&count=1&margin=5",
        None,
        expect(200, **OWN_PRODUCT),
    ),
    ("admin.users", "GET", "/admin/users", None, only((ADMIN,), 200)),
    ("admin.new_user", "GET", "/admin/users/new", None, only((ADMIN,), 200)),
    ("admin.edit_user", "GET", "/admin/users/{staff_id}/edit", None, only((ADMIN,), 200)),
    ("admin.toggle_user", "POST", "/admin/users/{staff_id}/deactivate", {}, only((ADMIN,), 302)),
    ("admin.agencies", "GET", "/admin/agencies", None, only((ADMIN,), 200)),
]


@pytest.fixture
def world(app):
    owner_business = make_business(name="Hộ kinh doanh Chủ Sở Hữu")
    product = make_product(business=owner_business, gtin=valid_gtin(8080))
    batch = make_batch(product=product, lot_code="L1")
    cert = Certification(product=product, kind=CertificationKind.HACCP)
    db.session.add(cert)
    db.session.commit()
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=owner_business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Hộ kinh doanh Người Khác")),
        **{role: make_user(role=Role(role)) for role in STAFF},
    }
    staff_member = make_user(role=Role.INSPECTOR, name="Cán bộ bị khóa")
    ids = {
        "product_code": product.public_code,
        "batch_code": batch.public_code,
        "gtin": product.gtin,
        "lot": "L1",
        "missing_image": "0" * 24 + ".jpg",
        "business_id": owner_business.id,
        "pending_business_id": make_business(status=BusinessStatus.PENDING).id,
        "product_id": product.id,
        "cert_id": cert.id,
        "batch_id": batch.id,
        "staff_id": staff_member.id,
    }
    return users, ids


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role, anonymous_redirect_exempt=("public.lookup",))


def _all_matrices() -> list:
    rows = []
    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("test_access"):
            rows += getattr(importlib.import_module(f"tests.{module.name}"), "MATRIX", [])
    return rows


def test_every_route_is_in_a_matrix(app):
    routed = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    covered = {row[0] for row in _all_matrices()}
    assert routed - covered == set(), "add these endpoints to an authorisation matrix (tests/test_access_*.py)"
