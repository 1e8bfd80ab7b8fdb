"""The EPCIS 2.0 export of a period: what the province's system reads. Every document validates against GS1's
EPCIS 2.0 JSON Schema (vendored under tests/schemas/epcis/, formats checked); every event has CBV 2.0 terms only;
the events equal the records of the period (with records on both sides of the edges at midnight in
Asia/Ho_Chi_Minh); the ward's inspections and recalls say where (``bizLocation``, ``readPoint``); outside parties'
names never appear; GTIN products carry GS1 Digital Links; the demo's recall is in the export."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft7Validator

from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_link,
    make_product,
    make_user,
    valid_gtin,
)
from traceapp import demo
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import Batch, BatchStatus, CheckResult, InspectionStatus, LinkStatus, Recall, RecallScope, Role
from traceapp.reports import periods
from traceapp.reports.epcis import document
from traceapp.reports.package import dumps

SCHEMA_FILE = Path(__file__).parent / "schemas" / "epcis" / "EPCIS-JSON-Schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)  # the schema says draft-07

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://truyxuat.ducpho.example"  # PUBLIC_BASE_URL in tests/conftest.py
NOVEMBER = periods.month(2026, 11)
OCTOBER_LAST = datetime(2026, 10, 31, 16, 59, tzinfo=UTC)  # 23:59 on 31 October in the ward
NOVEMBER_FIRST = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # midnight starting 1 November
LAST_MINUTE = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)  # 23:59 on 30 November
NEXT_MONTH = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # midnight starting 1 December

# CBV 2.0 (GS1 Core Business Vocabulary, ref.gs1.org/cbv): business steps and dispositions, as bare terms.
CBV_BIZ_STEPS = {
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "sampling",
    "sensor_reporting",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
}
CBV_DISPOSITIONS = {
    "active",
    "available",
    "completeness_inferred",
    "completeness_verified",
    "conformant",
    "container_closed",
    "container_open",
    "damaged",
    "destroyed",
    "dispensed",
    "disposed",
    "encoded",
    "expired",
    "in_progress",
    "in_transit",
    "inactive",
    "mismatch_class",
    "mismatch_instance",
    "mismatch_quantity",
    "needs_replacement",
    "no_pedigree_match",
    "non_conformant",
    "non_sellable_other",
    "partially_dispensed",
    "recalled",
    "reserved",
    "retail_sold",
    "returned",
    "sellable_accessible",
    "sellable_not_accessible",
    "stolen",
    "unavailable",
    "unknown",
}
SHOP_POSITION = (14.8123456, 108.9654321)  # the phone's fix at the sauce maker's, WGS 84
STALL_POSITION = (14.79, 108.97)  # at a stall known by name only
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
PRIVATE = (
    "Chị Tư bán lẻ chợ Sa Huỳnh",
    "Ghe cá ông Sáu",
    "Cảng cá Sa Huỳnh",
    "HĐ 0098765",
    "Hộ kinh doanh Nước mắm Bà Năm",
    "Sạp hàng khô chợ Thạch Trụ",
)


def in_november(value: datetime | date) -> bool:
    """Independently of traceapp: the calendar day in the ward."""
    day = value.astimezone(VN).date() if isinstance(value, datetime) else value
    return NOVEMBER.start <= day <= NOVEMBER.end


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=VN).astimezone(UTC)


@dataclass
class World:
    expected: Counter = field(default_factory=Counter)  # (bizStep, disposition) -> events the period must hold
    classes: dict[str, str] = field(default_factory=dict)  # name -> the class URI the test expects
    commissioned: set[str] = field(default_factory=set)  # classes of batches registered in November
    producer: str = ""  # the sauce maker's premises: bizLocation of its batches, its inspection and its recalls


@pytest.fixture
def world(app) -> World:
    w = World()
    sauce_maker = make_business(name="Hộ kinh doanh Nước mắm Bà Năm")
    shop = make_business(name="Cửa hàng Đặc sản Đức Phổ")
    gtin = valid_gtin()
    bottled = make_product(business=sauce_maker, name="Nước mắm cá cơm 500 ml", gtin=gtin)
    loose = make_product(business=sauce_maker, name="Mắm ruốc")
    resold = make_product(business=shop, name="Nước mắm quà tặng")
    w.classes["bottled"] = f"https://id.gs1.org/01/{gtin.zfill(14)}"
    w.classes["loose"] = f"{BASE}/q/{loose.public_code}"
    w.producer = f"urn:traceapp:truyxuat.ducpho.example:business:{sauce_maker.id}"

    batches = {}
    for name, product, lot, created, quantity, unit in [
        ("october", loose, "T10-31", OCTOBER_LAST, Decimal("40"), "hũ"),
        ("first", bottled, "L/01 A", NOVEMBER_FIRST, Decimal("120.5"), "kg"),
        ("no_quantity", loose, "T11-15", datetime(2026, 11, 15, 3, tzinfo=UTC), None, ""),
        ("last", bottled, "L30", LAST_MINUTE, Decimal("600"), "chai"),
        ("december", loose, "T12-01", NEXT_MONTH, Decimal("10"), "kg"),
        ("shop", resold, "QT-1", datetime(2026, 9, 1, tzinfo=UTC), Decimal("50"), "hộp"),
    ]:
        batch = make_batch(product=product, lot_code=lot, created_at=created, quantity=quantity, unit=unit)
        batches[name] = batch
        w.classes[name] = (
            f"{w.classes['bottled']}/10/{lot.replace('/', '%2F').replace(' ', '%20')}"
            if product.gtin
            else f"{BASE}/q/{batch.public_code}"
        )
        if in_november(created):
            w.commissioned.add(w.classes[name])
            w.expected["commissioning", "active"] += 1

    first, last = batches["first"], batches["last"]
    links = [
        # upstream, downstream, status, shipped on, created, decided: shipping and receiving in November?
        dict(
            upstream=first,
            downstream=batches["shop"],
            status=LinkStatus.CONFIRMED,
            shipped_on=date(2026, 10, 31),
            decided_at=NOVEMBER_FIRST,
            document_ref="HĐ 0098765",
        ),
        dict(upstream=first, downstream_business=shop, status=LinkStatus.PENDING, shipped_on=date(2026, 11, 1)),
        dict(
            upstream=first,
            downstream_name="Chị Tư bán lẻ chợ Sa Huỳnh",
            downstream_address="Chợ Sa Huỳnh",
            shipped_on=date(2026, 11, 15),
        ),
        dict(
            upstream=last,
            downstream=batches["shop"],
            status=LinkStatus.CONFIRMED,
            shipped_on=date(2026, 11, 30),
            decided_at=NEXT_MONTH,
        ),
        dict(
            upstream=last,
            downstream_business=shop,
            status=LinkStatus.DISPUTED,
            shipped_on=date(2026, 11, 10),
            decided_at=datetime(2026, 11, 11, tzinfo=UTC),
        ),
        dict(
            upstream=None,
            downstream=batches["first"],
            upstream_name="Ghe cá ông Sáu",
            upstream_address="Cảng cá Sa Huỳnh",
            shipped_on=date(2026, 11, 5),
        ),
        dict(upstream=first, downstream=batches["no_quantity"], shipped_on=None, created_at=OCTOBER_LAST),
        dict(upstream=first, downstream=batches["no_quantity"], shipped_on=None, created_at=NOVEMBER_FIRST),
    ]
    for spec in links:
        owner = (spec["upstream"] or spec["downstream"]).product.business
        make_link(recorded_by=owner, **spec)
        if spec["upstream"] is None or spec.get("status") == LinkStatus.DISPUTED:
            continue
        shipped = midnight(spec["shipped_on"]) if spec.get("shipped_on") else spec["created_at"]
        if in_november(shipped):
            w.expected["shipping", "in_transit"] += 1
        registered = spec.get("downstream") is not None or spec.get("downstream_business") is not None
        received = spec.get("decided_at") or shipped
        if spec.get("status", LinkStatus.CONFIRMED) == LinkStatus.CONFIRMED and registered and in_november(received):
            w.expected["receiving", "in_progress"] += 1

    inspector = make_user(role=Role.INSPECTOR)
    inspections = []
    for started, status, business, position, items in [
        (
            NOVEMBER_FIRST,
            InspectionStatus.SUBMITTED,
            sauce_maker,
            SHOP_POSITION,
            [
                (first, None, CheckResult.PASS),
                (None, loose, CheckResult.FAIL),
                (last, None, CheckResult.NOT_APPLICABLE),
                (None, None, CheckResult.FAIL),
                (None, bottled, CheckResult.FAIL),
            ],
        ),
        (
            LAST_MINUTE,
            InspectionStatus.SUBMITTED,
            None,
            STALL_POSITION,
            [(batches["no_quantity"], None, CheckResult.PASS)],
        ),
        (OCTOBER_LAST, InspectionStatus.SUBMITTED, sauce_maker, None, [(first, None, CheckResult.FAIL)]),
        (
            datetime(2026, 11, 20, tzinfo=UTC),
            InspectionStatus.DRAFT,
            sauce_maker,
            None,
            [(last, None, CheckResult.FAIL)],
        ),
        (NEXT_MONTH, InspectionStatus.SUBMITTED, sauce_maker, None, [(last, None, CheckResult.PASS)]),
    ]:
        latitude, longitude = position or (None, None)
        inspection = make_inspection(
            business=business,
            created_by=inspector,
            status=status,
            started_at=started,
            latitude=latitude,
            longitude=longitude,
        )
        inspections.append(inspection)
        for batch, product, result in items:
            make_item(
                inspection=inspection,
                batch=batch,
                product=product,
                result=result,
                description="" if batch or product else "Mắm không nhãn",
            )
            counted = status == InspectionStatus.SUBMITTED and in_november(started) and (batch or product)
            if counted and result != CheckResult.NOT_APPLICABLE:
                w.expected["inspecting", "conformant" if result == CheckResult.PASS else "non_conformant"] += 1

    for recalled_on, batch, inspection in [
        (date(2026, 10, 31), first, None),
        (date(2026, 11, 1), first, inspections[0]),  # decided on the spot, at the inspection of 1 November
        (date(2026, 11, 30), None, None),
        (date(2026, 12, 1), last, None),
    ]:
        db.session.add(
            Recall(
                scope=RecallScope.BATCH if batch else RecallScope.PRODUCT,
                product_id=bottled.id,
                batch_id=batch.id if batch else None,
                reason="Hàm lượng histamin vượt mức",
                recalled_on=recalled_on,
                inspection_id=inspection.id if inspection else None,
                user_id=inspector.id,
            )
        )
        if in_november(recalled_on):
            w.expected["holding", "recalled"] += 1
    db.session.commit()
    return w


def events(doc: dict) -> list[dict]:
    return doc["epcisBody"]["eventList"]


def test_the_document_is_an_epcis_2_document_of_object_events_in_cbv_terms(world):
    doc = document(NOVEMBER)
    assert doc["type"] == "EPCISDocument" and doc["schemaVersion"] == "2.0"
    assert "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld" in doc["@context"]
    assert UTC_TIME.match(doc["creationDate"])
    assert events(doc)
    for event in events(doc):
        assert event["type"] == "ObjectEvent" and event["action"] in ("ADD", "OBSERVE", "DELETE")
        assert UTC_TIME.match(event["eventTime"]) and event["eventTimeZoneOffset"] == "+07:00"
        assert event.get("epcList") or event.get("quantityList"), event
        for element in event.get("quantityList", []):
            assert element["epcClass"].startswith(("https://id.gs1.org/01/", f"{BASE}/q/"))
            assert "uom" not in element or "quantity" in element
        assert event["bizStep"] in CBV_BIZ_STEPS and event["disposition"] in CBV_DISPOSITIONS
        assert event["eventID"].startswith("urn:uuid:")
    times = [datetime.fromisoformat(e["eventTime"].replace("Z", "+00:00")) for e in events(doc)]
    assert times == sorted(times)
    assert all(in_november(t) for t in times)
    json.dumps(doc)  # JSON-safe as it is


def test_the_events_equal_the_records_of_the_period(world):
    got = Counter((e["bizStep"], e["disposition"]) for e in events(document(NOVEMBER)))
    assert got == world.expected
    # The fixture's own arithmetic, spelled out: 3 batches registered, 4 links shipped (one only recorded,
    # one disputed, one from an outside supplier and two before or after are not), 2 received, 2 + 2 items
    # inspected (N/A and goods described in words left out), 2 recalls.
    assert world.expected == Counter(
        {
            ("commissioning", "active"): 3,
            ("shipping", "in_transit"): 4,
            ("receiving", "in_progress"): 2,
            ("inspecting", "conformant"): 2,
            ("inspecting", "non_conformant"): 2,
            ("holding", "recalled"): 2,
        }
    )


def test_the_edges_fall_at_midnight_in_the_ward(world):
    doc = document(NOVEMBER)
    commissioned = {e["quantityList"][0]["epcClass"] for e in events(doc) if e["bizStep"] == "commissioning"}
    assert commissioned == world.commissioned
    assert world.classes["first"] in commissioned and world.classes["october"] not in commissioned
    assert world.classes["last"] in commissioned and world.classes["december"] not in commissioned
    first = events(doc)[0]
    assert first["eventTime"] == "2026-10-31T17:00:00.000Z"  # 00:00 on 1 November in Đức Phổ
    recalls = [e["eventTime"] for e in events(doc) if e["bizStep"] == "holding"]
    assert recalls == ["2026-10-31T17:00:00.000Z", "2026-11-29T17:00:00.000Z"]
    october = Counter(e["bizStep"] for e in events(document(periods.month(2026, 10))))
    assert october == Counter({"commissioning": 1, "shipping": 2, "receiving": 1, "inspecting": 1, "holding": 1})


def test_outside_parties_and_names_never_appear(world):
    text = json.dumps(document(NOVEMBER), ensure_ascii=False)
    for private in PRIVATE:
        assert private not in text, private
    for event in events(document(NOVEMBER)):
        for party in event.get("sourceList", []) + event.get("destinationList", []):
            assert party["type"] == "owning_party"
            assert (party.get("source") or party.get("destination")).startswith("urn:traceapp:")


def test_gtin_products_carry_gs1_digital_links_and_quantities_their_unit(world):
    by_class = {
        e["quantityList"][0]["epcClass"]: e["quantityList"][0]
        for e in events(document(NOVEMBER))
        if e["bizStep"] == "commissioning"
    }
    assert by_class[world.classes["first"]] == {
        "epcClass": f"{world.classes['bottled']}/10/L%2F01%20A",
        "quantity": 120.5,
        "uom": "KGM",
    }
    assert by_class[world.classes["last"]] == {"epcClass": world.classes["last"], "quantity": 600.0}  # chai: a count
    assert by_class[world.classes["no_quantity"]] == {"epcClass": world.classes["no_quantity"]}
    inspected = {
        e["quantityList"][0]["epcClass"]: e["disposition"]
        for e in events(document(NOVEMBER))
        if e["bizStep"] == "inspecting"
    }
    assert inspected == {
        world.classes["first"]: "conformant",
        world.classes["loose"]: "non_conformant",
        world.classes["bottled"]: "non_conformant",
        world.classes["no_quantity"]: "conformant",
    }


def test_re_exporting_gives_the_same_event_ids(world):
    once, again = document(NOVEMBER), document(NOVEMBER)
    ids = [e["eventID"] for e in events(once)]
    assert ids == [e["eventID"] for e in events(again)]
    assert len(set(ids)) == len(ids)
    assert events(once) == events(again)


def test_an_empty_period_is_a_valid_empty_document(app):
    doc = document(periods.month(2026, 1))
    assert doc["type"] == "EPCISDocument" and events(doc) == []


def _validated(doc: dict) -> dict:
    """``doc`` as the downloaded file carries it (JSON text read back), checked against GS1's schema."""
    sent = json.loads(dumps(doc))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(sent)]
    assert not errors, errors[:5]
    return sent


def test_every_export_validates_against_gs1s_epcis_2_json_schema(world):
    for period in (NOVEMBER, periods.month(2026, 10), periods.month(2026, 12), periods.month(2026, 1)):
        _validated(document(period))
    # The schema and its format checks do bite: a made-up step, a location that is no URI, a time with a space.
    event = events(document(NOVEMBER))[0]
    for broken in (
        {**event, "bizStep": "recall"},
        {**event, "readPoint": {"id": "14.81, 108.96"}},
        {**event, "eventTime": "2026-11-01 00:00:00"},
        {key: value for key, value in event.items() if key != "eventTime"},
    ):
        assert not VALIDATOR.is_valid({**document(periods.month(2026, 1)), "epcisBody": {"eventList": [broken]}})


def test_the_wards_inspections_and_recalls_say_where(world):
    doc = _validated(document(NOVEMBER))
    inspected = [e for e in events(doc) if e["bizStep"] == "inspecting"]
    at_the_producer = [e for e in inspected if e["eventTime"] == "2026-10-31T17:00:00.000Z"]
    assert len(at_the_producer) == 3
    for event in at_the_producer:
        assert event["bizLocation"] == {"id": world.producer}
        assert event["readPoint"] == {"id": "geo:14.812346,108.965432"}
    (at_the_stall,) = [e for e in inspected if e["eventTime"] == "2026-11-30T16:59:00.000Z"]
    assert at_the_stall["readPoint"] == {"id": "geo:14.790000,108.970000"}
    assert "bizLocation" not in at_the_stall  # a place known by name only: no identifier, no name

    recalls = [e for e in events(doc) if e["disposition"] == "recalled"]
    assert [e["bizLocation"] for e in recalls] == [{"id": world.producer}] * 2
    on_the_spot, later = recalls
    assert on_the_spot["readPoint"] == {"id": "geo:14.812346,108.965432"}  # made at the inspection of 1 November
    assert "readPoint" not in later
    # The businesses' own events keep their premises: commissioning at the maker's, receipt at the receiver's.
    for event in events(doc):
        if event["bizStep"] in ("commissioning", "receiving"):
            assert event["bizLocation"]["id"].startswith("urn:traceapp:truyxuat.ducpho.example:business:")
            assert "readPoint" not in event


def test_the_demos_recall_is_an_event_of_the_export(app):
    demo.load()
    recalled = db.session.scalars(db.select(Batch).where(Batch.status == BatchStatus.RECALLED)).one()
    day = db.session.scalars(db.select(Recall.recalled_on).where(Recall.batch_id == recalled.id)).one()
    assert day <= local_today()
    doc = _validated(document(periods.month(day.year, day.month)))
    (event,) = [e for e in events(doc) if e["disposition"] == "recalled"]
    assert event["bizStep"] == "holding" and event["action"] == "OBSERVE"
    product = recalled.product
    want = (
        f"https://id.gs1.org/01/{product.gtin.zfill(14)}/10/{quote(recalled.lot_code, safe='')}"
        if product.gtin
        else f"{BASE}/q/{recalled.public_code}"
    )
    assert event["quantityList"] == [{"epcClass": want}]
    assert event["bizLocation"] == {"id": f"urn:traceapp:truyxuat.ducpho.example:business:{product.business_id}"}
    assert event["eventTime"] == midnight(day).isoformat(timespec="milliseconds").replace("+00:00", "Z")
