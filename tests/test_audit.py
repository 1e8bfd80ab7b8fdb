"""The audit trail (issue 3): every create, change and delete of an audited record says who, when, before and
after, in a chain of keyed hashes. How ``flask audit verify`` catches each kind of tamper is in
``test_audit_tamper.py``."""

from __future__ import annotations

import json
import threading
import time

from sqlalchemy import select

from tests.factories import make_business, make_product
from traceapp import codes
from traceapp.audit import trail
from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.models import (
    AuditEntry,
    Certification,
    CertificationKind,
    Product,
    ProductCategory,
    Role,
)

PRODUCT = {
    "name": "Nước mắm cá cơm Sa Huỳnh 40 độ đạm",
    "category": "seafood",
    "gtin": "",
    "origin": "Sa Huỳnh, phường Đức Phổ",
    "net_quantity": "500 ml",
}


def _entries(entity: str | None = None) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(AuditEntry.id)
    if entity:
        statement = statement.where(AuditEntry.entity == entity)
    return list(db.session.scalars(statement))


def _verify(runner):
    db.session.commit()  # end the test's own read transaction, as a separate `flask` process would have none
    return runner.invoke(args=["audit", "verify"])


def test_a_product_created_and_changed_on_the_web_is_recorded_with_its_author(client, login_as, runner):
    owner = login_as(Role.BUSINESS, name="Nguyễn Thị Năm")
    assert client.post("/products/new", data=PRODUCT).status_code == 302
    product = db.session.scalar(select(Product))

    [created] = _entries("product")
    assert (created.action, created.entity_id, created.user_id, created.user_name) == (
        "create",
        product.id,
        owner.id,
        "Nguyễn Thị Năm",
    )
    assert created.before is None
    assert created.after["name"] == PRODUCT["name"] and created.after["category"] == "seafood"
    assert created.after["public_code"] == product.public_code and created.after["gtin"] is None
    assert created.after["status"] == "active" and created.after["business_id"] == owner.business_id
    assert "search_key" not in created.after and "updated_at" not in created.after

    edited = dict(PRODUCT, name="Nước mắm nhĩ Sa Huỳnh", origin="Phổ Thạnh, Đức Phổ")
    assert client.post(f"/products/{product.id}/edit", data=edited).status_code == 302
    changed = _entries("product")[-1]
    assert changed.action == "update" and changed.user_id == owner.id
    assert changed.before == {"name": PRODUCT["name"], "origin": PRODUCT["origin"]}
    assert changed.after == {"name": "Nước mắm nhĩ Sa Huỳnh", "origin": "Phổ Thạnh, Đức Phổ"}

    # The business itself was made by a factory, outside any request: the system wrote it.
    [business] = _entries("business")
    assert business.user_id is None and business.user_name == trail.SYSTEM
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "3 entries, chain intact" in result.output


def test_a_business_registering_itself_is_recorded_as_not_logged_in(client):
    signup = {
        "name": "Hộ kinh doanh Mạch nha Cô Hạnh",
        "kind": "household",
        "registration_number": "34f8009876",
        "owner_name": "Đỗ Thị Hạnh",
        "phone": "0905333444",
        "address": "Tổ dân phố Thạch Thang, phường Đức Phổ",
        "login_phone": "0905333444",
        "password": "machnha123",
        "confirm": "machnha123",
    }
    assert client.post("/register", data=signup).status_code == 302
    [entry] = _entries("business")
    assert (entry.action, entry.user_id, entry.user_name) == ("create", None, trail.PUBLIC)
    assert entry.after["registration_number"] == "34F8009876" and entry.after["status"] == "pending"


def test_an_officer_decision_and_a_deleted_certification_are_recorded(client, login_as):
    business = make_business()
    product = make_product(business=business)
    cert = Certification(product=product, kind=CertificationKind.HACCP, number="HACCP-0917", issuer="QUACERT")
    db.session.add(cert)
    db.session.commit()

    officer = login_as(Role.OFFICER)
    client.post(f"/businesses/{business.id}/suspend", data={"reason": "Kiểm tra điều kiện sản xuất"})
    decision = _entries("business")[-1]
    assert decision.user_id == officer.id and decision.action == "update"
    assert decision.before["status"] == "verified" and decision.after["status"] == "suspended"
    assert decision.after["status_reason"] == "Kiểm tra điều kiện sản xuất"

    owner = login_as(Role.BUSINESS, business=business)
    client.post(f"/products/{product.id}/certifications/{cert.id}/delete")
    removed = _entries("certification")[-1]
    assert (removed.action, removed.entity_id, removed.user_id) == ("delete", cert.id, owner.id)
    assert removed.after is None
    assert removed.before["kind"] == "haccp" and removed.before["number"] == "HACCP-0917"


def test_orphans_expired_values_and_empty_changes(app):
    product = make_product()
    cert = Certification(product=product, kind=CertificationKind.VIETGAP, number="VG-1")
    db.session.add(cert)
    db.session.commit()
    count = len(_entries())

    # Nothing but the clock or the search key changed: no entry.
    product.updated_at = utcnow()
    product.name = product.name
    db.session.commit()
    assert len(_entries()) == count

    # Changed without being read first (every attribute expired at the commit): the old value is still known.
    old_name = db.session.scalar(select(Product.name).where(Product.id == product.id))
    db.session.expire(product)
    product.name = "Muối tôm Sa Huỳnh"
    db.session.commit()
    renamed = _entries("product")[-1]
    assert renamed.before == {"name": old_name} and renamed.after == {"name": "Muối tôm Sa Huỳnh"}

    # Removed from its product's list, deleted by the delete-orphan cascade: recorded as a delete.
    product.certifications.remove(cert)
    db.session.commit()
    orphan = _entries("certification")[-1]
    assert orphan.action == "delete" and orphan.before["number"] == "VG-1"
    assert trail.verify() is None


def test_the_demo_loader_is_recorded_by_the_system_and_verifies(app, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    entries = _entries()
    expected = sum(db.session.scalar(select(db.func.count()).select_from(model)) for model in trail.AUDITED)
    assert len([e for e in entries if e.action == "create"]) == expected
    assert {(e.user_id, e.user_name) for e in entries} == {(None, trail.SYSTEM)}
    result = _verify(runner)
    assert result.exit_code == 0 and f"{len(entries)} entries, chain intact" in result.output


def test_the_officer_reads_the_history_of_a_product(client, login_as, english):
    owner = login_as(Role.BUSINESS, name="Võ Thị Hoa")
    client.post("/products/new", data=PRODUCT)
    product = db.session.scalar(select(Product))
    client.post(f"/products/{product.id}/edit", data=dict(PRODUCT, name="Nước mắm nhĩ Sa Huỳnh"))
    assert client.get(f"/history/product/{product.id}").status_code == 403

    login_as(Role.OFFICER)
    product_page = client.get(f"/products/{product.id}").data.decode()
    assert f'href="/history/product/{product.id}"' in product_page
    response = client.get(f"/history/product/{product.id}")
    assert response.status_code == 200
    page = response.data.decode()
    assert "History of changes" in page and "Nước mắm nhĩ Sa Huỳnh" in page
    assert page.index("Changed") < page.index("Created")  # newest first
    assert page.count(owner.name) == 2 and PRODUCT["name"] in page and "Seafood" in page
    assert f'href="/products/{product.id}"' in page

    assert client.get(f"/history/user_account/{owner.id}").status_code == 404
    assert client.get(f"/history/product/{product.id + 1000}").status_code == 404


def test_a_deleted_record_keeps_its_history(client, login_as):
    business = make_business()
    product = make_product(business=business)
    cert = Certification(product=product, kind=CertificationKind.HACCP, number="HACCP-77")
    db.session.add(cert)
    db.session.commit()
    cert_id = cert.id
    db.session.delete(cert)
    db.session.commit()
    login_as(Role.ADMIN)
    page = client.get(f"/history/certification/{cert_id}").data.decode()
    assert "HACCP-77" in page and "badge-delete" in page and "badge-create" in page


def test_concurrent_writers_extend_one_chain(app):
    business_id = make_business().id
    flushed = threading.Event()
    errors: list[Exception] = []

    def add_product(name: str, hold: float = 0) -> None:
        with app.app_context():
            try:
                db.session.add(
                    Product(
                        business_id=business_id, name=name, category=ProductCategory.FOOD, public_code=codes.new_code()
                    )
                )
                db.session.flush()  # the entry is appended; its transaction is still open
                if hold:
                    flushed.set()
                    time.sleep(hold)  # the others try to append meanwhile, and must wait
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 -- reported by the assertion below
                errors.append(exc)
            finally:
                flushed.set()
                db.session.remove()

    first = threading.Thread(target=add_product, args=("Bánh tráng 0", 0.5))
    first.start()
    assert flushed.wait(10)
    others = [threading.Thread(target=add_product, args=(f"Bánh tráng {n}",)) for n in range(1, 5)]
    for thread in others:
        thread.start()
    for thread in (first, *others):
        thread.join(30)
    assert errors == []
    db.session.commit()
    entries = _entries("product")
    assert len(entries) == 5 and entries[0].after["name"] == "Bánh tráng 0"
    assert trail.verify() is None


def test_api_tokens_are_recorded_without_their_hash_or_their_uses(app):
    """Who issued and revoked the province's access is on record; the secret's hash and each use are not."""
    from datetime import date, timedelta

    from tests.factories import make_user
    from traceapp.api import tokens
    from traceapp.models import Role

    admin = make_user(role=Role.ADMIN)
    token, _secret = tokens.issue("Sở KH&CN Quảng Ngãi", None, admin, date(2026, 11, 26))
    tokens.touch(token, utcnow())
    tokens.touch(token, utcnow() + timedelta(minutes=5))
    tokens.revoke(token)
    entries = _entries("api_token")
    assert [entry.action for entry in entries] == [trail.CREATE, trail.UPDATE]
    assert "token_hash" not in json.dumps([entry.after for entry in entries])
    assert entries[1].after.get("revoked_at")
