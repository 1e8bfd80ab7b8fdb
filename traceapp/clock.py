"""The one clock of the app: every "now" and "today" comes from here, in UTC or in the ward's calendar.

Why one module: expiries, remedy deadlines, report periods and token lifetimes all turn over at the ward's
local midnight (Asia/Ho_Chi_Minh, UTC+7), not the server's. If each feature asked the system for the time,
one of them would sooner or later use the server's day, and the app would say two different things between
17:00 and 24:00 UTC. Nothing else in the project calls ``datetime.now()`` or ``date.today()``; a lint rule
(ruff's banned-api, pyproject.toml) keeps it so. Tests move this clock with :func:`set_source`: one test with
the ``clock_at`` fixture, a whole run with ``TRACEAPP_TEST_CLOCK`` (``tests/at_dates.sh``, run by ``.ci/run``).

It sits at the bottom of the house: it imports nothing of the app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import overload
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _system_now() -> datetime:
    return datetime.now(UTC)  # noqa: TID251 - the one place that reads the system clock


_source: Callable[[], datetime] = _system_now


def set_source(source: Callable[[], datetime] | None) -> Callable[[], datetime]:
    """Replace where "now" comes from (an aware datetime); ``None`` goes back to the system clock. Returns the
    source it replaced, to put back. For tests."""
    global _source
    previous, _source = _source, source or _system_now
    return previous


def ticking_from(instant: datetime) -> Callable[[], datetime]:
    """A source that reads ``instant`` now and keeps ticking in real time from there."""
    started = time.monotonic()
    return lambda: instant + timedelta(seconds=time.monotonic() - started)


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (what is stored)."""
    return as_utc(_source())


def on_system_clock(timestamp: float) -> float:
    """An instant of this clock (a POSIX timestamp) as the system clock reads it. For libraries that measure
    time themselves: the ``limits`` library turns a window's end into Retry-After against ``time.time()``, so a
    counter kept on this clock must hand it its end on that scale, or a moved clock gives a negative wait."""
    return timestamp + (_system_now().timestamp() - utcnow().timestamp())


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """An aware UTC datetime; SQLite hands back naive datetimes, and everything is stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_local(value: datetime) -> datetime:
    """A stored time (aware, or naive UTC from SQLite) in the ward's zone."""
    return as_utc(value).astimezone(VN_TZ)


def local_now() -> datetime:
    return to_local(utcnow())


def local_today() -> date:
    """Today in the ward, not on the server's clock (expiry warnings flip at local midnight)."""
    return local_now().date()


def local_midnight(day: date) -> datetime:
    """The instant (in UTC, as stored) a calendar day begins in the ward: periods, expiries and exports count
    days the way the ward does."""
    return datetime.combine(day, clock_time.min, VN_TZ).astimezone(UTC)


def local_input(value: datetime | None) -> datetime | None:
    """A stored (UTC) time as the naive local time a ``datetime-local`` input shows."""
    return None if value is None else to_local(value).replace(tzinfo=None)


def from_local_input(value: datetime | None) -> datetime | None:
    """A naive local time typed in a form, as an aware UTC time to store (SQLite keeps no zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(UTC)
