"""Sessions end on the server: a copied session or remember-me cookie stops working after logout, a change of
password or a deactivation; the remember-me cookie is HttpOnly, SameSite=Lax and Secure behind HTTPS, where the
app also sends HSTS."""

import pytest

from tests.factories import PASSWORD, make_user
from traceapp.extensions import db
from traceapp.models import Role

REMEMBER = "remember_token"


def log_in(client, user, remember=False):
    data = {"identifier": user.phone, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, "login failed"
    return response


def copy_cookie(app, source, name):
    """A second browser holding a copy of one cookie of the first (as someone who stole it would)."""
    cookie = source.get_cookie(name)
    assert cookie is not None, name
    thief = app.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def logged_in(client) -> bool:
    return client.get("/products").status_code == 200  # staff page: anonymous visitors are sent to log in


def set_cookie_header(response, name):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_a_copied_session_cookie_stops_working_after_logout(app, client):
    user = make_user(role=Role.INSPECTOR)
    log_in(client, user)
    thief = copy_cookie(app, client, app.config["SESSION_COOKIE_NAME"])
    assert logged_in(thief)
    client.post("/logout")
    assert not logged_in(client)
    assert not logged_in(thief)
    # Logging in again opens a new session; the copied cookie stays dead.
    log_in(client, user)
    assert logged_in(client) and not logged_in(thief)


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client):
    user = make_user(role=Role.INSPECTOR)
    log_in(client, user, remember=True)
    thief = copy_cookie(app, client, REMEMBER)  # the remember-me cookie alone, no session
    assert logged_in(thief)
    client.post("/logout")
    assert not logged_in(thief)


def test_changing_the_password_logs_out_every_other_session_but_not_this_one(app, client):
    user = make_user(role=Role.INSPECTOR)
    phone = app.test_client()
    log_in(phone, user, remember=True)
    remembered = copy_cookie(app, phone, REMEMBER)
    log_in(client, user)
    assert logged_in(phone) and logged_in(remembered)
    changed = client.post("/account/password", data={"current": PASSWORD, "new": "newpass123", "confirm": "newpass123"})
    assert changed.status_code == 302
    assert logged_in(client)  # the one who changed it goes on working
    assert not logged_in(phone)
    assert not logged_in(remembered)


def test_changing_the_password_renews_this_devices_remember_me_cookie(app, client):
    user = make_user(role=Role.INSPECTOR)
    log_in(client, user, remember=True)
    old = client.get_cookie(REMEMBER).value
    client.post("/account/password", data={"current": PASSWORD, "new": "newpass123", "confirm": "newpass123"})
    new = client.get_cookie(REMEMBER).value
    assert new != old
    assert logged_in(copy_cookie(app, client, REMEMBER))
    stale = app.test_client()
    stale.set_cookie(REMEMBER, old)
    assert not logged_in(stale)


def test_a_cookie_from_before_session_tokens_no_longer_logs_in(app):
    """Cookies issued before migration 0010 hold only the user's id."""
    user = make_user(role=Role.INSPECTOR)
    old = app.test_client()
    with old.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not logged_in(old)
    with old.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert logged_in(old)
    with old.session_transaction() as session:
        session["_user_id"] = f"{user.id}:forged"
    assert not logged_in(old)


def test_the_remember_me_cookie_is_httponly_and_samesite_lax_and_not_secure_over_plain_http(app, client):
    header = set_cookie_header(log_in(client, make_user(), remember=True), REMEMBER)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header


def test_without_https_there_is_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True}])
def test_behind_https_both_cookies_are_secure_and_hsts_is_sent(app, client):
    response = log_in(client, make_user(), remember=True)
    remember = set_cookie_header(response, REMEMBER)
    assert "Secure" in remember and "HttpOnly" in remember and "SameSite=Lax" in remember
    assert "Secure" in set_cookie_header(response, app.config["SESSION_COOKIE_NAME"])
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_new_account_gets_its_own_session_token(app):
    first, second = make_user(), make_user()
    db.session.refresh(first)
    assert first.session_token and second.session_token and first.session_token != second.session_token


def test_an_admin_deactivating_a_user_ends_their_sessions_and_remember_me_cookies(app, client, login_as):
    user = make_user(role=Role.INSPECTOR)
    phone = app.test_client()
    log_in(phone, user, remember=True)
    remembered = copy_cookie(app, phone, REMEMBER)
    assert logged_in(phone) and logged_in(remembered)
    login_as(Role.ADMIN)
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert not logged_in(phone) and not logged_in(remembered)
    # Activated again, the account needs a new login: the old cookies stay dead.
    client.post(f"/admin/users/{user.id}/activate")
    assert not logged_in(phone) and not logged_in(remembered)
    log_in(phone, user)
    assert logged_in(phone)


def test_an_admin_setting_a_new_password_ends_the_users_sessions(app, client, login_as):
    user = make_user(role=Role.INSPECTOR, phone="0905000222")
    phone = app.test_client()
    log_in(phone, user, remember=True)
    remembered = copy_cookie(app, phone, REMEMBER)
    login_as(Role.ADMIN)
    edited = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "name": user.name,
            "phone": user.phone,
            "role": "inspector",
            "agency_id": str(user.agency_id),
            "password": "newpass123",
        },
    )
    assert edited.status_code == 302
    assert not logged_in(phone) and not logged_in(remembered)


def test_an_admin_editing_without_a_new_password_leaves_the_sessions_alone(app, client, login_as):
    user = make_user(role=Role.INSPECTOR, phone="0905000333")
    phone = app.test_client()
    log_in(phone, user)
    login_as(Role.ADMIN)
    client.post(
        f"/admin/users/{user.id}/edit",
        data={"name": "Lê Văn An", "phone": user.phone, "role": "inspector", "agency_id": str(user.agency_id)},
    )
    assert logged_in(phone)
