"""The register of measuring instruments (issue 14, items 1–3): declaring, checking, confirming and retiring, the due
dates, the lists and home panels by role, the XLSX for the verification organisation, and the public page a
sticker's QR opens, with its verdict at the edges of the due date."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.factories import make_business, make_inspection, make_instrument, make_item, make_user, make_violation
from traceapp.audit import trail
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.instruments.errors import InstrumentError, NotAllowed
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.services import (
    confirm_instrument,
    declare_instrument,
    retire_instrument,
    update_instrument,
)
from traceapp.metrology.rules import add_months
from traceapp.models import (
    AccuracyClass,
    AuditEntry,
    CheckResult,
    ConsumerReport,
    InspectionField,
    InspectionStatus,
    InstrumentKind,
    InstrumentStatus,
    MeasuringInstrument,
    Role,
    ViolationCategory,
)
from traceapp.web.formatting import format_date

# Mid-morning in the ward (UTC+7): far from midnight, so "today" is the same day in UTC and in the ward.
NOON = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)


@pytest.fixture
def today(app, clock_at) -> date:
    clock_at(NOON)
    return local_today()


def scale(**fields) -> InstrumentInput:
    """An electronic market scale, 30 kg, e = 10 g, class III; ``fields`` override."""
    values: dict = {
        "kind": InstrumentKind.ELECTRONIC_SCALE,
        "place_name": "Chợ Đức Phổ",
        "stall": "A12",
        "manufacturer": "Nhơn Hòa",
        "serial_number": "NH-0001",
        "accuracy_class": AccuracyClass.MEDIUM,
        "max_capacity": Decimal("30"),
        "scale_interval": Decimal("0.01"),
        "unit": "kg",
        "certificate_number": "KĐ-123",
        "verified_by": "Trung tâm Kỹ thuật TĐC Quảng Ngãi",
    }
    values.update(fields)
    return InstrumentInput(**values)


def owner_and_business():
    business = make_business(name="Hộ kinh doanh Cá Biển Bà Tư")
    return make_user(role=Role.BUSINESS, business=business), business


def declared(owner, business, **fields) -> MeasuringInstrument:
    return declare_instrument(owner, business.id, scale(**fields))


# --- services: due dates ------------------------------------------------------------------------------------


def test_a_declared_scale_is_due_a_period_after_its_verification_and_is_audited(today):
    owner, business = owner_and_business()
    verified = today - timedelta(days=100)
    instrument = declared(owner, business, verified_on=verified)
    assert instrument.status == InstrumentStatus.DECLARED
    assert instrument.due_on == add_months(verified, 12)  # electronic scale: 12 months
    assert len(instrument.public_code) == 8 and instrument.declared_by_id == owner.id
    entries = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.entity == "measuring_instrument", AuditEntry.entity_id == instrument.id)
    ).all()
    assert [entry.action for entry in entries] == ["create"]


def test_the_date_the_certificate_states_overrides_the_period_and_a_change_recomputes(today):
    owner, business = owner_and_business()
    verified = today - timedelta(days=10)
    stated = verified + timedelta(days=200)
    instrument = declared(owner, business, verified_on=verified, stated_until=stated)
    assert instrument.due_on == stated
    update_instrument(owner, instrument, scale(kind=InstrumentKind.SPRING_DIAL_SCALE, verified_on=verified))
    assert instrument.due_on == add_months(verified, 24)  # spring dial scale: 24 months
    update_instrument(owner, instrument, scale(kind=InstrumentKind.SPRING_DIAL_SCALE))
    assert instrument.due_on is None  # no verification date: nothing to count from


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scale_interval": Decimal("30.01")}, "scale_interval"),  # e > Max
        ({"max_capacity": Decimal("0")}, "max_capacity"),
        ({"scale_interval": Decimal("-0.01")}, "scale_interval"),
        ({"max_capacity": Decimal("10000000")}, "max_capacity"),  # the column holds less
        ({"scale_interval": Decimal("0.0000001")}, "scale_interval"),  # 7 decimals would be rounded away
        ({"max_capacity": None}, "max_capacity"),  # a scale has Max and e
        ({"unit": "L"}, "unit"),  # a scale weighs
        ({"unit": "furlong"}, "unit"),
        ({"kind": InstrumentKind.FUEL_DISPENSER, "unit": "L"}, "accuracy_class"),  # classes are for scales
        (
            {"kind": InstrumentKind.WATER_METER, "unit": "m3", "accuracy_class": None, "is_reference_scale": True},
            "is_reference_scale",
        ),
        ({"stall": "x" * 41}, "stall"),
    ],
)
def test_rules_between_the_fields_refuse_with_the_field_named(today, fields, field):
    owner, business = owner_and_business()
    with pytest.raises(InstrumentError) as refused:
        declared(owner, business, **fields)
    assert refused.value.field == field
    assert db.session.scalar(db.select(db.func.count(MeasuringInstrument.id))) == 0


def test_the_edges_that_are_allowed(today):
    owner, business = owner_and_business()
    instrument = declared(
        owner,
        business,
        scale_interval=Decimal("30"),  # e == Max
        max_capacity=Decimal("30"),
        verified_on=today,  # verified today
        stated_until=today + timedelta(days=1),  # the day after
    )
    assert instrument.due_on == today + timedelta(days=1)
    meter = declare_instrument(
        owner,
        business.id,
        InstrumentInput(kind=InstrumentKind.WATER_METER, unit="m3", max_capacity=Decimal("9999999.999999")),
    )
    assert meter.max_capacity == Decimal("9999999.999999") and meter.due_on is None


def test_verification_dates_refused_in_the_future_or_out_of_order(today):
    owner, business = owner_and_business()
    with pytest.raises(InstrumentError) as future:
        declared(owner, business, verified_on=today + timedelta(days=1))
    assert future.value.field == "verified_on"
    with pytest.raises(InstrumentError) as same_day:
        declared(owner, business, verified_on=today - timedelta(days=5), stated_until=today - timedelta(days=5))
    assert same_day.value.field == "stated_until"


# --- services: who may do what ------------------------------------------------------------------------------


def test_a_business_declares_changes_and_retires_its_own_only(today):
    owner, business = owner_and_business()
    other_owner, _other = owner_and_business()
    with pytest.raises(NotAllowed):
        declare_instrument(other_owner, business.id, scale())
    instrument = declared(owner, business)
    with pytest.raises(NotAllowed):
        update_instrument(other_owner, instrument, scale(stall="B1"))
    with pytest.raises(NotAllowed):
        retire_instrument(other_owner, instrument)
    with pytest.raises(NotAllowed):
        declare_instrument(make_user(role=Role.ADMIN), business.id, scale())
    found = declare_instrument(make_user(role=Role.POLICE), business.id, scale(stall="C3"))
    assert found.business_id == business.id and found.status == InstrumentStatus.DECLARED


def test_only_the_officer_confirms_and_a_business_change_sends_it_back(today):
    owner, business = owner_and_business()
    instrument = declared(owner, business, verified_on=today - timedelta(days=30))
    for someone in (owner, make_user(role=Role.INSPECTOR), make_user(role=Role.ADMIN)):
        with pytest.raises(NotAllowed):
            confirm_instrument(someone, instrument)
    officer = make_user(role=Role.OFFICER, name="Lê Văn Cường")
    confirm_instrument(officer, instrument)
    assert instrument.status == InstrumentStatus.CONFIRMED and instrument.confirmed_by_id == officer.id
    assert instrument.confirmed_at is not None
    with pytest.raises(InstrumentError):
        confirm_instrument(officer, instrument)
    update_instrument(make_user(role=Role.INSPECTOR), instrument, scale(stall="A13"))
    assert instrument.status == InstrumentStatus.CONFIRMED  # staff correct a record without undoing it
    update_instrument(owner, instrument, scale(stall="A14"))
    assert instrument.status == InstrumentStatus.DECLARED and instrument.confirmed_by_id is None
    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.entity == "measuring_instrument").order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "update", "update", "update"]


def test_the_audit_trail_verifies_with_instruments_in_it(today):
    """Max and e are decimals: the trail's record check must read them back as it wrote them."""
    owner, business = owner_and_business()
    instrument = declared(owner, business, max_capacity=Decimal("2.5"), scale_interval=Decimal("0.005"))
    confirm_instrument(make_user(role=Role.OFFICER), instrument)
    update_instrument(owner, instrument, scale(max_capacity=Decimal("60"), scale_interval=Decimal("0.02")))
    assert trail.verify() is None


def test_a_retired_instrument_cannot_be_changed_or_confirmed(today):
    owner, business = owner_and_business()
    instrument = declared(owner, business)
    retire_instrument(owner, instrument)
    assert instrument.status == InstrumentStatus.RETIRED
    with pytest.raises(InstrumentError):
        update_instrument(owner, instrument, scale())
    with pytest.raises(InstrumentError):
        confirm_instrument(make_user(role=Role.OFFICER), instrument)
    with pytest.raises(InstrumentError):
        retire_instrument(owner, instrument)


# --- views ----------------------------------------------------------------------------------------------------


def _form(**fields) -> dict:
    data = {
        "kind": "electronic_scale",
        "place_name": "Chợ Đức Phổ",
        "stall": "A12",
        "accuracy_class": "III",
        "max_capacity": "30",
        "scale_interval": "0,01",
        "unit": "kg",
        "certificate_number": "KĐ-9",
        "verified_on": "",
        "stated_until": "",
    }
    data.update(fields)
    return data


def test_a_business_declares_on_the_form_with_decimal_commas(client, login_as, today, english):
    owner, business = owner_and_business()
    login_as(owner)
    response = client.post(
        "/instruments/new", data=_form(max_capacity="2,5", scale_interval="0,005", verified_on=today.isoformat())
    )
    assert response.status_code == 302
    instrument = db.session.scalars(db.select(MeasuringInstrument)).one()
    assert (instrument.max_capacity, instrument.scale_interval) == (Decimal("2.5"), Decimal("0.005"))
    assert instrument.business_id == business.id
    page = client.get(response.location).get_data(as_text=True)
    assert "Verification valid until " + format_date(add_months(today, 12)) in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"max_capacity": "abc"}, "Not a valid decimal value."),
        ({"max_capacity": "1,5,0"}, "Not a valid decimal value."),
        ({"max_capacity": "NaN"}, "Not a valid decimal value."),
        ({"max_capacity": "1e30"}, "This number is too large."),
        ({"max_capacity": "9" * 400}, "This number is too large."),
        ({"scale_interval": "31"}, "The scale interval (e) cannot be larger than the maximum capacity (Max)."),
        ({"verified_on": "2999-12-31"}, "The verification date cannot be in the future."),
    ],
)
def test_bad_numbers_and_dates_come_back_on_the_form(client, login_as, today, english, fields, message):
    owner, _business = owner_and_business()
    login_as(owner)
    response = client.post("/instruments/new", data=_form(**fields))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(MeasuringInstrument.id))) == 0


def test_an_inspector_adds_an_instrument_found_at_a_stall_of_any_business(client, login_as, today):
    business = make_business(name="Hộ kinh doanh Rau Củ Chị Hoa")
    inspector = login_as(Role.INSPECTOR)
    form = client.get(f"/instruments/new?business_id={business.id}").get_data(as_text=True)
    assert "Rau Củ Chị Hoa" in form
    response = client.post("/instruments/new", data=_form(business_id=str(business.id), stall="B7"))
    assert response.status_code == 302
    instrument = db.session.scalars(db.select(MeasuringInstrument)).one()
    assert (instrument.business_id, instrument.declared_by_id, instrument.stall) == (business.id, inspector.id, "B7")


def test_a_business_never_sees_another_business_instrument(client, login_as, today):
    owner, business = owner_and_business()
    mine = declared(owner, business)
    other_owner, other_business = owner_and_business()
    theirs = declared(other_owner, other_business, serial_number="THEIRS-1")
    login_as(owner)
    listing = client.get("/instruments").get_data(as_text=True)
    assert mine.public_code[:4] in listing and "THEIRS-1" not in listing
    assert client.get(f"/instruments/{theirs.id}").status_code == 404
    assert client.post(f"/instruments/{theirs.id}/retire").status_code == 404
    assert client.post(f"/instruments/{mine.id}/confirm").status_code == 403


def test_the_officer_confirms_and_the_owner_retires_after_a_question(client, login_as, today, english):
    owner, business = owner_and_business()
    instrument = declared(owner, business)
    login_as(Role.OFFICER)
    page = client.get(f"/instruments/{instrument.id}").get_data(as_text=True)
    assert "Confirm this instrument as declared?" in page
    assert client.post(f"/instruments/{instrument.id}/confirm").status_code == 302
    assert instrument.status == InstrumentStatus.CONFIRMED
    login_as(owner)
    page = client.get(f"/instruments/{instrument.id}").get_data(as_text=True)
    assert "Mark this instrument as no longer in use?" in page  # data-question: the page asks first
    client.post(f"/instruments/{instrument.id}/retire")
    assert instrument.status == InstrumentStatus.RETIRED
    assert instrument.public_code[:4] not in client.get("/instruments").get_data(as_text=True)
    assert instrument.public_code[:4] in client.get("/instruments?status=retired").get_data(as_text=True)


def _due_world(owner, business, today):
    """One instrument in each due state; serial numbers say which."""
    return {
        "overdue": declared(owner, business, serial_number="OVERDUE", verified_on=today - timedelta(days=400)),
        "today": declared(
            owner, business, serial_number="LASTDAY", verified_on=today - timedelta(days=30), stated_until=today
        ),
        "in30": declared(
            owner,
            business,
            serial_number="IN30",
            verified_on=today - timedelta(days=30),
            stated_until=today + timedelta(days=30),
        ),
        "in31": declared(
            owner,
            business,
            serial_number="IN31",
            verified_on=today - timedelta(days=30),
            stated_until=today + timedelta(days=31),
        ),
        "unknown": declared(owner, business, serial_number="NODATE"),
    }


def test_due_filters_at_their_edges_and_the_homes_show_them(client, login_as, today, english):
    owner, business = owner_and_business()
    _due_world(owner, business, today)
    login_as(Role.INSPECTOR)

    def serials(query: str) -> set[str]:
        page = client.get("/instruments?" + query).get_data(as_text=True)
        return {serial for serial in ("OVERDUE", "LASTDAY", "IN30", "IN31", "NODATE") if serial in page}

    assert serials("due=overdue") == {"OVERDUE"}
    assert serials("due=soon") == {"LASTDAY", "IN30"}
    assert serials("due=unknown") == {"NODATE"}
    assert serials("q=in3") == {"IN30", "IN31"}
    work = client.get("/work").get_data(as_text=True)
    assert "1 overdue" in work and "2 due within 30 days" in work
    login_as(owner)
    home = client.get("/business").get_data(as_text=True)
    assert "1 overdue" in home and "2 due within 30 days" in home


def test_the_export_is_the_filtered_list_as_a_workbook(client, login_as, today, english):
    owner, business = owner_and_business()
    world = _due_world(owner, business, today)
    update_instrument(
        owner,
        world["overdue"],
        scale(stall='=HYPERLINK("x")', serial_number="OVERDUE", verified_on=today - timedelta(days=400)),
    )
    login_as(Role.OFFICER)
    response = client.get("/instruments/export.xlsx?due=overdue")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, *body = rows
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Serial number"] == "OVERDUE"
    assert row["Stall number"] == '=HYPERLINK("x")'  # kept as text, never run as a formula
    assert sheet.cell(row=2, column=header.index("Stall number") + 1).data_type == "s"
    assert row["Valid until"].date() == add_months(today - timedelta(days=400), 12)
    assert row["Max"] == 30 and row["Verification state"] == "Verification overdue"
    everything = load_workbook(io.BytesIO(client.get("/instruments/export.xlsx").data)).active
    assert everything.max_row == 1 + 5


# --- the public page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shift", "expected"),
    [
        (0, "Verification valid until"),  # the last valid day is still in date
        (-1, "Verification overdue"),  # the day after it is not
        (1, "Verification valid until"),
        (None, "No verification information"),
    ],
)
def test_the_public_verdict_at_the_edges_of_the_due_date(client, today, english, shift, expected):
    owner, business = owner_and_business()
    verified = today - timedelta(days=60)
    stated = today + timedelta(days=shift) if shift is not None else None
    instrument = declared(owner, business, verified_on=verified if stated else None, stated_until=stated)
    page = client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    title = page.split('id="verdict-title">', 1)[1].split("</p>", 1)[0]
    assert expected in title
    if shift is not None:
        assert format_date(stated) in title


def test_the_page_turns_overdue_at_the_wards_midnight(client, clock_at, app, english):
    clock_at(datetime(2026, 6, 15, 16, 59, tzinfo=UTC))  # 23:59 in the ward
    owner, business = owner_and_business()
    day = local_today()
    instrument = declared(owner, business, verified_on=day - timedelta(days=10), stated_until=day)
    assert "Verification valid until" in client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    clock_at(datetime(2026, 6, 15, 17, 1, tzinfo=UTC))  # 00:01 the next day in the ward
    assert "Verification overdue" in client.get(f"/m/{instrument.public_code}").get_data(as_text=True)


def test_codes_are_read_as_printed_and_unknown_ones_refused(client, today):
    owner, business = owner_and_business()
    instrument = declared(owner, business)
    code = instrument.public_code
    assert client.get(f"/M/{code}").status_code == 200  # what the sticker holds
    lower = client.get(f"/m/{code[:4].lower()}-{code[4:]}")
    assert lower.status_code == 301 and lower.location.endswith(f"/m/{code}")
    assert client.get("/m/not-a-code!").status_code == 400
    assert client.get("/m/ZZZZZZZZ").status_code in (404,)


def test_the_latest_submitted_check_and_its_violation_show_on_the_public_page(client, today, english):
    owner, business = owner_and_business()
    instrument = declared(owner, business, verified_on=today - timedelta(days=10))
    inspector = make_user(role=Role.INSPECTOR)
    submitted = make_inspection(
        business=business,
        created_by=inspector,
        fields=[InspectionField.METROLOGY.value],
        status=InspectionStatus.SUBMITTED,
        submitted_at=NOON - timedelta(days=2),
        result=CheckResult.FAIL,
    )
    item = make_item(inspection=submitted, description="Cân điện tử sạp A12", result=CheckResult.FAIL, rest=None)
    item.instrument_id = instrument.id
    db.session.commit()
    make_violation(
        inspection=submitted, category=ViolationCategory.MEASUREMENT, items=[item], description="Cân sai quá MPE"
    )
    draft = make_inspection(business=business, created_by=inspector, fields=[InspectionField.METROLOGY.value])
    later = make_item(inspection=draft, description="draft", result=CheckResult.PASS, rest=None)
    later.instrument_id = instrument.id
    db.session.commit()
    page = client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    title = page.split('id="verdict-title">', 1)[1].split("</p>", 1)[0]
    assert "Failed its latest check" in title
    check = page.split('id="latest-check-card"', 1)[1]
    assert format_date(NOON - timedelta(days=2)) in check and submitted.agency.name in check
    assert "Fail" in check and str(ViolationCategory.MEASUREMENT.label) in check
    assert 'id="verdict-also"' not in page  # verified ten days ago: nothing else to say


def test_a_failed_check_on_an_overdue_instrument_still_says_it_is_overdue(client, today, english):
    """The headline is the graver verdict (the failed check); the overdue verification is said below it and beside
    the date, never hidden by it."""
    owner, business = owner_and_business()
    instrument = declared(owner, business, verified_on=today - timedelta(days=60), stated_until=today - timedelta(1))
    failed = make_inspection(
        business=business, fields=[InspectionField.METROLOGY.value], status=InspectionStatus.SUBMITTED
    )
    item = make_item(inspection=failed, description="Cân", result=CheckResult.FAIL, rest=None)
    item.instrument_id = instrument.id
    db.session.commit()
    make_violation(inspection=failed, category=ViolationCategory.MEASUREMENT, items=[item])
    page = client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    assert "Failed its latest check" in page.split('id="verdict-title">', 1)[1].split("</p>", 1)[0]
    also = page.split('id="verdict-also">', 1)[1].split("</p>", 1)[0]
    assert "Verification overdue" in also and format_date(today - timedelta(1)) in also
    assert "(overdue)" in page


def test_a_retired_instrument_says_so_publicly(client, today, english):
    owner, business = owner_and_business()
    instrument = declared(owner, business, verified_on=today - timedelta(days=10))
    retire_instrument(owner, instrument)
    page = client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    assert "This instrument is no longer in use" in page and 'id="retired-notice"' in page


def test_the_report_button_opens_the_report_form_naming_the_instrument(client, today, english):
    owner, business = owner_and_business()
    instrument = declared(owner, business)
    page = client.get(f"/m/{instrument.public_code}").get_data(as_text=True)
    assert f"/m/{instrument.public_code}/report" in page
    form = client.get(f"/m/{instrument.public_code}/report").get_data(as_text=True)
    shown = instrument.public_code[:4] + "-" + instrument.public_code[4:]
    assert shown in form and 'action="/report"' in form
    assert re.search(r'<input checked[^>]*value="short_weight"', form)  # "short weight" chosen already
    message = f"About the measuring instrument {shown}: thiếu 200 g khi mua 1 kg cá."
    response = client.post("/report", data={"kind": "short_weight", "message": message, "place": "Chợ Đức Phổ"})
    assert response.status_code == 302
    report = db.session.scalars(db.select(ConsumerReport)).one()
    assert shown in report.message and report.product_id is None


def test_reference_scales_are_listed_publicly_and_linked_from_home(client, today, english):
    owner, business = owner_and_business()
    listed = declared(owner, business, is_reference_scale=True, stall="Ban quản lý chợ", verified_on=today)
    gone = declared(owner, business, is_reference_scale=True, stall="Cổng sau")
    retire_instrument(owner, gone)
    declared(owner, business, stall="Sạp thường")
    assert "/reference-scales" in client.get("/").get_data(as_text=True)
    page = client.get("/reference-scales").get_data(as_text=True)
    assert "Ban quản lý chợ" in page and f"/m/{listed.public_code}" in page
    assert "Cổng sau" not in page and "Sạp thường" not in page


def test_an_instrument_code_typed_on_the_consumer_home_opens_its_page(client):
    """The consumer home has one box for "the code printed under the QR": a sticker's code leads to /m/."""
    instrument = make_instrument()
    typed = client.get(f"/lookup?code={instrument.public_code.lower()}", follow_redirects=True)
    assert typed.status_code == 200
    assert typed.request.path.lower() == f"/m/{instrument.public_code.lower()}"
