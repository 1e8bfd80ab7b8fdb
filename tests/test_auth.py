"""Logging in with a phone or an e-mail, logout, change of password, rate limiting, CSRF."""

import pytest

from tests.factories import PASSWORD, make_user
from traceapp.extensions import db
from traceapp.models import Role, User


def test_login_with_phone_in_any_spelling_and_with_email(client, english):
    user = make_user(role=Role.INSPECTOR, phone="0905123456", email="Tra.Binh@ducpho.example")
    for identifier in ("0905 123 456", "+84905123456", "tra.binh@DUCPHO.example"):
        response = client.post("/login", data={"identifier": identifier, "password": PASSWORD})
        assert response.status_code == 302, identifier
        assert response.location == "/work"  # an inspector lands on their work list
        client.post("/logout")
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_and_unknown_user_get_the_same_message(client, english):
    make_user(phone="0905123456")
    for identifier, password in (("0905123456", "wrong-pass1"), ("0999999999", PASSWORD)):
        response = client.post("/login", data={"identifier": identifier, "password": password})
        assert response.status_code == 200
        assert b"The phone number, e-mail or password is not correct." in response.data


def test_deactivated_user_cannot_log_in(client, english):
    make_user(phone="0905123456", active=False)
    response = client.post("/login", data={"identifier": "0905123456", "password": PASSWORD})
    assert b"This account has been deactivated" in response.data
    assert client.get("/products").status_code == 302  # still anonymous: sent to the login page


def test_password_is_stored_hashed(app):
    user = make_user(password="Mật-khẩu-2026")
    assert "Mật-khẩu-2026" not in user.password_hash
    assert user.check_password("Mật-khẩu-2026") and not user.check_password("mat-khau-2026")


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as(Role.OFFICER)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/businesses").status_code == 302


def test_change_password(client, login_as, english):
    user = login_as(Role.INSPECTOR)
    bad = client.post("/account/password", data={"current": "nope", "new": "newpass123", "confirm": "newpass123"})
    assert b"The current password is not correct." in bad.data
    weak = client.post("/account/password", data={"current": PASSWORD, "new": "12345678", "confirm": "12345678"})
    assert b"at least 8 characters, with both letters and digits" in weak.data
    ok = client.post("/account/password", data={"current": PASSWORD, "new": "newpass123", "confirm": "newpass123"})
    assert ok.status_code == 302
    db.session.refresh(user)
    assert user.check_password("newpass123")


def test_next_parameter_cannot_send_the_user_to_another_site(client):
    make_user(phone="0905123456")
    response = client.post("/login?next=//evil.example/x", data={"identifier": "0905123456", "password": PASSWORD})
    assert response.location == "/work"
    response = client.post("/logout")
    response = client.post("/login?next=/businesses", data={"identifier": "0905123456", "password": PASSWORD})
    assert response.location == "/businesses"


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per minute"}])
def test_login_is_rate_limited(client, english):
    make_user(phone="0905123456")
    statuses = [
        client.post("/login", data={"identifier": "0905123456", "password": "wrong"}).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    blocked = client.post("/login", data={"identifier": "0905123456", "password": PASSWORD})
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.data


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_post_without_csrf_token_is_refused_with_a_clear_page(client, english):
    make_user(phone="0905123456")
    response = client.post("/login", data={"identifier": "0905123456", "password": PASSWORD})
    assert response.status_code == 400
    assert b"The form has expired" in response.data


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "2 per minute", "PROXY_COUNT": 1}])
def test_behind_a_proxy_each_client_has_its_own_login_limit(client, english):
    make_user(phone="0905123456")
    wrong = {"identifier": "0905123456", "password": "wrong"}
    for _ in range(2):
        client.post("/login", data=wrong, headers={"X-Forwarded-For": "203.0.113.7"})
    assert client.post("/login", data=wrong, headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 429
    assert client.post("/login", data=wrong, headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 200
