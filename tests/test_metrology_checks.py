"""Metrology checks in the field (issue 14, items 4 and 5), from the inspector's side: choose the stall's scale,
enter the test loads, see pass or fail at the edge of the maximum permissible error; measure a prepackaged lot's
sample and see each rule; record the violation in one step; find it all in the printed record. The expected
figures come from ``metrology.rules`` (its tables), never worked out again here."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.factories import make_agency, make_business, make_inspection, make_user
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.inspections import checklist, prepackaged, services, weighing
from traceapp.inspections.errors import NotOnTheTeam
from traceapp.inspections.legal import LEGAL_BASIS
from traceapp.inspections.prepackaged import LotInput, SampleInput
from traceapp.inspections.quantities import QuantityError, format_quantity, parse_quantity
from traceapp.inspections.weighing import LoadEntry, WeighingInput
from traceapp.metrology.legal import INSTRUMENT_SANCTIONS, PREPACKAGED_SANCTIONS
from traceapp.metrology.rules import max_permissible_error, sampling_plan, tolerable_deficiency
from traceapp.models import (
    CheckResult,
    InspectionItem,
    InstrumentKind,
    MeasuringInstrument,
    PrepackagedLotCheck,
    Role,
    Violation,
    ViolationCategory,
    WeighingTest,
)

E = Decimal("0.01")  # kg
LOAD = Decimal(10)  # kg: 1 000 e


def _instrument(business, **extra) -> MeasuringInstrument:
    values = {
        "public_code": f"CAN{len(extra)}{business.id:05d}",
        "business": business,
        "kind": InstrumentKind.ELECTRONIC_SCALE,
        "accuracy_class": "III",
        "max_capacity": Decimal(30),
        "scale_interval": E,
        "unit": "kg",
        "manufacturer": "Nhơn Hòa",
        "serial_number": "NH-0042",
        "stall": "Sạp 12",
        "due_on": local_today() + timedelta(days=90),
    }
    instrument = MeasuringInstrument(**{**values, **extra})
    db.session.add(instrument)
    db.session.commit()
    return instrument


@pytest.fixture
def stall(app, in_english):
    agency = make_agency(name="Phòng Kinh tế phường Đức Phổ")
    inspector = make_user(role=Role.INSPECTOR, agency=agency, name="Trần Văn Đức")
    business = make_business(name="Hộ kinh doanh Lê Thị Hoa")
    inspection = make_inspection(business=business, created_by=inspector, fields=["metrology", "prepackaged"])
    return inspector, inspection, _instrument(business)


def _weigh(client, inspection, item, load: str, reading: str, **extra):
    data = {"loads-0": load, "readings-0": reading, **extra}
    return client.post(f"/inspections/{inspection.id}/items/{item.id}/weighing", data=data)


def test_the_inspector_picks_the_stall_s_scale_and_the_test_passes_at_the_mpe_and_fails_beyond(
    client, login_as, english, stall
):
    inspector, inspection, scale = stall
    login_as(inspector)
    page = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "Check an instrument" in page
    page = client.get(f"/inspections/{inspection.id}/instruments/check").data.decode()
    assert "NH-0042" in page and f"/instruments/new?business={inspection.business_id}" in page
    response = client.post(f"/inspections/{inspection.id}/instruments/check", data={"instrument_id": scale.id})
    item = db.session.scalar(db.select(InspectionItem))
    assert response.status_code == 302 and response.location.endswith(f"/items/{item.id}/weighing")
    assert item.instrument_id == scale.id and item.result is None, "nothing checked yet: no result"

    mpe = max_permissible_error(LOAD, E, "III", in_service=True)
    at_edge = format_quantity(LOAD + mpe)  # written with a decimal comma, as a Vietnamese inspector types it
    assert "," in at_edge
    response = _weigh(client, inspection, item, "10", at_edge)
    assert response.status_code == 302
    page = client.get(response.location).data.decode()
    assert "Pass: every error within the maximum permissible error in service" in page
    assert f"±{format_quantity(mpe)} kg" in page
    db.session.expire_all()
    assert item.checks[checklist.WEIGHING_KEY] == "pass"
    assert item.result is None, "the stamp, certificate and seal lines are still open"

    beyond = format_quantity(LOAD - mpe - E / 10)
    _weigh(client, inspection, item, "10", beyond)
    page = client.get(f"/inspections/{inspection.id}/items/{item.id}/weighing").data.decode()
    assert "Fail: an error beyond the maximum permissible error in service" in page
    db.session.expire_all()
    assert item.checks[checklist.WEIGHING_KEY] == "fail" and item.result == CheckResult.FAIL
    assert [test.reading for test in db.session.scalars(db.select(WeighingTest))] == [Decimal(beyond.replace(",", "."))]


def test_the_weighing_line_is_never_answered_by_hand(client, login_as, english, stall):
    inspector, inspection, scale = stall
    login_as(inspector)
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    mpe = max_permissible_error(LOAD, E, "III")
    weighing.record_weighing(inspection, inspector, item.id, WeighingInput((LoadEntry(LOAD, LOAD + 2 * mpe),)))
    page = client.get(f"/inspections/{inspection.id}/items/{item.id}/edit").data.decode()
    assert f'name="check_{checklist.WEIGHING_KEY}"' not in page
    answers = {f"check_{c.key}": "pass" for c in checklist.lines_for(inspection.fields)}
    client.post(
        f"/inspections/{inspection.id}/items/{item.id}/edit",
        data={**answers, f"check_{checklist.WEIGHING_KEY}": "pass", "note": "cân lại"},
    )
    db.session.expire_all()
    assert item.checks[checklist.WEIGHING_KEY] == "fail" and item.result == CheckResult.FAIL


def test_an_instrument_item_is_not_passed_until_the_test_is_done(app, stall):
    inspector, inspection, scale = stall
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    hand = {c.key: "pass" for c in checklist.lines_for(["metrology"])}
    item.checks = hand
    assert checklist.result_of(hand, checklist.lines_for(["metrology"])) is None
    assert [c.key for c in checklist.unanswered(hand, checklist.lines_for(["metrology"]))] == [checklist.WEIGHING_KEY]


def test_a_dispenser_is_not_tested_with_weights(app, stall):
    inspector, inspection, _scale = stall
    pump = _instrument(inspection.business, kind=InstrumentKind.FUEL_DISPENSER, unit="L", public_code="BOM00001")
    item = weighing.add_instrument_item(inspection, inspector, pump.id)
    assert item.checks == {checklist.WEIGHING_KEY: CheckResult.NOT_APPLICABLE.value}


def test_the_certificate_line_says_what_the_register_says_and_the_inspector_confirms(client, login_as, english, stall):
    inspector, inspection, _scale = stall
    overdue = _instrument(inspection.business, due_on=local_today() - timedelta(days=1), public_code="CANQH001")
    item = weighing.add_instrument_item(inspection, inspector, overdue.id)
    login_as(inspector)
    page = client.get(f"/inspections/{inspection.id}/items/{item.id}/edit").data.decode()
    assert "verification ran out on" in page and "confirm the line yourself" in page
    assert 'name="check_metrology_certificate"' in page and "checked" not in page.split("certificate-hint")[1][:50]


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "1.5.0", "-2", "NaN", "1e3", "１０", "99999999999"])
def test_garbage_in_a_load_is_an_error_beside_it_never_a_500(client, login_as, english, stall, typed):
    inspector, inspection, scale = stall
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    login_as(inspector)
    response = _weigh(client, inspection, item, typed, "10")
    assert response.status_code == 200
    assert "is not a number" in response.data.decode() or "too large" in response.data.decode()
    assert db.session.scalar(db.select(db.func.count(WeighingTest.id))) == 0


def test_decimal_commas_and_points_are_the_same_number():
    assert parse_quantity("1,5") == parse_quantity("1.5") == Decimal("1.5")
    assert parse_quantity(" 500 ") == Decimal(500)
    with pytest.raises(QuantityError):
        parse_quantity("1,5", places=0)


def _lot_form(nominal: str, lot_size: int, nets: list[Decimal], **extra) -> dict:
    return {
        "nominal": nominal,
        "unit": "g",
        "lot_size": str(lot_size),
        "samples": "\n".join(format_quantity(net) for net in nets),
        **extra,
    }


def test_a_lot_check_shows_the_sample_size_each_rule_and_the_verdict(client, login_as, english, stall):
    inspector, inspection, _scale = stall
    item = services.add_item(inspection, inspector, description="Nước mắm Đức Phổ chai 500 ml", checks={})
    login_as(inspector)
    url = f"/inspections/{inspection.id}/items/{item.id}/lot"
    page = client.post(url, data={"nominal": "500", "unit": "g", "lot_size": "250", "sample_size": "1"}).data.decode()
    assert f"Measure {sampling_plan(250).sample_size} packages of this lot." in page

    nominal, lot_size = Decimal(500), 20
    plan = sampling_plan(lot_size)
    t = tolerable_deficiency(nominal, "g")
    good = [nominal] * plan.sample_size
    response = client.post(url, data=_lot_form("500", lot_size, good))
    assert response.status_code == 302
    page = client.get(url).data.decode()
    assert "Pass: the lot meets every rule" in page and f"T = {format_quantity(t)} g" in page
    db.session.expire_all()
    assert item.checks[checklist.LOT_KEY] == "pass"

    short = [nominal - t - Decimal("0.1")] * (plan.allowed_over_t + 1)
    bad = short + good[len(short) :]
    client.post(url, data=_lot_form("500", lot_size, bad))
    page = client.get(url).data.decode()
    assert "Fail: the lot does not meet every rule" in page
    assert f"Packages short by more than T ({format_quantity(t)} g): {len(short)}" in page
    db.session.expire_all()
    assert item.checks[checklist.LOT_KEY] == "fail" and item.result == CheckResult.FAIL
    assert db.session.scalar(db.select(db.func.count(PrepackagedLotCheck.id))) == 1, "a new check replaces the old"

    wrong = client.post(url, data=_lot_form("500", lot_size, good[:-1])).data.decode()
    assert "needs a sample of" in wrong


def test_gross_less_tare_gives_the_net_quantity(client, login_as, english, stall):
    inspector, inspection, _scale = stall
    item = services.add_item(inspection, inspector, description="Đường cát 1 kg", checks={})
    login_as(inspector)
    samples = "\n".join(["1012,5 - 12,5"] + ["1015,0"] * 3)
    client.post(
        f"/inspections/{inspection.id}/items/{item.id}/lot",
        data={"nominal": "1000", "unit": "g", "lot_size": "4", "tare": "15", "samples": samples},
    )
    check = db.session.scalar(db.select(PrepackagedLotCheck))
    assert [s.net for s in check.samples] == [Decimal(1000)] * 4 and check.samples[0].tare == Decimal("12.5")


def test_a_failed_check_becomes_a_violation_in_one_step_with_the_figures_and_the_basis(
    client, login_as, english, stall
):
    inspector, inspection, scale = stall
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    mpe = max_permissible_error(LOAD, E, "III")
    reading = LOAD + mpe + E
    weighing.record_weighing(inspection, inspector, item.id, WeighingInput((LoadEntry(LOAD, reading),)))
    login_as(inspector)
    show = client.get(f"/inspections/{inspection.id}").data.decode()
    assert "Record a violation from this check" in show
    page = client.get(f"/inspections/{inspection.id}/items/{item.id}/violation").data.decode()
    assert re.search(r'<option selected value="measurement"|<option value="measurement" selected', page)
    assert format_quantity(reading) in page and f"±{format_quantity(mpe)}" in page
    response = client.post(
        f"/inspections/{inspection.id}/items/{item.id}/violation",
        data={
            "category": "measurement",
            "description": f"Cân sai: {format_quantity(reading)} kg",
            "measure": "warning",
            "item_ids": [item.id],
        },
    )
    assert response.status_code == 302
    violation = db.session.scalar(db.select(Violation))
    assert violation.category == ViolationCategory.MEASUREMENT and violation.items == [item]
    assert LEGAL_BASIS[ViolationCategory.MEASUREMENT] == INSTRUMENT_SANCTIONS
    assert LEGAL_BASIS[ViolationCategory.PREPACKAGED_QUANTITY] == PREPACKAGED_SANCTIONS
    assert str(INSTRUMENT_SANCTIONS) in client.get(f"/violations/{violation.id}").data.decode()


def test_the_printed_record_shows_the_loads_and_the_lot_rules(client, login_as, stall):
    inspector, inspection, scale = stall
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    mpe = max_permissible_error(LOAD, E, "III")
    weighing.record_weighing(inspection, inspector, item.id, WeighingInput((LoadEntry(LOAD, LOAD + mpe + E),)))
    goods = services.add_item(inspection, inspector, description="Nước mắm chai 500 ml", checks={})
    t = tolerable_deficiency(Decimal(500), "g")
    nets = [Decimal(500) - 3 * t] + [Decimal(500)] * 4
    prepackaged.record_lot(
        inspection, inspector, goods.id, LotInput(Decimal(500), "g", 5, tuple(SampleInput(net=n) for n in nets))
    )
    login_as(inspector)
    response = client.get(f"/inspections/{inspection.id}/record.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert format_quantity(LOAD + mpe + E) in text and f"±{format_quantity(mpe)} kg" in text
    assert f"{format_quantity(t)} g" in text and format_quantity(Decimal(500) - 3 * t) in text
    assert "NH-0042" in text


@pytest.mark.parametrize("change", ["add_instrument_item", "record_weighing", "record_lot"])
def test_only_the_team_measures(in_english, stall, change):
    inspector, inspection, scale = stall
    item = weighing.add_instrument_item(inspection, inspector, scale.id)
    calls = {
        "add_instrument_item": lambda u: weighing.add_instrument_item(inspection, u, scale.id),
        "record_weighing": lambda u: weighing.record_weighing(
            inspection, u, item.id, WeighingInput((LoadEntry(LOAD, LOAD),))
        ),
        "record_lot": lambda u: prepackaged.record_lot(
            inspection, u, item.id, LotInput(Decimal(500), "g", 1, (SampleInput(net=Decimal(500)),))
        ),
    }
    for outsider in (
        make_user(role=Role.INSPECTOR, agency=inspection.agency),
        make_user(role=Role.OFFICER),
        make_user(role=Role.POLICE),
    ):
        with pytest.raises(NotOnTheTeam):
            calls[change](outsider)
        db.session.rollback()
    calls[change](inspector)
