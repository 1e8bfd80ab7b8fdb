"""Guessing passwords does not work (issue 10, item 4): failed logins are counted per account, slowed down, then
locked with a clear message and an audit entry; an administrator can unlock; an unknown account is answered the
same way; the per-address limit still holds. The two-worker test is tests/test_rate_limits_across_workers.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_user
from traceapp import clock
from traceapp.auth import lockout
from traceapp.extensions import db
from traceapp.models import AccountLock, AuditEntry, LoginFailure, RateLimitCounter, Role, User, accounts
from traceapp.web.formatting import format_datetime

WRONG = "not-the-password-1"
NOT_CORRECT = "The phone number, e-mail or password is not correct."
# Slow-down from the 3rd failure (10 s, then 20 s ...), lockout at the 5th, for 15 minutes.
POLICY = {
    "LOGIN_SLOWDOWN_AFTER": 3,
    "LOGIN_SLOWDOWN_SECONDS": 10,
    "LOGIN_LOCKOUT_AFTER": 5,
    "LOGIN_LOCKOUT_MINUTES": 15,
}
NO_SLOWDOWN = {**POLICY, "LOGIN_SLOWDOWN_AFTER": 100}


def _try(client, identifier: str, password: str) -> tuple[int, str]:
    response = client.post("/login", data={"identifier": identifier, "password": password})
    return response.status_code, response.get_data(as_text=True)


def _error(body: str) -> str:
    """The message shown beside the password field."""
    found = re.search(r'<p class="error" id="password-err">([^<]+)<', body)
    assert found, "the login form shows no error beside the password"
    return found.group(1).strip()


@pytest.fixture
def at():
    """``at(seconds)``: the app's clock stands still that many seconds after the test began (derived from the
    clock of the run, so the moved-clock runs move it too)."""
    start = clock.utcnow()
    previous = clock.set_source(lambda: start)

    def _move(seconds: float) -> None:
        clock.set_source(lambda: start + timedelta(seconds=seconds))

    yield _move
    clock.set_source(previous)


@pytest.mark.parametrize("app_config", [POLICY])
def test_after_a_few_failures_each_try_must_wait_longer_even_with_the_right_password(client, english, at):
    make_user(phone="0905123456")
    assert [_try(client, "0905123456", WRONG)[1].count(NOT_CORRECT) for _ in range(2)] == [1, 1]

    status, body = _try(client, "0905123456", WRONG)  # the 3rd failure: the next try waits 10 seconds
    assert status == 200 and "wait 10 seconds, then try again" in body
    at(5)
    status, body = _try(client, "0905123456", PASSWORD)  # too early: not even the right password is looked at
    assert status == 200 and "wait 5 seconds, then try again" in body

    at(11)
    assert "wait 20 seconds, then try again" in _try(client, "0905123456", WRONG)[1]  # twice as long now
    at(25)
    assert "wait 6 seconds" in _try(client, "0905123456", PASSWORD)[1]
    at(32)
    assert _try(client, "0905123456", PASSWORD)[0] == 302  # waited long enough: logged in


@pytest.mark.parametrize("app_config", [POLICY])
def test_a_successful_login_starts_the_count_again(client, english, at):
    make_user(phone="0905123456")
    for _ in range(2):
        _try(client, "0905123456", WRONG)
    assert _try(client, "0905123456", PASSWORD)[0] == 302
    client.post("/logout")
    assert db.session.scalar(select(LoginFailure)) is None
    for _ in range(2):  # two more failures are again just "not correct", no waiting
        assert NOT_CORRECT in _try(client, "0905123456", WRONG)[1]


@pytest.mark.parametrize("app_config", [NO_SLOWDOWN])
def test_the_account_is_locked_even_for_the_right_password_with_the_time_and_an_audit_entry(client, english, at):
    user = make_user(phone="0905123456", email="binh@ducpho.example")
    for identifier in ("0905123456", "binh@ducpho.example", "+84 905 123 456", "0905123456"):
        assert NOT_CORRECT in _try(client, identifier, WRONG)[1]  # phone or e-mail: one account, one count

    status, body = _try(client, "binh@ducpho.example", WRONG)  # the 5th failure locks it
    until = format_datetime(clock.utcnow() + timedelta(minutes=15))  # in the ward's time, dd/mm/yyyy hh:mm
    assert status == 200
    assert _error(body) == (
        f"Too many failed logins: this account is locked until {until}. Try again then, or ask the ward office "
        "to unlock it."
    )

    at(60)
    status, body = _try(client, "0905123456", PASSWORD)
    assert status == 200 and "this account is locked until" in body
    assert client.get("/work").status_code == 302  # still not logged in

    lock = db.session.scalar(select(AccountLock))
    assert (lock.user_id, lock.failures, lock.unlocked_at) == (user.id, 5, None)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "account_lock"))
    assert (entry.action, entry.entity_id, entry.user_name) == ("create", lock.id, "public")
    assert entry.after["user_id"] == user.id and entry.after["failures"] == 5

    at(15 * 60 + 1)  # the lock is over: the right password logs in
    assert _try(client, "0905123456", PASSWORD)[0] == 302


@pytest.mark.parametrize("app_config", [NO_SLOWDOWN])
def test_the_vietnamese_message_says_when_to_try_again(client, at):
    make_user(phone="0905123456")
    for _ in range(5):
        status, body = _try(client, "0905123456", WRONG)
    until = format_datetime(clock.utcnow() + timedelta(minutes=15))
    assert status == 200
    assert _error(body).startswith(f"Đăng nhập sai quá nhiều lần: tài khoản này bị tạm khóa đến {until}.")


@pytest.mark.parametrize("app_config", [NO_SLOWDOWN])
def test_an_admin_sees_the_lock_and_unlocks_the_account(app, client, login_as, english, at):
    user = make_user(phone="0905123456", name="Lê Văn Khóa")
    guesser = app.test_client()
    for _ in range(5):
        _try(guesser, "0905123456", WRONG)

    admin = login_as(Role.ADMIN, name="Quản trị viên")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Locked until" in page and f"/admin/users/{user.id}/unlock" in page
    assert "make sure it was the person" in page  # the button asks for confirmation first

    response = client.post(f"/admin/users/{user.id}/unlock", follow_redirects=True)
    assert "Lê Văn Khóa can try to log in again: the account is unlocked." in response.get_data(as_text=True)
    assert f"/admin/users/{user.id}/unlock" not in client.get("/admin/users").get_data(as_text=True)

    lock = db.session.scalar(select(AccountLock))
    db.session.refresh(lock)
    assert lock.unlocked_by_id == admin.id and lock.unlocked_at is not None
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.entity == "account_lock", AuditEntry.action == "update")
    )
    assert entry.user_id == admin.id and entry.user_name == "Quản trị viên"
    assert entry.after["unlocked_by_id"] == admin.id

    assert _try(guesser, "0905123456", PASSWORD)[0] == 302  # unlocked: the person logs in at once

    again = client.post(f"/admin/users/{user.id}/unlock", follow_redirects=True)
    assert "This account is not locked." in again.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [NO_SLOWDOWN])
def test_only_an_admin_can_unlock(app, client, login_as, at):
    user = make_user(phone="0905123456")
    for _ in range(5):
        _try(app.test_client(), "0905123456", WRONG)
    login_as(Role.OFFICER)
    assert client.post(f"/admin/users/{user.id}/unlock").status_code == 403
    assert lockout.hold_on(f"user:{user.id}") is not None  # still locked


@pytest.mark.parametrize("app_config", [POLICY])
def test_an_unknown_account_gets_the_same_answers_as_a_known_one(app, english, at, monkeypatch):
    make_user(phone="0905123456")
    checks: list[str] = []
    for module in (lockout, accounts):  # the dummy check of an unknown account, the real one of a known account
        real = module.check_password_hash
        monkeypatch.setattr(module, "check_password_hash", lambda *a, real=real: checks.append("hash") or real(*a))

    def answers(identifier: str) -> list[str]:
        client = app.test_client()
        client.get("/?lang=en")
        at(0)
        out = [_error(_try(client, identifier, WRONG)[1]) for _ in range(3)]
        at(11)
        out.append(_error(_try(client, identifier, WRONG)[1]))
        at(32)
        out.append(_error(_try(client, identifier, WRONG)[1]))  # the 5th: locked
        out.append(_error(_try(client, identifier, PASSWORD)[1]))
        return out

    known = answers("0905123456")
    checks_for_known = len(checks)
    unknown = answers("0911222333")
    assert unknown == known
    assert known[0] == NOT_CORRECT and "wait 10 seconds" in known[2] and "locked until" in known[-1]
    assert checks_for_known == 5 and len(checks) == 10  # each guess costs one password hash check either way
    assert db.session.scalar(select(db.func.count()).select_from(AccountLock)) == 1  # only the real account's
    stored = db.session.scalars(select(LoginFailure.key)).all()
    assert not any("0911222333" in key for key in stored)  # the unknown identifier is kept only as a hash


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per minute"}])
def test_the_per_address_limit_still_holds_and_counts_in_the_database(client, english):
    make_user(phone="0905123456")
    statuses = [_try(client, f"09051234{n:02d}", WRONG)[0] for n in range(4)]  # four accounts, one address
    assert statuses == [200, 200, 200, 429]
    assert b"Too many attempts" in client.post("/login", data={"identifier": "0905123456", "password": PASSWORD}).data
    assert db.session.scalar(select(RateLimitCounter.hits)) >= 4  # the shared store, not a worker's memory


def test_a_deactivated_account_is_still_refused_after_the_right_password(client, english):
    make_user(phone="0905123456", active=False)
    assert "This account has been deactivated" in _try(client, "0905123456", PASSWORD)[1]
    assert db.session.scalar(select(User.last_login_at)) is None
