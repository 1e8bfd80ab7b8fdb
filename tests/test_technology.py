"""Technology adoption (plan task 6): a business declares what it applies, an officer verifies or rejects it, a
change sends it back for verification, and ``adoption_figures`` counts only what was verified and still valid."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from tests.factories import make_batch, make_business, make_product, make_technology, make_user, valid_gtin
from traceapp.clock import local_today
from traceapp.cooperation.queries import adoption_figures
from traceapp.extensions import db
from traceapp.models import Role, ScanDay, TechnologyKind, TechnologyUse

TODAY = local_today()
NEXT_YEAR = (TODAY + timedelta(days=365)).isoformat()


def _owner(login_as, **business_fields):
    business = make_business(**business_fields)
    return business, login_as(make_user(role=Role.BUSINESS, business=business))


def _uses(business) -> dict[str, TechnologyUse]:
    db.session.expire_all()
    return {
        u.kind.value: u
        for u in db.session.scalars(db.select(TechnologyUse).where(TechnologyUse.business_id == business.id))
    }


def test_a_business_declares_what_it_applies_and_sees_what_its_products_show(client, login_as, english):
    business, _user = _owner(login_as, name="Công ty Nước mắm Sa Huỳnh Xanh")
    with_gtin = make_product(business=business, gtin=valid_gtin(5501))
    make_batch(product=with_gtin)
    make_batch(product=make_product(business=business))
    db.session.add_all(
        [
            ScanDay(public_code=with_gtin.public_code, day=TODAY - timedelta(days=3), product_id=with_gtin.id, count=7),
            ScanDay(
                public_code=with_gtin.public_code, day=TODAY - timedelta(days=200), product_id=with_gtin.id, count=50
            ),
        ]
    )
    db.session.commit()

    page = client.get("/business/technology").data.decode()
    assert "2 products with their QR codes, 2 batches" in page and "1 product with a GTIN" in page
    assert "7 scans in the last 90 days" in page

    refusals = [
        ({"kind": "software"}, "detail", "Give the name of the software."),
        (
            {"kind": "haccp", "issued_by": "QUACERT", "expires_on": NEXT_YEAR},
            "certificate_number",
            "Give the certificate number",
        ),
        (
            {"kind": "vietgap", "certificate_number": "VG-1", "expires_on": NEXT_YEAR},
            "issued_by",
            "Give the body that issued",
        ),
        (
            {"kind": "ocop", "certificate_number": "OCOP-3", "issued_by": "UBND tỉnh"},
            "expires_on",
            "Give the date until which",
        ),
        (
            {"kind": "iso22000", "certificate_number": "ISO-1", "issued_by": "QUACERT", "expires_on": "2020-01-01"},
            "expires_on",
            "This certificate has expired",
        ),
    ]
    for data, field, message in refusals:
        response = client.post("/business/technology", data=data)
        body = response.data.decode()
        assert response.status_code == 400 and f'id="{field}-err"' in body and message in body, data
    assert _uses(business) == {}

    declared = [
        {"kind": "haccp", "certificate_number": "HACCP-123", "issued_by": "QUACERT", "expires_on": NEXT_YEAR},
        {"kind": "software", "detail": "MISA AMIS kho"},
        {"kind": "e_invoice", "detail": "VNPT Invoice"},
        {"kind": "gs1_barcode", "detail": "GS1 Việt Nam, mã doanh nghiệp 8930000"},
        {"kind": "iot", "detail": "Cảm biến nhiệt độ kho lạnh"},
    ]
    for data in declared:
        assert client.post("/business/technology", data=data).status_code == 302
    uses = _uses(business)
    assert set(uses) == {"haccp", "software", "e_invoice", "gs1_barcode", "iot"}
    assert uses["software"].detail == "MISA AMIS kho" and uses["haccp"].issued_by == "QUACERT"
    assert all(u.verified_at is None for u in uses.values())
    assert client.get("/business/technology").data.decode().count("Awaiting verification") == 5


def test_an_officer_verifies_or_rejects_with_a_note(client, login_as, english):
    business, owner = _owner(login_as, name="Hộ kinh doanh Mạch nha Thi Phổ")
    haccp = make_technology(
        business=business,
        kind=TechnologyKind.HACCP,
        certificate_number="H-1",
        issued_by="QUACERT",
        expires_on=TODAY + timedelta(days=100),
    )
    invoice = make_technology(business=business, kind=TechnologyKind.E_INVOICE, detail="Viettel")
    lapsed = make_technology(
        business=business,
        kind=TechnologyKind.OCOP,
        certificate_number="O-1",
        issued_by="UBND tỉnh",
        expires_on=TODAY - timedelta(days=1),
    )
    officer = login_as(Role.OFFICER)

    queue = client.get("/technology/review").data.decode()
    assert business.name in queue and "Viettel" in queue and "H-1" in queue and "Expired" in queue

    client.post(f"/technology/{haccp.id}/verify", data={})
    response = client.post(f"/technology/{invoice.id}/reject", data={f"t{invoice.id}-note": ""})
    assert "Say why it is not accepted." in client.get(response.location).data.decode()
    client.post(f"/technology/{invoice.id}/reject", data={f"t{invoice.id}-note": "Chưa có hợp đồng dịch vụ"})
    response = client.post(f"/technology/{lapsed.id}/verify", data={})
    assert "The certificate has expired" in client.get(response.location).data.decode()

    uses = _uses(business)
    assert uses["haccp"].verified_at is not None and uses["haccp"].verified_by_id == officer.id
    assert uses["e_invoice"].verified_at is None and uses["e_invoice"].rejection_note == "Chưa có hợp đồng dịch vụ"
    assert uses["ocop"].verified_at is None
    queue = client.get("/technology/review").data.decode()
    assert "H-1" not in queue and "Viettel" not in queue and "O-1" in queue

    login_as(owner)
    page = client.get("/business/technology").data.decode()
    assert "Verified" in page and "Not accepted" in page and "Chưa có hợp đồng dịch vụ" in page


def test_a_change_sends_a_verified_or_rejected_entry_back_for_verification(client, login_as, english):
    business, owner = _owner(login_as)
    verified = make_technology(
        business=business,
        kind=TechnologyKind.VIETGAP,
        certificate_number="VG-1",
        issued_by="Trung tâm Chứng nhận",
        expires_on=TODAY + timedelta(days=300),
        verified_at=datetime(2026, 1, 5, tzinfo=UTC),
        verified_by_id=make_user(role=Role.OFFICER).id,
    )
    rejected = make_technology(
        business=business,
        kind=TechnologyKind.SOFTWARE,
        detail="Excel",
        rejection_note="Excel không phải phần mềm quản lý",
    )
    login_as(owner)
    assert (
        "After a change, the ward verifies the entry again."
        in client.get(f"/business/technology/{verified.id}").data.decode()
    )
    client.post(
        f"/business/technology/{verified.id}",
        data={
            "kind": "vietgap",
            "certificate_number": "VG-2",
            "issued_by": "Trung tâm Chứng nhận",
            "expires_on": (TODAY + timedelta(days=700)).isoformat(),
        },
    )
    client.post(f"/business/technology/{rejected.id}", data={"kind": "software", "detail": "KiotViet"})
    uses = _uses(business)
    assert uses["vietgap"].certificate_number == "VG-2"
    assert uses["vietgap"].verified_at is None and uses["vietgap"].verified_by_id is None
    assert uses["software"].rejection_note == "" and uses["software"].detail == "KiotViet"

    login_as(Role.OFFICER)
    queue = client.get("/technology/review").data.decode()
    assert "VG-2" in queue and "KiotViet" in queue

    login_as(owner)
    client.post(f"/business/technology/{rejected.id}/delete")
    assert set(_uses(business)) == {"vietgap"}


def test_adoption_figures_equal_counts_made_from_the_rows(app):
    """Random rows; the expected figures are computed here in Python from what was created, not by SQL."""
    rng = random.Random(20261115)
    end = date(2026, 11, 15)
    until = datetime(2026, 11, 15, 17, 0, tzinfo=UTC)  # local midnight after 15/11 (UTC+7)
    officer = make_user(role=Role.OFFICER)
    businesses = [make_business() for _ in range(12)]
    kinds = list(TechnologyKind)
    expected = {kind.value: set() for kind in kinds}
    for _ in range(60):
        business, kind = rng.choice(businesses), rng.choice(kinds)
        verified = rng.random() < 0.7
        expires = rng.choice([None, end - timedelta(days=1), end, end + timedelta(days=1), date(2028, 1, 1)])
        created = rng.choice([datetime(2026, 3, 1, tzinfo=UTC), until - timedelta(seconds=1), until])
        make_technology(
            business=business,
            kind=kind,
            certificate_number="C",
            created_at=created,
            expires_on=expires,
            verified_at=datetime(2026, 11, 20, tzinfo=UTC) if verified else None,
            verified_by_id=officer.id if verified else None,
            rejection_note="" if verified or rng.random() < 0.5 else "Thiếu giấy tờ",
        )
        if verified and (expires is None or expires >= end) and created < until:
            expected[kind.value].add(business.id)

    with_products, with_gtin = set(), set()
    for n in range(25):
        business = rng.choice(businesses)
        created = rng.choice([datetime(2026, 1, 1, tzinfo=UTC), until - timedelta(seconds=1), until])
        gtin = valid_gtin(9000 + n) if rng.random() < 0.4 else None
        make_product(business=business, gtin=gtin, created_at=created)
        if created < until:
            with_products.add(business.id)
            if gtin:
                with_gtin.add(business.id)

    figures = adoption_figures(end)
    assert figures == {
        **{kind: len(ids) for kind, ids in expected.items()},
        "qr_traceability": len(with_products),
        "gs1_on_products": len(with_gtin),
    }
    assert sum(figures[kind.value] for kind in kinds) > 0 and figures["qr_traceability"] > 0


def test_expired_certificates_are_not_counted(app):
    end = date(2026, 11, 15)
    verified = {"verified_at": datetime(2026, 2, 1, tzinfo=UTC), "created_at": datetime(2026, 1, 1, tzinfo=UTC)}
    make_technology(business=make_business(), kind=TechnologyKind.HACCP, expires_on=date(2026, 11, 14), **verified)
    make_technology(business=make_business(), kind=TechnologyKind.HACCP, expires_on=date(2026, 11, 15), **verified)
    make_technology(business=make_business(), kind=TechnologyKind.OCOP, expires_on=date(2025, 12, 31), **verified)
    assert adoption_figures(end)["haccp"] == 1, "valid through its last day, not after"
    assert adoption_figures(end)["ocop"] == 0
    assert adoption_figures(date(2025, 12, 31))["ocop"] == 0, "declared after that period ended"
    assert adoption_figures(date(2026, 11, 14))["haccp"] == 2
