"""The province's read-only API: tokens issued and revoked by an admin, figures and paged records as JSON."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_report,
    make_user,
    make_violation,
)
from traceapp.api import tokens
from traceapp.clock import as_utc, utcnow
from traceapp.extensions import db
from traceapp.models import ApiToken, CheckResult, Department, InspectionStatus, Measure, Recall, RecallScope, Role
from traceapp.reports import figures, plan
from traceapp.reports.periods import Period, month

SECRET_RE = re.compile(r"tdc_[A-Za-z0-9_-]{43}")


@pytest.fixture
def admin(app):
    return make_user(role=Role.ADMIN)


@pytest.fixture
def secret(admin):
    return tokens.issue("Sở KH&CN Quảng Ngãi", None, admin, date(2026, 11, 24))[1]


def get(client, url: str, secret: str | None):
    return client.get(url, headers={"Authorization": f"Bearer {secret}"} if secret else {})


def test_admin_issues_a_token_shown_once_and_stored_only_as_a_hash(client, login_as, admin, english):
    login_as(admin)
    page = client.post("/admin/api-tokens", data={"name": "Sở KH&CN – CSDL TĐC", "expires_on": ""})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    found = SECRET_RE.findall(page.data.decode())
    assert len(set(found)) == 1, "the new secret is on the page"
    secret = found[0]
    token = db.session.scalar(db.select(ApiToken))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest() and token.prefix == secret[:12]
    assert token.scope == "read" and token.created_by_id == admin.id and token.expires_at is None
    listing = client.get("/admin/api-tokens").data.decode()
    assert secret not in listing and token.prefix in listing and "never used" in listing
    client.post("/logout")
    assert get(client, "/api/v1/products", secret).status_code == 200


def test_revoked_token_gets_401(client, login_as, admin, secret, english):
    assert get(client, "/api/v1/businesses", secret).status_code == 200
    login_as(admin)
    token = db.session.scalar(db.select(ApiToken))
    assert client.post(f"/admin/api-tokens/{token.id}/revoke").status_code == 302
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert "Revoked" in client.get("/admin/api-tokens").data.decode()
    response = get(client, "/api/v1/businesses", secret)
    assert response.status_code == 401 and response.json == {"error": "The API token is unknown, revoked or expired."}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_gets_401(client, admin):
    token, secret = tokens.issue("Tạm thời", date(2026, 12, 31), admin, date(2026, 11, 24))
    assert as_utc(token.expires_at) == datetime(2026, 12, 31, 17, tzinfo=UTC)  # local midnight after it
    token.expires_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert get(client, "/api/v1/figures", secret).status_code == 200
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = get(client, "/api/v1/figures", secret)
    assert response.status_code == 401 and "error" in response.json


def test_token_form_refuses_a_past_expiry_and_a_missing_name(client, login_as, admin, english):
    login_as(admin)
    page = client.post("/admin/api-tokens", data={"name": "", "expires_on": "2020-01-01"}).data.decode()
    assert "Say who the token is for." in page and not SECRET_RE.search(page)
    page = client.post("/admin/api-tokens", data={"name": "X", "expires_on": "2020-01-01"}).data.decode()
    assert "The expiry date has already passed." in page
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer tdc_" + "x" * 43, "Bearer not-even-ours", "Basic dXNlcjpwYXNz", "Token {secret}"]
)
def test_missing_or_wrong_token_gets_401_json(client, secret, header):
    headers = {"Authorization": header.format(secret=secret)} if header else {}
    response = client.get("/api/v1/products", headers=headers)
    assert response.status_code == 401 and response.is_json and response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="traceapp"')


def test_a_session_cookie_does_not_authenticate(client, login_as, admin):
    login_as(admin)
    assert client.get("/api/v1/products").status_code == 401


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_only_reads_are_allowed(client, secret, method):
    response = client.open(
        "/api/v1/products", method=method, headers={"Authorization": f"Bearer {secret}"}, json={"name": "x"}
    )
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD" and response.json["error"]
    assert client.head("/api/v1/products", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_paging_covers_every_row_once_in_id_order(client, secret):
    business = make_business()
    ids = sorted(make_product(business=business).id for _ in range(7))
    seen, url, pages = [], "/api/v1/products?per_page=3", 0
    while url:
        body = get(client, url, secret).json
        assert body["total"] == 7 and body["per_page"] == 3 and len(body["data"]) <= 3
        seen += [row["id"] for row in body["data"]]
        url, pages = body["next"], pages + 1
    assert seen == ids and pages == 3
    beyond = get(client, "/api/v1/products?per_page=3&page=4", secret).json
    assert beyond["data"] == [] and beyond["next"] is None and beyond["total"] == 7
    assert get(client, "/api/v1/products", secret).json["per_page"] == 50


def _at(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock local time (UTC+7) on ``day``, as UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)


def test_totals_equal_the_rows_created_in_the_period(client, secret):
    """March 2026 in the ward: rows on its edges (local midnight) and outside it, of every record type."""
    inside, before, after = date(2026, 3, 10), date(2026, 2, 20), date(2026, 4, 5)
    march_start = datetime(2026, 2, 28, 17, tzinfo=UTC)  # 1 March 00:00 local
    april_start = datetime(2026, 3, 31, 17, tzinfo=UTC)  # 1 April 00:00 local
    businesses = [
        make_business(created_at=when) for when in (march_start, _at(inside), april_start - timedelta(seconds=1))
    ]
    make_business(created_at=march_start - timedelta(seconds=1))
    make_business(created_at=april_start)
    products = [make_product(business=businesses[0], created_at=_at(inside)) for _ in range(2)]
    make_product(business=businesses[0], created_at=_at(after))
    batches = [make_batch(product=products[0], created_at=_at(inside)) for _ in range(3)]
    make_batch(product=products[0], created_at=_at(before))
    officer = make_user(role=Role.INSPECTOR)
    done = [
        make_inspection(
            business=businesses[1], created_by=officer, status=InspectionStatus.SUBMITTED, started_at=_at(inside, hour)
        )
        for hour in (0, 23)
    ]
    make_inspection(business=businesses[1], created_by=officer, status=InspectionStatus.DRAFT, started_at=_at(inside))
    late = make_inspection(
        business=businesses[1], created_by=officer, status=InspectionStatus.SUBMITTED, started_at=_at(after)
    )
    item = make_item(inspection=done[0], batch=batches[0], result=CheckResult.FAIL)
    make_violation(inspection=done[0], items=[item], measure=Measure.FINE, fine_vnd=2_500_000)
    make_violation(inspection=done[1])
    make_violation(inspection=late)
    make_report(product=products[0], created_at=_at(inside))
    make_report(product=products[0], created_at=_at(after))
    for day in (inside, after):
        db.session.add(
            Recall(
                scope=RecallScope.PRODUCT,
                product=products[1],
                reason="Ghi nhãn sai",
                recalled_on=day,
                user_id=officer.id,
            )
        )
    db.session.commit()

    expected = {
        "businesses": 3,
        "products": 2,
        "batches": 3,
        "inspections": 2,
        "violations": 2,
        "reports": 1,
        "recalls": 1,
        "plan-reports": 0,
    }
    for kind, count in expected.items():
        body = get(client, f"/api/v1/{kind}?from=2026-03-01&to=2026-03-31&per_page=200", secret).json
        assert (body["total"], len(body["data"])) == (count, count), kind
    march = json.loads(json.dumps(figures.compute(month(2026, 3)).as_dict()))
    assert march["task4"]["businesses_new"] == 3 and march["task5"]["inspections_total"] == 2
    assert march["task5"]["violations_total"] == 2 and march["task5"]["recalls"] == 1
    everything = get(client, "/api/v1/businesses", secret).json
    assert everything["total"] == 5
    inspection = get(client, "/api/v1/inspections?from=2026-03-01&to=2026-03-31", secret).json["data"][0]
    assert inspection["items"][0]["result"] == "fail" and inspection["started_at"].endswith("+00:00")
    fine = get(client, "/api/v1/violations?from=2026-03-01&to=2026-03-31", secret).json["data"][0]
    assert fine["fine_vnd"] == 2_500_000 and fine["measure"] == "fine" and fine["item_ids"] == [item.id]


def test_consumer_contact_phone_is_never_served(client, secret):
    make_report(product=make_product(), contact_phone="0905123456", tracking_code="TRACK234")
    response = get(client, "/api/v1/reports", secret)
    row = response.json["data"][0]
    assert "0905123456" not in response.data.decode() and "TRACK234" not in response.data.decode()
    assert "contact_phone" not in row and "tracking_code" not in row and row["kind"] == "expired"


def test_personal_data_in_a_reports_text_is_masked(client, secret):
    """What the consumer typed is served, but not the phone, e-mail or ID number in it."""
    make_report(
        product=make_product(),
        message="Anh Tuấn, ĐT 0905.123.456, tuan@gmail.com, CCCD 051203001234. Giá 120.000 đồng, HSD 15/11/2026.",
        place="Chợ Đức Phổ, gọi +84 905 123 456",
        reply="Đã gọi lại 0905123456.",
    )
    response = get(client, "/api/v1/reports", secret)
    row = response.json["data"][0]
    assert row["message"] == (
        "Anh Tuấn, ĐT [số điện thoại], [email], CCCD [số CCCD]. Giá 120.000 đồng, HSD 15/11/2026."
    )
    assert row["place"] == "Chợ Đức Phổ, gọi [số điện thoại]" and row["reply"] == "Đã gọi lại [số điện thoại]."
    served = response.data.decode()
    assert not any(part in served for part in ("0905", "905 123 456", "tuan@", "051203001234"))


def test_figures_endpoint_equals_compute_for_the_same_period(client, secret):
    business = make_business(created_at=_at(date(2026, 5, 2)))
    product = make_product(business=business, created_at=_at(date(2026, 5, 2)))
    make_inspection(business=business, status=InspectionStatus.SUBMITTED, started_at=_at(date(2026, 6, 1)))
    make_report(product=product, created_at=_at(date(2026, 6, 3)))
    response = get(client, "/api/v1/figures?from=2026-01-01&to=2026-11-15", secret)
    assert response.status_code == 200
    expected = json.loads(json.dumps(figures.compute(Period(date(2026, 1, 1), date(2026, 11, 15))).as_dict()))
    assert response.json == expected
    assert expected["task4"]["businesses_new"] == 1 and expected["task5"]["inspections_total"] == 1


def test_a_locked_reports_figures_stay_as_sent(client, secret):
    officer = make_user(role=Role.OFFICER)
    period = month(2026, 3)
    make_business(created_at=_at(date(2026, 3, 3)))
    report = plan.start_report(
        period, number="12/BC-UBND", signer_name="Nguyễn Văn Hùng", signer_title="chair", user=officer
    )
    assert get(client, f"/api/v1/plan-reports/{report.id}", secret).status_code == 404  # a draft is not served
    for department in Department:  # every department accounted for, or the lock is refused
        plan.mark_no_content(report, department, officer)
    plan.lock(report, officer)
    make_business(created_at=_at(date(2026, 3, 4)))  # recorded after the report was sent
    body = get(client, f"/api/v1/plan-reports/{report.id}", secret).json
    assert body["figures"]["task4"]["businesses_new"] == 1 and body["number"] == "12/BC-UBND"
    assert body["period"] == {"kind": "month", "start": "2026-03-01", "end": "2026-03-31"}
    listed = get(client, "/api/v1/plan-reports", secret).json
    assert [row["id"] for row in listed["data"]] == [report.id]
    assert get(client, "/api/v1/plan-reports/999", secret).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "products?from=2026-13-01",
        "products?from=2026-03-10&to=2026-03-01",
        "products?per_page=201",
        "products?per_page=abc",
        "products?page=0",
        "products?page=-1",
        "figures?from=2026-01-01",
        "figures?from=2000-01-01&to=2010-01-01",
    ],
)
def test_bad_query_parameters_get_400_json(client, secret, query):
    response = get(client, f"/api/v1/{query}", secret)
    assert response.status_code == 400 and response.is_json and response.json["error"]


def test_unknown_paths_get_404_json(client, secret):
    for path in ("/api/v1/users", "/api/v1/plan-reports/abc", "/api/v1/products/1/extra"):
        response = get(client, path, secret)
        assert response.status_code == 404 and response.is_json, path


def test_last_used_at_is_written_at_most_once_a_minute(client, secret):
    token = db.session.scalar(db.select(ApiToken))
    assert token.last_used_at is None
    get(client, "/api/v1/figures", secret)
    first = as_utc(db.session.get(ApiToken, token.id).last_used_at)
    assert first is not None and abs(utcnow() - first) < timedelta(minutes=1)
    get(client, "/api/v1/products", secret)
    db.session.expire_all()
    assert as_utc(db.session.get(ApiToken, token.id).last_used_at) == first
    token = db.session.get(ApiToken, token.id)
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    get(client, "/api/v1/products", secret)
    db.session.expire_all()
    assert as_utc(db.session.get(ApiToken, token.id).last_used_at) > first - timedelta(seconds=1)


@pytest.mark.parametrize("app_config", [{"API_RATE_LIMIT": "3 per minute"}])
def test_rate_limit_is_per_token(client, admin, secret):
    for _ in range(3):
        assert get(client, "/api/v1/figures", secret).status_code == 200
    refused = get(client, "/api/v1/products", secret)
    assert refused.status_code == 429 and refused.is_json and "3 per 1 minute" in refused.json["error"]
    assert 0 < int(refused.headers["Retry-After"]) <= 60  # the rest of the minute, whatever the app's clock shows
    other = tokens.issue("Another system", None, admin, date(2026, 11, 24))[1]
    assert get(client, "/api/v1/products", other).status_code == 200
