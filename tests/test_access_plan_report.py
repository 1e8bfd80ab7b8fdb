"""Authorisation matrix of the plan report: officers and admins read the figures and the reports and download
the period's workbook, CSV, data package and EPCIS document; officers start, edit and lock them; inspectors and
police write the input of their own agency's department (VH-XH here), no one else's; only officers mark a
department as having no content to report and record that a report was sent; businesses and anonymous
visitors see none of it."""

from __future__ import annotations

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, cases, check, only
from tests.factories import make_agency, make_user
from traceapp.extensions import db
from traceapp.models import Department, DepartmentInput, PeriodKind, PlanReport, Role
from traceapp.reports import periods

READERS = (OFFICER, ADMIN)
HEADER = {"number": "215/BC-UBND", "signer_name": "Nguyễn Văn Hùng", "signer_title": "chair"}

MATRIX = [
    ("reports.index", "GET", "/reports/figures", None, only(READERS, 200)),
    ("reports.plan_list", "GET", "/reports/plan", None, only((OFFICER, ADMIN, INSPECTOR, POLICE), 200)),
    (
        "reports.plan_new",
        "POST",
        "/reports/plan/new",
        {"kind": "month", "year": "2026", "n": "3", **HEADER},
        only((OFFICER,), 302),
    ),
    ("reports.plan_show", "GET", "/reports/plan/{report_id}", None, only(READERS, 200)),
    ("reports.plan_edit", "GET", "/reports/plan/{report_id}/edit", None, only((OFFICER,), 200)),
    # The inspector and the police officer both belong to VH-XH in this world: their department's input.
    (
        "reports.plan_input",
        "GET",
        "/reports/plan/{report_id}/inputs/vhxh",
        None,
        only((OFFICER, INSPECTOR, POLICE), 200),
    ),
    ("reports.plan_lock", "POST", "/reports/plan/{report_id}/lock", {"confirm": "y"}, only((OFFICER,), 302)),
    # Only the officer marks a department as having no content to report, and records the sending (of a draft:
    # refused, 400, "lock it first").
    (
        "reports.plan_no_content",
        "POST",
        "/reports/plan/{report_id}/inputs/ubmttq/no-content",
        {"mark": "yes"},
        only((OFFICER,), 302),
    ),
    (
        "reports.plan_sent",
        "POST",
        "/reports/plan/{report_id}/sent",
        {"sent_on": "2026-11-02", "number": "125/BC-UBND"},
        only((OFFICER,), 400),
    ),
    ("reports.plan_docx", "GET", "/reports/plan/{report_id}/report.docx", None, only(READERS, 200)),
    (
        "reports.export_workbook",
        "GET",
        "/reports/export/workbook.xlsx?kind=month&year=2026&n=10",
        None,
        only(READERS, 200),
    ),
    (
        "reports.export_csv",
        "GET",
        "/reports/export/inspections.csv?kind=month&year=2026&n=10",
        None,
        only(READERS, 200),
    ),
    (
        "reports.export_package",
        "GET",
        "/reports/export/package.json?kind=month&year=2026&n=10",
        None,
        only(READERS, 200),
    ),
    ("reports.export_epcis", "GET", "/reports/export/epcis.jsonld?kind=month&year=2026&n=10", None, only(READERS, 200)),
]


@pytest.fixture
def world(app):
    vhxh = make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ", short_name="VH-XH")
    users = {
        OWNER: make_user(role=Role.BUSINESS),
        OTHER_BIZ: make_user(role=Role.BUSINESS),
        INSPECTOR: make_user(role=Role.INSPECTOR, agency=vhxh),
        POLICE: make_user(role=Role.POLICE, agency=vhxh),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    period = periods.month(2026, 10)
    report = PlanReport(
        period_kind=PeriodKind.MONTH,
        period_start=period.start,
        period_end=period.end,
        signer_name="Nguyễn Văn Hùng",
        signer_title="chair",
        created_by=users[OFFICER],
        inputs=[DepartmentInput(department=department) for department in Department],
    )
    db.session.add(report)
    db.session.commit()
    return users, {"report_id": report.id}


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(MATRIX, client, login_as, world, endpoint, role)


@pytest.mark.parametrize("department", ["congan", "kthtdt", "ubmttq", "ttdvc"])
def test_an_inspector_may_not_write_another_departments_input(client, login_as, world, department):
    users, ids = world
    login_as(users[INSPECTOR])
    url = f"/reports/plan/{ids['report_id']}/inputs/{department}"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"progress": "x"}).status_code == 403
