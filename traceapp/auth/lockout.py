"""Guessing passwords does not work: failed logins are counted per account, then slowed down, then locked.

The per-address limit (``LOGIN_RATE_LIMIT``) stops one machine trying many passwords; this stops many machines
trying one account. Failures in a row are counted per account (``user:<id>``, whether the phone or the e-mail
was typed) in the ``login_failure`` table, which every gunicorn worker and process shares. From the
``LOGIN_SLOWDOWN_AFTER``-th failure the next try must wait, twice as long after each further failure; the
``LOGIN_LOCKOUT_AFTER``-th locks the account for ``LOGIN_LOCKOUT_MINUTES``, refusing even the right password,
and records an :class:`~traceapp.models.AccountLock` (audited). An administrator can unlock it sooner
(``traceapp/admin/services.py: unlock``).

An identifier no account has is counted the same way under ``unknown:<hash>``, its password checked against a
dummy hash, so the answers and their timing do not tell whether an account exists.

A wait is a refusal with the time to wait, never a sleep: a sleeping request would hold a gunicorn worker, and a
few attackers would hold them all.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, and_, case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.security import check_password_hash, generate_password_hash

from traceapp.clock import as_utc, utcnow
from traceapp.extensions import db
from traceapp.models import AccountLock, LoginFailure, User
from traceapp.unit_of_work import transactional
from traceapp.web.formatting import format_datetime


@dataclass(frozen=True)
class Policy:
    slowdown_after: int
    slowdown: timedelta
    lockout_after: int
    lockout: timedelta
    forgotten_after: timedelta

    @classmethod
    def from_config(cls) -> Policy:
        config = current_app.config
        return cls(
            slowdown_after=int(config["LOGIN_SLOWDOWN_AFTER"]),
            slowdown=timedelta(seconds=float(config["LOGIN_SLOWDOWN_SECONDS"])),
            lockout_after=int(config["LOGIN_LOCKOUT_AFTER"]),
            lockout=timedelta(minutes=float(config["LOGIN_LOCKOUT_MINUTES"])),
            forgotten_after=timedelta(hours=float(config["LOGIN_FAILURES_FORGOTTEN_HOURS"])),
        )

    def wait_after(self, failures: int) -> timedelta:
        """How long the next try waits after ``failures`` in a row (nothing before the slow-down starts)."""
        if failures < self.slowdown_after:
            return timedelta(0)
        return self.slowdown * 2 ** min(failures - self.slowdown_after, 20)


@dataclass(frozen=True)
class Hold:
    """Why a login may not be tried now: the account is locked until ``until``, or must wait until then."""

    locked: bool
    until: datetime

    def message(self, now: datetime) -> object:
        if self.locked:
            return _l(
                "Too many failed logins: this account is locked until %(time)s. Try again then, or ask the "
                "ward office to unlock it.",
                time=format_datetime(self.until),
            )
        seconds = max(1, int((self.until - now).total_seconds() + 0.999))
        return _l("Several failed logins in a row: wait %(seconds)s seconds, then try again.", seconds=seconds)


def key_for(user: User | None, identifier: str) -> str:
    """The account's key, or, for an identifier no account has, a hash of it (the identifier is not stored)."""
    if user is not None:
        return f"user:{user.id}"
    digest = hashlib.sha256(identifier.strip().lower().encode("utf-8")).hexdigest()
    return f"unknown:{digest}"


def hold_on(key: str, now: datetime | None = None) -> Hold | None:
    """The lock or wait in force for ``key`` now, if any."""
    now = now or utcnow()
    policy = Policy.from_config()
    row = db.session.execute(
        select(LoginFailure.failures, LoginFailure.last_failed_at, LoginFailure.locked_until).where(
            LoginFailure.key == key
        )
    ).one_or_none()
    if row is None:
        return None
    locked_until = as_utc(row.locked_until)
    if locked_until is not None and locked_until > now:
        return Hold(locked=True, until=locked_until)
    if locked_until is None and as_utc(row.last_failed_at) > now - policy.forgotten_after:
        until = as_utc(row.last_failed_at) + policy.wait_after(row.failures)
        if until > now:
            return Hold(locked=False, until=until)
    return None


def password_matches(user: User | None, password: str) -> bool:
    """The password check, made as long for an unknown account (against a dummy hash) as for a known one."""
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return user.check_password(password)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


@transactional
def record_failure(key: str, user: User | None) -> Hold | None:
    """Count one more failure for ``key`` (atomically: workers failing at once all count), lock the account when
    it reaches the limit, and say what the next try must wait for. A count that is stale (its last failure
    forgotten, or its lock over) starts again at one."""
    now = utcnow()
    policy = Policy.from_config()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stale = (LoginFailure.last_failed_at < now - policy.forgotten_after) | and_(
        LoginFailure.locked_until.is_not(None), LoginFailure.locked_until <= now
    )
    upsert = (
        insert(LoginFailure)
        .values(key=key, user_id=user.id if user else None, failures=1, last_failed_at=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[LoginFailure.key],
            set_={
                "failures": case((stale, 1), else_=LoginFailure.failures + 1),
                "locked_until": case((stale, None), else_=LoginFailure.locked_until),
                "last_failed_at": now,
            },
        )
        .returning(LoginFailure.failures)
    )
    failures = int(db.session.execute(upsert).scalar_one())
    if failures >= policy.lockout_after:
        until = now + policy.lockout
        locking = (
            update(LoginFailure)
            .where(LoginFailure.key == key, LoginFailure.locked_until.is_(None))
            .values(locked_until=until)
        )
        locked = cast(CursorResult, db.session.execute(locking))
        if locked.rowcount == 1:  # this request locked it: record the lock once
            if user is not None:
                db.session.add(AccountLock(user_id=user.id, failures=failures, locked_at=now, locked_until=until))
            return Hold(locked=True, until=until)
        return hold_on(key, now)
    wait = policy.wait_after(failures)
    return Hold(locked=False, until=now + wait) if wait else None


@transactional
def forget_failures(key: str) -> None:
    """A successful login: the count starts again from nothing."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == key))
