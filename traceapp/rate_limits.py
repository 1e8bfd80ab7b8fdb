"""The request limits' counters in the app's own database: ``RATELIMIT_STORAGE_URI = "database://"``, the default.

Why: Flask-Limiter's ``memory://`` store lives in one process, so under ``gunicorn -w 2`` every worker kept its
own count and a client got twice the allowance (more with more workers). Counting in the database the app
already has (the SQLite file, or PostgreSQL) shares the counts among every worker and process with no extra
service to run.

Each hit is one atomic ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` in a short transaction of its own
(not the request's unit of work: a refused login must still count), so two workers hitting the same counter at
once both count. Only the fixed-window strategy (Flask-Limiter's default) is supported; the counters of ended
windows are swept away now and then. Times come from ``traceapp.clock``, as everything else in the app; the
window's end handed back to ``limits`` is on the system clock, which it compares it with.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from limits.storage import Storage
from sqlalchemy import Engine, case, delete, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from traceapp.clock import on_system_clock, utcnow
from traceapp.models import RateLimitCounter

SCHEME = "database"
SWEEP_EVERY = 500  # hits per process between two sweeps of ended windows
KEY_LENGTH = 255  # RateLimitCounter.key
_key, _hits, _expires_at = RateLimitCounter.key, RateLimitCounter.hits, RateLimitCounter.expires_at


def _engine() -> Engine:
    """The app's engine (its pool and settings, the test suite's PostgreSQL schema too); looked up per call
    because one ``Limiter`` serves every app the process builds."""
    extension: SQLAlchemy = current_app.extensions["sqlalchemy"]
    return extension.engine


def _now() -> float:
    return utcnow().timestamp()


def _stored_key(key: str) -> str:
    """Limiter keys hold the client's address or a token digest; a longer one is stored by its hash."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage over the ``rate_limit_counter`` table (registered for ``database://``)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: float | str | bool) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._hits_since_sweep = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count ``amount`` hits and return the window's total; an ended window starts again at ``amount``."""
        now = _now()
        engine = _engine()
        insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        ended = _expires_at <= now
        statement = (
            insert(RateLimitCounter)
            .values(key=_stored_key(key), hits=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[_key],
                set_={
                    "hits": case((ended, amount), else_=_hits + amount),
                    "expires_at": case((ended, now + expiry), else_=_expires_at),
                },
            )
            .returning(_hits)
        )
        with engine.begin() as connection:
            hits = int(connection.execute(statement).scalar_one())
        self._hits_since_sweep += 1
        if self._hits_since_sweep >= SWEEP_EVERY:
            self._hits_since_sweep = 0
            self.sweep()
        return hits

    def get(self, key: str) -> int:
        statement = select(_hits).where(_key == _stored_key(key), _expires_at > _now())
        with _engine().connect() as connection:
            return int(connection.execute(statement).scalar() or 0)

    def get_expiry(self, key: str) -> float:
        now = _now()
        statement = select(_expires_at).where(_key == _stored_key(key), _expires_at > now)
        with _engine().connect() as connection:
            expires_at = connection.execute(statement).scalar()
        return on_system_clock(float(expires_at) if expires_at is not None else now)

    def check(self) -> bool:
        try:
            with _engine().connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with _engine().begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with _engine().begin() as connection:
            connection.execute(delete(RateLimitCounter).where(_key == _stored_key(key)))

    def sweep(self) -> int:
        """Remove the counters of windows that have ended (they count as zero already)."""
        with _engine().begin() as connection:
            return connection.execute(delete(RateLimitCounter).where(_expires_at <= _now())).rowcount
