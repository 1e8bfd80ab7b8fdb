"""The period's downloads: the XLSX workbook opened with openpyxl, the CSV files read back, the JSON data package
validated against its published schema. Counts are made here from the rows this test created, on both sides of
November 2026's edges at midnight in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from tests.factories import (
    make_batch,
    make_business,
    make_event,
    make_inspection,
    make_instrument,
    make_item,
    make_product,
    make_report,
    make_user,
    make_violation,
)
from traceapp.api import tokens
from traceapp.extensions import db
from traceapp.models import (
    BusinessKind,
    CheckResult,
    EventTopic,
    InspectionField,
    InspectionStatus,
    Measure,
    PeriodKind,
    PrepackagedLotCheck,
    PrepackagedSample,
    ProductCategory,
    Recall,
    RecallScope,
    ReportKind,
    ReportStatus,
    Role,
    ViolationCategory,
    WeighingTest,
)
from traceapp.reports import records
from traceapp.reports.figures import compute
from traceapp.reports.periods import month

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs/schema/tdc-package-1.2.json").read_text("utf-8"))
NOVEMBER = "kind=month&year=2026&n=11"
# 23:59 on 31 October in Đức Phổ, midnight starting 1 November, and 23:59 on 30 November (UTC+7).
BEFORE, FIRST, LAST = (
    datetime(2026, 10, 31, 16, 59, tzinfo=UTC),
    datetime(2026, 10, 31, 17, 0, tzinfo=UTC),
    datetime(2026, 11, 30, 16, 59, tzinfo=UTC),
)
AFTER = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # midnight starting 1 December
SECRET_PHONE = "0912345678"


@pytest.fixture
def world(app):
    """November's records (and some just outside it), with how many of each type fall inside."""
    biz = [
        make_business(name="Cơ sở nước mắm Thanh Hương", kind=BusinessKind.HOUSEHOLD, created_at=when)
        for when in (BEFORE, FIRST, LAST, AFTER)
    ]
    products = [
        make_product(business=biz[1], name="Nước mắm nhĩ cá cơm", gtin="8930000000019", created_at=FIRST),
        make_product(business=biz[1], name="Muối hạt Sa Huỳnh", category=ProductCategory.FOOD, created_at=AFTER),
    ]
    batches = [
        make_batch(product=products[0], created_at=when, production_date=date(2026, 11, 2))
        for when in (BEFORE, FIRST, LAST)
    ]
    inside = make_inspection(
        business=biz[1],
        status=InspectionStatus.SUBMITTED,
        started_at=FIRST,
        submitted_at=FIRST,
        fields=[InspectionField.LABELLING.value],
    )
    make_inspection(business=biz[1], status=InspectionStatus.SUBMITTED, started_at=AFTER, submitted_at=AFTER)
    make_inspection(business=biz[1], status=InspectionStatus.DRAFT, started_at=FIRST)  # a draft is not counted
    bad = make_item(inspection=inside, batch=batches[1], result=CheckResult.FAIL)
    make_item(inspection=inside, batch=batches[2], result=CheckResult.PASS)
    make_violation(
        inspection=inside,
        category=ViolationCategory.EXPIRED,
        measure=Measure.FINE,
        fine_vnd=3_500_000,
        seized_value_vnd=1_200_000,
        items=[bad],
        remedy_deadline=date(2026, 12, 15),
    )
    make_report(batch=batches[1], kind=ReportKind.EXPIRED, created_at=LAST, contact_phone=SECRET_PHONE)
    make_report(batch=batches[1], created_at=BEFORE)
    db.session.add_all(
        [
            Recall(
                scope=RecallScope.BATCH,
                product=products[0],
                batch=batch,
                reason="Hết hạn",
                recalled_on=recalled_on,
                user=inside.created_by,
            )
            for batch, recalled_on in ((batches[1], date(2026, 11, 30)), (batches[2], date(2026, 12, 1)))
        ]
    )
    db.session.commit()
    make_event(held_on=date(2026, 11, 20), topics=[EventTopic.LABELS.value], participants=40)
    make_event(held_on=date(2026, 12, 10))
    _metrology(biz[1], inside)
    return {
        "businesses": 2,
        "products": 1,
        "batches": 2,
        "inspections": 1,
        "violations": 1,
        "reports": 1,
        "recalls": 1,
        "events": 1,
        "instruments": 1,
    }


def _metrology(business, inspection) -> None:
    """A scale registered in November (another before it), weighed on the inspection, and a prepackaged lot checked."""
    make_instrument(business=business, created_at=BEFORE)
    scale = make_instrument(
        business=business,
        created_at=LAST,
        verified_on=date(2026, 3, 2),
        due_on=date(2027, 3, 1),
        certificate_number="KĐ-123/2026",
    )
    weighed = make_item(inspection=inspection, description="Cân điện tử sạp 12")
    weighed.instrument = scale
    db.session.add_all(
        [
            WeighingTest(item=weighed, position=1, load=Decimal("10"), reading=Decimal("10.01"), unit="kg"),
            WeighingTest(item=weighed, position=2, load=Decimal("20"), reading=Decimal("19.98"), unit="kg"),
        ]
    )
    lot_item = make_item(inspection=inspection, description="Nước mắm chai 500 ml")
    check = PrepackagedLotCheck(
        item=lot_item,
        nominal=Decimal("500"),
        unit="ml",
        lot_size=60,
        sample_size=2,
        allowed_over_t=0,
        tolerable_deficiency=Decimal("15"),
        over_t=0,
        over_2t=0,
        mean=Decimal("501.5"),
        mean_limit=Decimal("500"),
        passed=True,
    )
    check.samples = [PrepackagedSample(position=n, net=Decimal(net)) for n, net in ((1, "502"), (2, "501"))]
    db.session.add(check)
    db.session.commit()


@pytest.fixture
def officer(login_as):
    return login_as(Role.OFFICER)


@pytest.fixture
def admin_token(app):
    """A secret for the province's read-only API."""
    return tokens.issue("Sở KH&CN Quảng Ngãi", None, make_user(role=Role.ADMIN), date(2026, 11, 24))[1]


def test_workbook_has_a_summary_and_a_sheet_per_record_type_with_the_periods_rows(client, world, officer):
    response = client.get(f"/reports/export/workbook.xlsx?{NOVEMBER}")
    assert response.status_code == 200
    assert "so-lieu-ke-hoach-2026-11-01-2026-11-30.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Tổng hợp",
        "Cơ sở kinh doanh",
        "Sản phẩm",
        "Lô hàng",
        "Kiểm tra",
        "Vi phạm",
        "Phản ánh của người tiêu dùng",
        "Thu hồi",
        "Sự kiện",
        "Phương tiện đo",
    ]
    for sheet_name, name in zip(book.sheetnames[1:], records.EXPORTED, strict=True):
        sheet = book[sheet_name]
        assert sheet.max_row - 1 == world[name], sheet_name  # the header row aside
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")

    summary = {row[0].strip(): row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Số cuộc kiểm tra"] == (1, 0)
    assert summary["Tiền phạt đã quyết định (đồng)"] == (3_500_000, 0)

    inspections = book["Kiểm tra"]
    header = [cell.value for cell in inspections[1]]
    started = inspections.cell(row=2, column=header.index("Bắt đầu lúc") + 1)
    assert started.value == datetime(2026, 11, 1, 0, 0)  # the ward's clock, not UTC
    assert started.number_format == "dd/mm/yyyy hh:mm"
    goods = inspections.cell(row=2, column=header.index("Số mặt hàng đã kiểm tra, số không đạt") + 1)
    assert goods.value == "4 đã kiểm tra, 1 không đạt"

    violations = book["Vi phạm"]
    header = [cell.value for cell in violations[1]]
    fine = violations.cell(row=2, column=header.index("Tiền phạt (đồng)") + 1)
    assert fine.value == 3_500_000 and "₫" in fine.number_format
    assert violations.cell(row=2, column=header.index("Loại vi phạm") + 1).value == "Hàng hóa quá hạn sử dụng"
    deadline = violations.cell(row=2, column=header.index("Hạn khắc phục") + 1)
    assert deadline.value.date() == date(2026, 12, 15) and deadline.number_format == "dd/mm/yyyy"


def test_every_column_header_says_what_its_column_holds(client, world, officer):
    """One header per meaning on each sheet: no two columns read alike, the record's own number is not "Mã số"
    (which an officer reads as the tax number), and the consumer report's kind and message are told apart."""
    book = load_workbook(io.BytesIO(client.get(f"/reports/export/workbook.xlsx?{NOVEMBER}").data))
    for sheet in book.worksheets[1:]:
        header = [cell.value for cell in sheet[1]]
        assert len(set(header)) == len(header), (sheet.title, header)
        assert header[0] == "Mã bản ghi" and "Mã số" not in header, sheet.title
    reports = [cell.value for cell in book["Phản ánh của người tiêu dùng"][1]]
    assert {"Loại vấn đề phản ánh", "Nội dung phản ánh", "Trả lời của phường"} <= set(reports)
    inspections = [cell.value for cell in book["Kiểm tra"][1]]
    assert {"Số biên bản kiểm tra", "Đơn vị kiểm tra", "Nơi kiểm tra"} <= set(inspections)


def test_an_empty_period_still_gives_every_sheet(client, world, officer):
    book = load_workbook(io.BytesIO(client.get("/reports/export/workbook.xlsx?kind=month&year=2025&n=1").data))
    assert book["Kiểm tra"]["A1"].value == "Không có hồ sơ nào trong kỳ này."


def _csv(client, name: str, query: str = NOVEMBER) -> list[dict]:
    response = client.get(f"/reports/export/{name}.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel reads the Vietnamese as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_each_csv_holds_the_periods_records_with_codes_and_iso_dates(client, world, officer):
    for name, expected in world.items():
        assert len(_csv(client, name)) == expected, name
    [violation] = _csv(client, "violations")
    assert violation["category"] == "expired" and violation["fine_vnd"] == "3500000"
    assert violation["remedy_deadline"] == "2026-12-15" and json.loads(violation["item_ids"])
    [inspection] = _csv(client, "inspections")
    assert inspection["started_at"] == "2026-10-31T17:00:00+00:00"
    items = json.loads(inspection["items"])
    assert [item["result"] for item in items] == ["fail", "pass", "pass", "pass"]
    scale, lot = items[2], items[3]
    assert scale["instrument_id"] and [(t["load"], t["reading"]) for t in scale["weighing_tests"]] == [
        (10.0, 10.01),
        (20.0, 19.98),
    ]
    assert lot["lot_check"]["passed"] is True and lot["lot_check"]["samples_net"] == [502.0, 501.0]
    [instrument] = _csv(client, "instruments")
    assert instrument["due_on"] == "2027-03-01" and instrument["certificate_number"] == "KĐ-123/2026"
    [product] = _csv(client, "products")
    assert product["name"] == "Nước mắm nhĩ cá cơm" and product["gtin"] == "08930000000019"


def test_a_csv_of_an_empty_period_names_its_columns(client, world, officer):
    response = client.get("/reports/export/recalls.csv?kind=month&year=2025&n=1")
    header = response.get_data(as_text=True).strip("\ufeff\r\n").split(",")
    assert header == list(records.RECORD_TYPES["recalls"].fields)


def test_unknown_record_type_and_unreadable_period(client, world, officer, english):
    assert client.get(f"/reports/export/passwords.csv?{NOVEMBER}").status_code == 404
    response = client.get("/reports/export/workbook.xlsx?kind=month&year=2026&n=13", follow_redirects=True)
    assert response.request.path == "/reports/figures"
    assert "That period could not be read" in response.get_data(as_text=True)


def _package(client, query: str = NOVEMBER) -> dict:
    response = client.get(f"/reports/export/package.json?{query}")
    assert response.status_code == 200
    return json.loads(response.data)


def test_the_data_package_validates_against_its_schema_and_holds_the_periods_records(client, world, officer):
    data = _package(client)
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert data["schema_version"] == "1.2" and data["period"] == {
        "kind": "month",
        "start": "2026-11-01",
        "end": "2026-11-30",
    }
    assert {name: len(rows) for name, rows in data["records"].items()} == world
    assert data["figures"] == json.loads(json.dumps(compute(month(2026, 11)).as_dict()))
    assert data["records"]["events"][0]["topics"] == ["labels"]
    assert SECRET_PHONE not in json.dumps(data)  # the consumer's phone stays with the ward


def test_an_empty_periods_package_validates_too(client, world, officer):
    data = _package(client, "kind=month&year=2025&n=1")
    Draft202012Validator(SCHEMA).validate(data)
    assert all(rows == [] for rows in data["records"].values())


def test_a_row_that_breaks_the_schema_is_refused(client, world, officer):
    """The schema is a real contract: a wrong code or a missing field does not pass."""
    data = _package(client)
    data["records"]["violations"][0]["measure"] = "flogging"
    assert list(Draft202012Validator(SCHEMA).iter_errors(data))
    data = _package(client)
    del data["records"]["batches"][0]["lot_code"]
    assert list(Draft202012Validator(SCHEMA).iter_errors(data))


@pytest.mark.parametrize(
    ("definition", "field", "enum_cls"),
    [
        ("business", "kind", BusinessKind),
        ("violation", "category", ViolationCategory),
        ("violation", "measure", Measure),
        ("report", "kind", ReportKind),
        ("recall", "scope", RecallScope),
    ],
)
def test_the_schemas_codes_are_the_registers_codes(definition, field, enum_cls):
    """A code added to the register without a new schema version would break the province's import: fail here."""
    assert SCHEMA["$defs"][definition]["properties"][field]["enum"] == [member.value for member in enum_cls]


def test_the_schema_names_every_field_of_every_row(world):
    for name in records.EXPORTED:
        definition = SCHEMA["properties"]["records"]["properties"][name]["items"]["$ref"].rsplit("/", 1)[1]
        row = next(records.stream(records.RECORD_TYPES[name], (None, None)))
        assert list(row) == SCHEMA["$defs"][definition]["required"], name
        assert set(row) == set(SCHEMA["$defs"][definition]["properties"]), name


def test_period_kind_codes_match(world):
    assert SCHEMA["properties"]["period"]["properties"]["kind"]["enum"] == [kind.value for kind in PeriodKind]


def test_the_figures_page_links_to_every_download(client, world, officer):
    page = client.get(f"/reports/figures?{NOVEMBER}").get_data(as_text=True)
    for url in (
        "/reports/export/workbook.xlsx?",
        "/reports/export/package.json?",
        "/reports/export/epcis.jsonld?",
        *(f"/reports/export/{name}.csv?" for name in records.EXPORTED),
    ):
        assert url in page, url


def test_the_epcis_download_is_the_periods_document(client, world, officer):
    response = client.get(f"/reports/export/epcis.jsonld?{NOVEMBER}")
    assert response.mimetype == "application/ld+json"
    assert "epcis-2026-11-01-2026-11-30.jsonld" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    steps = [event["bizStep"] for event in document["epcisBody"]["eventList"]]
    # Two batches registered, one failed and one passed item, one recall: November's and no other month's.
    assert sorted(steps) == ["commissioning", "commissioning", "holding", "inspecting", "inspecting"]


def test_text_that_a_spreadsheet_would_run_as_a_formula_stays_text(client, world, officer):
    """A business can name itself anything; an officer opening the CSV in Excel must not run it."""
    make_business(name='=HYPERLINK("http://evil.example","Bấm vào đây")', created_at=FIRST)
    names = [row["name"] for row in _csv(client, "businesses")]
    assert '\'=HYPERLINK("http://evil.example","Bấm vào đây")' in names
    book = load_workbook(io.BytesIO(client.get(f"/reports/export/workbook.xlsx?{NOVEMBER}").data))
    cells = [cell.value for row in book["Cơ sở kinh doanh"].iter_rows() for cell in row]
    assert '=HYPERLINK("http://evil.example","Bấm vào đây")' in cells  # a text cell, not a formula
    assert all(cell.data_type != "f" for row in book["Cơ sở kinh doanh"].iter_rows() for cell in row)


PRIVATE = {
    "message": "Tôi là Nguyễn Thị Bình, gọi 0912 345 678 hoặc binh.nguyen@gmail.com; CCCD 051203001234.",
    "place": "Tiệm tạp hóa gần nhà, CMND 212345678, ĐT +84 935 111 222",
    "reply": "Phường đã gọi lại số 0935.111.222 và gửi thư tới binh.nguyen@gmail.com.",
}
PRIVATE_PARTS = ("0912 345 678", "binh.nguyen@gmail.com", "051203001234", "212345678", "935 111 222", "0935.111.222")
CONTACT_PHONE = "0987654321"


def test_a_consumers_personal_data_leaves_the_ward_in_no_export(client, world, officer, admin_token):
    """Phone, e-mail and ID numbers typed into a report are masked in every export; the contact phone never goes."""
    report = make_report(created_at=LAST, contact_phone=CONTACT_PHONE, **PRIVATE)
    masked = {
        "message": "Tôi là Nguyễn Thị Bình, gọi [số điện thoại] hoặc [email]; CCCD [số CCCD].",
        "place": "Tiệm tạp hóa gần nhà, CMND [số CMND], ĐT [số điện thoại]",
        "reply": "Phường đã gọi lại số [số điện thoại] và gửi thư tới [email].",
    }

    def clean(text: str) -> None:
        for part in (*PRIVATE_PARTS, CONTACT_PHONE):
            assert part not in text, part

    package = _package(client)
    clean(json.dumps(package, ensure_ascii=False))
    [row] = [row for row in package["records"]["reports"] if row["id"] == report.id]
    assert {field: row[field] for field in masked} == masked

    for name in records.EXPORTED:
        clean(client.get(f"/reports/export/{name}.csv?{NOVEMBER}").get_data(as_text=True))
    [row] = [row for row in _csv(client, "reports") if row["id"] == str(report.id)]
    assert {field: row[field] for field in masked} == masked

    book = load_workbook(io.BytesIO(client.get(f"/reports/export/workbook.xlsx?{NOVEMBER}").data))
    cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    clean("\n".join(cells))
    assert set(masked.values()) <= set(cells)

    clean(client.get(f"/reports/export/epcis.jsonld?{NOVEMBER}").get_data(as_text=True))

    client.post("/logout")
    response = client.get(
        "/api/v1/reports?from=2026-11-01&to=2026-11-30", headers={"Authorization": f"Bearer {admin_token}"}
    )
    assert response.status_code == 200
    clean(response.get_data(as_text=True))
    [row] = [row for row in response.json["data"] if row["id"] == report.id]
    assert {field: row[field] for field in masked} == masked


def test_staff_still_see_the_full_text_to_follow_the_report_up(client, world, officer):
    report = make_report(created_at=LAST, contact_phone=CONTACT_PHONE, status=ReportStatus.RESOLVED, **PRIVATE)
    page = client.get(f"/consumer-reports/{report.id}").get_data(as_text=True)
    for part in (
        "0912 345 678",
        "binh.nguyen@gmail.com",
        "051203001234",
        "212345678",
        "+84 935 111 222",
        "0935.111.222",
    ):
        assert part in page, part
