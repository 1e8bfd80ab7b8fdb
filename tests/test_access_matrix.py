"""Authorisation matrix: every endpoint × anonymous and each role, with the status each must get.

A business's records are invisible to another business (404, so ids do not leak); a role without the right
gets 403; an anonymous visitor is sent to the login page (302). A new endpoint must be added here: the last
test fails when the app has a route this table does not cover.
"""

from __future__ import annotations

import pytest

from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.extensions import db
from traceapp.models import BusinessStatus, Certification, CertificationKind, Role

ANON, OWNER, OTHER_BIZ = "anonymous", "business", "other_business"
INSPECTOR, POLICE, OFFICER, ADMIN = "inspector", "police", "officer", "admin"
ROLES = (ANON, OWNER, OTHER_BIZ, INSPECTOR, POLICE, OFFICER, ADMIN)
STAFF = (INSPECTOR, POLICE, OFFICER, ADMIN)


def expect(default: int, anonymous: int | None = 302, **by_role: int) -> dict[str, int]:
    """Statuses per role: ``default`` for every logged-in role unless named, 302 (to login) for anonymous."""
    table = {role: default for role in ROLES}
    table[ANON] = anonymous if anonymous is not None else default
    table.update(by_role)
    return table


def only(allowed: tuple[str, ...], ok: int, *, other_business: int = 403) -> dict[str, int]:
    table = expect(403)
    for role in allowed:
        table[role] = ok
    if OWNER in allowed:
        table[OTHER_BIZ] = other_business
    return table


OWN_PRODUCT = {OWNER: 200, OTHER_BIZ: 404, **{r: 200 for r in STAFF}}

# endpoint, method, url template, form data, expected statuses
MATRIX = [
    ("public.home", "GET", "/", None, expect(200, 200)),
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
    ("products.change_status", "POST", "/products/{product_id}/withdraw", {"reason": "x"},
     only((OWNER,), 302, other_business=404)),
    ("products.add_cert", "POST", "/products/{product_id}/certifications", {"kind": "vietgap"},
     only((OWNER,), 302, other_business=404)),
    ("products.delete_cert", "POST", "/products/{product_id}/certifications/{cert_id}/delete", {},
     only((OWNER,), 302, other_business=404)),
    ("products.new_batch", "GET", "/products/{product_id}/batches/new", None, only((OWNER,), 200, other_business=404)),
    ("products.batch", "GET", "/batches/{batch_id}", None, expect(200, **OWN_PRODUCT)),
    ("products.edit_batch", "GET", "/batches/{batch_id}/edit", None, only((OWNER,), 200, other_business=404)),
    ("products.product_qr", "GET", "/products/{product_id}/qr.png", None, expect(200, **OWN_PRODUCT)),
    ("products.batch_qr", "GET", "/batches/{batch_id}/qr.svg", None, expect(200, **OWN_PRODUCT)),
    ("products.product_labels", "GET", "/products/{product_id}/labels", None, expect(200, **OWN_PRODUCT)),
    ("products.batch_labels", "GET", "/batches/{batch_id}/labels", None, expect(200, **OWN_PRODUCT)),
    ("products.product_labels_pdf", "GET", "/products/{product_id}/labels.pdf?size=25&count=3&margin=10", None,
     expect(200, **OWN_PRODUCT)),
    ("products.batch_labels_pdf", "GET", "/batches/{batch_id}/labels.pdf?size=50&count=1&margin=5", None,
     expect(200, **OWN_PRODUCT)),
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
    staff_member = make_user(role=Role.INSPECTOR, name="Cán bộ bị khoá")
    ids = {
        "product_code": product.public_code, "batch_code": batch.public_code, "gtin": product.gtin, "lot": "L1",
        "missing_image": "0" * 24 + ".jpg", "business_id": owner_business.id,
        "pending_business_id": make_business(status=BusinessStatus.PENDING).id, "product_id": product.id,
        "cert_id": cert.id, "batch_id": batch.id, "staff_id": staff_member.id,
    }
    return users, ids


CASES = [(endpoint, role) for endpoint, *_ in MATRIX for role in ROLES]


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{e}-{r}" for e, r in CASES])
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    users, ids = world
    _, method, template, data, statuses = next(row for row in MATRIX if row[0] == endpoint)
    if role != ANON:
        login_as(users[role])
    url = template.format(**ids)
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    assert response.status_code == statuses[role], f"{role} {method} {url}"
    if role == ANON and statuses[role] == 302 and endpoint not in ("public.lookup",):
        assert response.location.startswith("/login")


def test_every_route_is_in_the_matrix(app):
    routed = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    covered = {row[0] for row in MATRIX}
    assert routed - covered == set(), "add these endpoints to the authorisation matrix"
