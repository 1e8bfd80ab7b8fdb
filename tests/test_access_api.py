"""Authorisation matrix of the province's API and of the admin's token pages.

Only an administrator issues and revokes tokens. The API itself is reached only with a token: a session cookie
authenticates no one there, so every role, logged in or not, gets 401 without one; with a token every endpoint
answers, and no role's session can turn a token page into a write for someone else.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.access import ADMIN, ANON, OFFICER, OTHER_BIZ, OWNER, ROLES, STAFF, cases, check, expect, only
from tests.factories import make_user
from traceapp.api import tokens
from traceapp.extensions import db
from traceapp.models import ApiToken, Department, Role
from traceapp.reports import plan
from traceapp.reports.periods import month

# Cookies do not authenticate the API: 401 for every role, anonymous included, when no token is sent.
NO_TOKEN = expect(401, 401)

MATRIX = [
    ("admin.api_tokens", "GET", "/admin/api-tokens", None, only((ADMIN,), 200)),
    ("admin.revoke_api_token", "POST", "/admin/api-tokens/{token_id}/revoke", {}, only((ADMIN,), 302)),
    ("api.index", "GET", "/api/v1/", None, NO_TOKEN),
    ("api.figures", "GET", "/api/v1/figures?from=2026-01-01&to=2026-03-31", None, NO_TOKEN),
    ("api.record_list", "GET", "/api/v1/inspections?page=1&per_page=10", None, NO_TOKEN),
    ("api.plan_report", "GET", "/api/v1/plan-reports/{report_id}", None, NO_TOKEN),
    ("api.not_found", "GET", "/api/v1/no/such/thing", None, NO_TOKEN),
]
# What the same URLs answer with a valid token (and no session).
WITH_TOKEN = {
    "api.index": 200,
    "api.figures": 200,
    "api.record_list": 200,
    "api.plan_report": 200,
    "api.not_found": 404,
}


@pytest.fixture
def world(app):
    users = {
        OWNER: make_user(role=Role.BUSINESS),
        OTHER_BIZ: make_user(role=Role.BUSINESS),
        **{role: make_user(role=Role(role)) for role in STAFF},
    }
    token, secret = tokens.issue("Sở KH&CN Quảng Ngãi", None, users[ADMIN], date(2026, 11, 24))
    report = plan.start_report(
        month(2026, 3), number="9/BC-UBND", signer_name="Nguyễn Văn Hùng", signer_title="chair", user=users[OFFICER]
    )
    for department in Department:  # every department accounted for, or the lock is refused
        plan.mark_no_content(report, department, users[OFFICER])
    plan.lock(report, users[OFFICER])
    return users, {"token_id": token.id, "report_id": report.id, "secret": secret}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)


@pytest.mark.parametrize("endpoint", sorted(WITH_TOKEN))
def test_api_endpoints_answer_a_token(client, world, endpoint):
    _, ids = world
    _, _, template, _, _ = next(row for row in MATRIX if row[0] == endpoint)
    response = client.get(template.format(**ids), headers={"Authorization": f"Bearer {ids['secret']}"})
    assert response.status_code == WITH_TOKEN[endpoint] and response.is_json


@pytest.mark.parametrize("role", [role for role in ROLES if role != ADMIN])
def test_only_an_admin_issues_a_token(client, login_as, world, role):
    users, _ = world
    if role != ANON:
        login_as(users[role])
    response = client.post("/admin/api-tokens", data={"name": "Kẻ lạ"})
    assert response.status_code in (302, 403) and b"tdc_" not in response.data
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 1
