"""The administrator's staff accounts and agencies, in the UI and with ``flask users create``."""

import pytest

from tests.factories import PASSWORD, make_agency, make_user
from traceapp.config import Defaults
from traceapp.extensions import db
from traceapp.models import Agency, Role, User


def test_admin_creates_a_staff_account_that_can_log_in(client, login_as, english):
    agency = make_agency(name="Công an phường Đức Phổ", short_name="CA phường")
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Lê Quang Huy",
            "phone": "0905 222 333",
            "email": "",
            "role": "police",
            "agency_id": str(agency.id),
            "password": "congan2026",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.phone == "0905222333"))
    assert user.role == Role.POLICE and user.agency_id == agency.id
    client.post("/logout")
    assert client.post("/login", data={"identifier": "0905222333", "password": "congan2026"}).status_code == 302


def test_staff_account_form_explains_its_errors(client, login_as, english):
    agency = make_agency()
    make_user(phone="0905222333")
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "X",
            "phone": "",
            "email": "",
            "role": "business",
            "agency_id": str(agency.id),
            "password": "abc",
        },
    )
    page = response.data.decode()
    assert "Give a phone number or an e-mail" in page and "Not a valid choice" in page
    assert "at least 8 characters" in page
    taken = client.post(
        "/admin/users/new",
        data={
            "name": "Y",
            "phone": "0905222333",
            "role": "inspector",
            "agency_id": str(agency.id),
            "password": "abcd1234",
        },
    )
    assert "Another account already uses this." in taken.data.decode()


def test_admin_changes_role_and_deactivates_but_not_themself(client, login_as, english):
    staff = make_user(role=Role.INSPECTOR, phone="0905000111")
    admin = login_as(Role.ADMIN)
    client.post(
        f"/admin/users/{staff.id}/edit",
        data={
            "name": staff.name,
            "phone": staff.phone,
            "role": "officer",
            "agency_id": str(staff.agency_id),
            "password": "",
        },
    )
    db.session.refresh(staff)
    assert staff.role == Role.OFFICER and staff.check_password(PASSWORD)
    client.post(f"/admin/users/{staff.id}/deactivate")
    db.session.refresh(staff)
    assert not staff.active
    own = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert b"You cannot deactivate your own account." in own.data
    db.session.refresh(admin)
    assert admin.active


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, login_as):
    staff = login_as(Role.INSPECTOR)
    assert client.get("/products").status_code == 200
    staff.active = False
    db.session.commit()
    assert client.get("/products").status_code == 302


def test_admin_adds_an_agency_once(client, login_as, english):
    login_as(Role.ADMIN)
    data = {"name": "Đội Quản lý thị trường số 5", "short_name": "QLTT"}
    assert client.post("/admin/agencies", data=data).status_code == 302
    again = client.post("/admin/agencies", data=data)
    assert b"This agency already exists." in again.data
    assert db.session.scalar(db.select(db.func.count(Agency.id))) == 2  # with the admin's own agency


def test_flask_users_create_makes_the_first_admin(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "Quản trị",
            "--role",
            "admin",
            "--agency",
            "Phòng Văn hóa – Xã hội",
            "--phone",
            "0900000009",
            "--password",
            "quantri2026",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.phone == "0900000009"))
    assert user.role == Role.ADMIN and user.agency.name == "Phòng Văn hóa – Xã hội"
    duplicate = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "B",
            "--role",
            "admin",
            "--agency",
            "Phòng Văn hóa – Xã hội",
            "--phone",
            "0900000009",
            "--password",
            "quantri2026",
        ]
    )
    assert duplicate.exit_code != 0


@pytest.mark.parametrize(
    "app_config", [{"TESTING": False, "DEBUG": False, "PUBLIC_BASE_URL": Defaults.PUBLIC_BASE_URL}]
)
def test_the_admin_is_warned_until_qr_codes_lead_somewhere_a_phone_can_open(app, client, login_as, english):
    login_as(Role.ADMIN)
    landing = client.get("/admin/users").data.decode()
    assert 'id="public-address-warning"' in landing
    assert "(PUBLIC_BASE_URL) is not set" in landing and "No QR code or label can be printed" in landing
    assert "TRACEAPP_PUBLIC_BASE_URL=https://" in landing and "instance/config.py" in landing

    app.config["PUBLIC_BASE_URL"] = "http://0.0.0.0:5000"
    assert "only the server itself can open" in client.get("/admin/users").data.decode()

    app.config["PUBLIC_BASE_URL"] = "http://truyxuat.ducpho.example"  # printed, but https is recommended
    plain = client.get("/admin/users").data.decode()
    assert "over plain http" in plain and "Use an https:// address" in plain
    assert "No QR code or label can be printed" not in plain

    app.config["PUBLIC_BASE_URL"] = "https://truyxuat.ducpho.example"
    assert 'id="public-address-warning"' not in client.get("/admin/users").data.decode()
