"""Read-only API tokens for the province's systems: issued and revoked by an administrator.

Only the SHA-256 of a token is stored, so a copy of the database does not hand out working tokens; the secret
is shown once, when it is issued. ``prefix`` (the first characters) is kept to tell tokens apart in the list.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from traceapp.clock import as_utc, local_midnight, utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import ApiToken, User
from traceapp.unit_of_work import transactional, unit_of_work

PREFIX = "tdc_"
READ_SCOPE = "read"
# last_used_at is written at most this often per token: a busy client should not turn every read into a write.
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(DomainError):
    """A rule of this feature refused the request."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def end_of_local_day(day: date) -> datetime:
    """A token "valid until 31/12" works through that day in the ward: it expires at the next local midnight."""
    return local_midnight(day + timedelta(days=1))


@transactional
def issue(name: str, expires_on: date | None, user: User, today: date) -> tuple[ApiToken, str]:
    """A new read-only token and its secret (``tdc_…``), which is not stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise TokenError(_l("Say who the token is for."), "name")
    if expires_on is not None and expires_on < today:
        raise TokenError(_l("The expiry date has already passed."), "expires_on")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[: len(PREFIX) + 8],
        token_hash=digest(secret),
        scope=READ_SCOPE,
        created_at=utcnow(),
        created_by_id=user.id,
        expires_at=end_of_local_day(expires_on) if expires_on else None,
    )
    db.session.add(token)
    return token, secret


@transactional
def revoke(token: ApiToken) -> None:
    """Revoked for good: a revoked token is never accepted again (issue a new one instead)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def all_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))


def is_expired(token: ApiToken, now: datetime) -> bool:
    return token.expires_at is not None and as_utc(token.expires_at) <= now


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The token ``secret`` names when it is usable (known, read scope, not revoked, not expired), else None."""
    if not secret.startswith(PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    now = now or utcnow()
    if token is None or token.scope != READ_SCOPE or token.revoked_at is not None or is_expired(token, now):
        return None
    return token


def touch(token: ApiToken, now: datetime | None = None) -> None:
    """Note the use, at most once a minute; two requests racing write nearly the same time, which is harmless."""
    now = now or utcnow()
    last = as_utc(token.last_used_at)
    if last is None or now - last >= TOUCH_EVERY:
        with unit_of_work():
            token.last_used_at = now
