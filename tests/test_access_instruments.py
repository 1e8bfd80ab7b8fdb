"""Authorisation matrix of the instrument register (traceapp/instruments): every endpoint × anonymous and each role.

A business sees and changes only its own instruments (another's answers 404, so ids do not leak); only the ward
officer confirms; the administrator reads but changes nothing; the public pages need no login."""

from __future__ import annotations

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, STAFF, cases, check, expect, only
from tests.factories import make_business, make_user
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.services import declare_instrument
from traceapp.models import InstrumentKind, Role

OWN = {OWNER: 200, OTHER_BIZ: 404, **{r: 200 for r in STAFF}}
CHANGERS = (OWNER, INSPECTOR, POLICE, OFFICER)
PUBLIC = ("instruments.public_page", "instruments.report", "instruments.reference_scales_page")
FORM = {"kind": "fuel_dispenser", "unit": "L", "stall": "Trụ 2"}

MATRIX = [
    ("instruments.public_page", "GET", "/m/{code}", None, expect(200, 200)),
    ("instruments.report", "GET", "/m/{code}/report", None, expect(200, 200)),
    ("instruments.reference_scales_page", "GET", "/reference-scales", None, expect(200, 200)),
    ("instruments.index", "GET", "/instruments?due=overdue", None, expect(200)),
    ("instruments.export", "GET", "/instruments/export.xlsx", None, expect(200)),
    ("instruments.create", "GET", "/instruments/new", None, only(CHANGERS, 200, other_business=200)),
    ("instruments.show", "GET", "/instruments/{instrument_id}", None, expect(200, **OWN)),
    ("instruments.edit", "GET", "/instruments/{instrument_id}/edit", None, only(CHANGERS, 200, other_business=404)),
    ("instruments.confirm", "POST", "/instruments/{instrument_id}/confirm", {}, only((OFFICER,), 302)),
    ("instruments.retire", "POST", "/instruments/{instrument_id}/retire", {}, only(CHANGERS, 302, other_business=404)),
    ("instruments.qr", "GET", "/instruments/{instrument_id}/qr.svg", None, expect(200, **OWN)),
    ("instruments.labels", "GET", "/instruments/{instrument_id}/labels", None, expect(200, **OWN)),
    (
        "instruments.labels_pdf",
        "GET",
        "/instruments/{instrument_id}/labels.pdf?size=25&count=2&margin=10",
        None,
        expect(200, **OWN),
    ),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cửa hàng Xăng dầu Phổ Văn")
    owner = make_user(role=Role.BUSINESS, business=business)
    users = {
        OWNER: owner,
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Hộ kinh doanh Người Khác")),
        **{role: make_user(role=Role(role)) for role in STAFF},
    }
    instrument = declare_instrument(owner, business.id, InstrumentInput(kind=InstrumentKind.FUEL_DISPENSER, unit="L"))
    return users, {"instrument_id": instrument.id, "code": instrument.public_code}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(
        MATRIX,
        client,
        login_as,
        world,
        endpoint,
        role,
        anonymous_redirect_exempt=(
            "instruments.public_page",
            "instruments.report",
            "instruments.reference_scales_page",
        ),
    )


def test_the_administrator_changes_nothing(client, login_as, world):
    users, ids = world
    login_as(users[ADMIN])
    assert client.post("/instruments/new", data=FORM).status_code == 403
    assert client.post(f"/instruments/{ids['instrument_id']}/edit", data=FORM).status_code == 403
