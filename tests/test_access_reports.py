"""Authorisation matrix of consumer reports: anyone may send and follow one; only the ward's staff triage them
and see their photos (a business gets 403, an anonymous visitor the login page)."""

from __future__ import annotations

import os

import pytest

from tests.access import INSPECTOR, OTHER_BIZ, OWNER, STAFF, cases, check, expect, only
from tests.factories import make_batch, make_business, make_inspection, make_product, make_report, make_user
from tests.images import png
from traceapp.consumer_reports.services import PHOTO_FOLDER
from traceapp.models import Role

STAFF_ONLY = only(STAFF, 200)

# endpoint, method, url template, form data (its values are templates too), expected statuses
MATRIX = [
    ("consumer_reports.new", "GET", "/report?code={batch_code}", None, expect(200, 200)),
    ("consumer_reports.track", "GET", "/report/track?code={tracking_code}", None, expect(302, 302)),
    ("consumer_reports.status", "GET", "/report/{tracking_code}", None, expect(200, 200)),
    ("consumer_reports.index", "GET", "/consumer-reports?status=new&q=chợ", None, STAFF_ONLY),
    ("consumer_reports.show", "GET", "/consumer-reports/{report_id}", None, STAFF_ONLY),
    (
        "consumer_reports.assign",
        "POST",
        "/consumer-reports/{report_id}/assign",
        {"assignee": "{inspector_id}"},
        only(STAFF, 302),
    ),
    (
        "consumer_reports.link",
        "POST",
        "/consumer-reports/{report_id}/link",
        {"number": "{inspection_number}"},
        only(STAFF, 302),
    ),
    (
        "consumer_reports.resolve",
        "POST",
        "/consumer-reports/{report_id}/resolve",
        {"reply": "Đã xử lý"},
        only(STAFF, 302),
    ),
    (
        "consumer_reports.reject",
        "POST",
        "/consumer-reports/{report_id}/reject",
        {"reply": "Không đủ căn cứ"},
        only(STAFF, 302),
    ),
    ("consumer_reports.photo", "GET", "/consumer-reports/photos/{photo_name}", None, STAFF_ONLY),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Nước mắm Bị Phản Ánh")
    batch = make_batch(product=make_product(business=business))
    photo_name = "cd" * 12 + ".jpg"
    folder = os.path.join(app.config["UPLOAD_FOLDER"], PHOTO_FOLDER)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, photo_name), "wb") as out:
        out.write(png())
    report = make_report(batch=batch, photo_name=photo_name, place="Chợ Đức Phổ", contact_phone="0905123456")
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),  # even the reported business may not triage
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        **{role: make_user(role=Role(role)) for role in STAFF},
    }
    ids = {
        "batch_code": batch.public_code,
        "tracking_code": report.tracking_code,
        "report_id": report.id,
        "photo_name": photo_name,
        "inspector_id": users[INSPECTOR].id,
        "inspection_number": make_inspection().number,
    }
    return users, ids


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    _users, ids = world
    matrix = [
        (e, method, url, {k: v.format(**ids) for k, v in data.items()} if data else data, statuses)
        for e, method, url, data, statuses in MATRIX
    ]
    check(matrix, client, login_as, world, endpoint, role, anonymous_redirect_exempt=("consumer_reports.track",))
