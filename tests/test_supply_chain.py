"""One step back, one step forward: inputs and outputs of batches, the chain in public, recalls down the chain,
the trace export."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_link,
    make_product,
    make_user,
    make_violation,
)
from traceapp.extensions import db
from traceapp.inspections import services as inspection_services
from traceapp.models import BatchStatus, CheckResult, LinkStatus, Role, SupplyLink, ViolationStatus


def _batch(business_name: str, product_name: str, lot: str):
    business = make_business(name=business_name)
    return make_batch(product=make_product(business=business, name=product_name), lot_code=lot)


def _owner(batch):
    return make_user(role=Role.BUSINESS, business=batch.product.business)


def test_a_chain_several_levels_deep_shows_in_public_without_quantities(client, login_as, english):
    salt = _batch("Hợp tác xã Muối Sa Huỳnh", "Muối hạt Sa Huỳnh", "MU-01")
    sauce = _batch("Cơ sở Nước mắm Bà Năm", "Nước mắm cá cơm", "NM-07")
    shop = _batch("Công ty Phân phối Đức Phổ", "Nước mắm đóng chai quà tặng", "QT-3")

    login_as(_owner(sauce))
    response = client.post(
        f"/batches/{sauce.id}/chain/inputs",
        data={
            "code": salt.public_code,
            "shipped_on": "2026-10-01",
            "quantity": "120",
            "unit": "kg",
            "document_ref": "HĐ 0001234",
        },
    )
    assert response.status_code == 302
    client.post(
        f"/batches/{sauce.id}/chain/inputs",
        data={"supplier_name": "Ghe cá ông Sáu, cảng Sa Huỳnh", "quantity": "900", "unit": "kg"},
    )
    login_as(_owner(shop))
    client.post(
        f"/batches/{shop.id}/chain/inputs",
        data={"code": f"http://x/q/{sauce.public_code}", "quantity": "40", "unit": "thùng", "document_ref": "PXK-77"},
    )
    page = client.get(f"/q/{shop.public_code}").data.decode()
    for seen in (
        "Made from",
        "Nước mắm cá cơm",
        "Cơ sở Nước mắm Bà Năm",
        "Muối hạt Sa Huỳnh",
        "Hợp tác xã Muối Sa Huỳnh",
        "Ghe cá ông Sáu",
        f"/q/{sauce.public_code}",
        f"/q/{salt.public_code}",
    ):
        assert seen in page, seen
    # Quantities with their units: a bare "900" could be part of a phone or registration number the factories
    # number in sequence.
    for hidden in ("HĐ 0001234", "PXK-77", "120 kg", "900 kg", "thùng"):
        assert hidden not in page, hidden


def test_loops_are_refused_directly_and_through_other_batches(client, login_as, english):
    a = _batch("Cơ sở A", "Sản phẩm A", "A-1")
    b = _batch("Cơ sở B", "Sản phẩm B", "B-1")
    c = _batch("Cơ sở C", "Sản phẩm C", "C-1")
    make_link(upstream=a, downstream=b)
    make_link(upstream=b, downstream=c)
    login_as(_owner(a))
    for code in (c.public_code, a.public_code):
        response = client.post(f"/batches/{a.id}/chain/inputs", data={"code": code})
        assert response.status_code == 400 and b"go round in a loop" in response.data
    assert db.session.scalar(db.select(db.func.count(SupplyLink.id))) == 2


def test_a_business_sees_only_links_it_is_party_to_and_answers_incoming_ones(client, login_as, english):
    producer = _batch("Cơ sở Mực khô Sa Huỳnh", "Mực khô", "MK-1")
    buyer_business = make_business(name="Cửa hàng Đặc sản Đức Phổ")
    stranger = make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở Người ngoài"))
    login_as(_owner(producer))
    client.post(
        f"/batches/{producer.id}/chain/outputs",
        data={"business_id": str(buyer_business.id), "quantity": "10", "unit": "kg"},
    )
    link = db.session.scalar(db.select(SupplyLink))
    assert link.status == LinkStatus.PENDING and link.downstream_business == buyer_business

    login_as(stranger)
    assert client.get(f"/batches/{producer.id}/chain").status_code == 404
    assert client.post(f"/supply/links/{link.id}/confirm", data={}).status_code == 404

    buyer = login_as(make_user(role=Role.BUSINESS, business=buyer_business))
    own = make_batch(product=make_product(business=buyer_business, name="Mực khô đóng gói"), lot_code="DG-1")
    assert "Mực khô" in client.get("/supply/incoming").data.decode()
    assert (
        b"Say why"
        in client.get(client.post(f"/supply/links/{link.id}/dispute", data={f"l{link.id}-note": ""}).location).data
    )
    client.post(f"/supply/links/{link.id}/confirm", data={f"l{link.id}-batch_id": str(own.id)})
    db.session.refresh(link)
    assert link.status == LinkStatus.CONFIRMED and link.downstream_batch == own and link.decided_by == buyer
    assert "Mực khô" in client.get(f"/q/{own.public_code}").data.decode()


def test_recall_and_non_conformity_warn_every_batch_downstream(client, login_as, english):
    root = _batch("Cơ sở Nghệ tươi", "Nghệ tươi", "NT-1")
    middle = _batch("Hợp tác xã Nghệ Phổ Phong", "Tinh bột nghệ", "TB-1")
    end = _batch("Công ty Quà tặng", "Hộp quà tinh bột nghệ", "HQ-1")
    make_link(upstream=root, downstream=middle)
    make_link(upstream=middle, downstream=end)
    assert "which was" not in client.get(f"/q/{end.public_code}").data.decode()

    root.status = BatchStatus.RECALLED
    db.session.commit()
    for batch in (middle, end):
        page = client.get(f"/q/{batch.public_code}").data.decode()
        assert "Made from Nghệ tươi (lot NT-1), which was recalled." in page
    login_as(_owner(end))
    home = client.get("/business").data.decode()
    assert "Hộp quà tinh bột nghệ" in home and "Nghệ tươi" in home and "recalled" in home

    root.status = BatchStatus.ACTIVE
    db.session.commit()
    inspection = make_inspection(business=middle.product.business)
    make_item(inspection=inspection, batch=middle, checks={"conformity": "fail"}, result=CheckResult.FAIL)
    inspection_services.submit(inspection, inspection.created_by, "Không đạt")
    page = client.get(f"/q/{end.public_code}").data.decode()
    assert "Made from Tinh bột nghệ (lot TB-1), which was found not conforming." in page
    home = client.get("/business").data.decode()
    assert "Tinh bột nghệ" in home and "found not conforming" in home

    # Once the ward confirms the failure remedied, neither the consumer nor the downstream business is warned.
    item = inspection.items[0]
    make_violation(inspection=inspection, items=[item], status=ViolationStatus.REMEDIED)
    assert "which was found not conforming" not in client.get(f"/q/{end.public_code}").data.decode()
    assert "found not conforming" not in client.get("/business").data.decode()


def test_the_trace_export_rows_equal_the_recorded_links(client, login_as):
    a = _batch("Cơ sở A", "Cá cơm tươi", "CA-1")
    b = _batch("Cơ sở B", "Nước mắm cốt", "NC-1")
    c = _batch("Cơ sở C", "Nước mắm chai", "NB-1")
    links = [
        make_link(upstream=a, downstream=b, shipped_on=date(2026, 9, 1), document_ref="HĐ-1"),
        make_link(upstream=b, downstream=c, shipped_on=date(2026, 10, 1), document_ref="HĐ-2"),
        make_link(
            upstream=c,
            downstream=None,
            recorded_by=c.product.business,
            downstream_name="Chợ Thạch Trụ",
            shipped_on=date(2026, 11, 1),
            document_ref="HĐ-3",
        ),
    ]
    unrelated = _batch("Cơ sở D", "Muối", "MU-9")
    make_link(upstream=unrelated, downstream=None, recorded_by=unrelated.product.business, downstream_name="X")
    login_as(Role.INSPECTOR)
    sheet = load_workbook(io.BytesIO(client.get(f"/batches/{b.id}/trace.xlsx").data)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[9] for row in values] == [link.document_ref for link in links]
    assert [row[0] for row in values] == ["CA-1", "NC-1", "NB-1"]
    assert values[2][6] == "Chợ Thạch Trụ" and values[0][8].date() == date(2026, 9, 1)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    text = client.get(f"/batches/{b.id}/trace.csv").data.decode("utf-8")
    assert text.startswith("\ufeff")
    assert len(list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))) == 1 + len(links)


def test_a_supplier_named_like_a_formula_stays_text_in_the_trace(client, login_as):
    """A business types an outside supplier's name; an officer opening the trace in Excel must not run it."""
    batch = _batch("Cơ sở A", "Nước mắm", "NM-1")
    name = '=HYPERLINK("http://evil.example","Mở")'
    make_link(
        upstream=None, downstream=batch, recorded_by=batch.product.business, upstream_name=name, document_ref="+1234"
    )
    login_as(Role.INSPECTOR)
    sheet = load_workbook(io.BytesIO(client.get(f"/batches/{batch.id}/trace.xlsx").data)).active
    row = list(sheet.iter_rows(min_row=2))[0]
    assert row[4].value == name and row[4].data_type == "s"
    text = client.get(f"/batches/{batch.id}/trace.csv").data.decode("utf-8").lstrip("\ufeff")
    shipper, document = [(r[4], r[9]) for r in csv.reader(io.StringIO(text))][1]
    assert shipper == "'" + name and document == "'+1234"


def test_an_input_needs_a_batch_code_or_a_supplier(client, login_as, english):
    batch = _batch("Cơ sở A", "Sản phẩm A", "A-1")
    login_as(_owner(batch))
    assert b"Give the code of the batch used" in client.post(f"/batches/{batch.id}/chain/inputs", data={}).data
    product_only = make_product()
    response = client.post(f"/batches/{batch.id}/chain/inputs", data={"code": product_only.public_code})
    assert b"give the code of the batch" in response.data
    assert client.post(f"/batches/{batch.id}/chain/inputs", data={"code": "ZZZZZZZZ"}).status_code == 400
