"""The one clock: the ward's calendar day turns over at local midnight (UTC+7), not the server's. Pure functions:
no app, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import moved_clock
from traceapp import clock


@pytest.mark.skipif(moved_clock() is None, reason="runs in the moved-clock passes (TRACEAPP_TEST_CLOCK)")
def test_a_moved_run_really_runs_at_its_instant():
    """tests/at_dates.sh would prove nothing if the instant did not reach the app's clock."""
    assert abs(clock.utcnow() - moved_clock()) < timedelta(hours=2)


def test_the_wards_day_turns_over_at_1700_utc(clock_at):
    clock_at(datetime(2026, 11, 30, 16, 59, 30, tzinfo=UTC))
    assert clock.local_today() == date(2026, 11, 30)
    clock_at(datetime(2026, 11, 30, 17, 0, 0, tzinfo=UTC))
    assert clock.local_today() == date(2026, 12, 1), "midnight in Đức Phổ starts the 1st while UTC is still the 30th"


def test_a_moved_clock_keeps_ticking(clock_at):
    clock_at(datetime(2028, 2, 29, 23, 0, tzinfo=UTC))
    first = clock.utcnow()
    assert first.date() == date(2028, 2, 29) and first.tzinfo == UTC
    assert clock.utcnow() >= first
    assert clock.local_today() == date(2028, 3, 1)


def test_the_clock_of_the_run_comes_back_after_a_test_moved_it():
    expected = moved_clock() or datetime.now(UTC)  # noqa: TID251 - the real clock, to compare with
    assert abs(clock.utcnow() - expected) < timedelta(hours=2)


def test_local_midnight_is_the_utc_instant_the_local_day_begins():
    assert clock.local_midnight(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


def test_form_times_are_local_and_stored_in_utc():
    typed = datetime(2026, 12, 31, 23, 30)  # what a datetime-local input sends: naive, local
    stored = clock.from_local_input(typed)
    assert stored == datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
    assert clock.local_input(stored) == typed
    assert clock.local_input(stored.replace(tzinfo=None)) == typed, "SQLite hands back naive UTC"


def test_as_utc_reads_naive_values_as_utc_and_converts_aware_ones():
    assert clock.as_utc(None) is None
    assert clock.as_utc(datetime(2026, 1, 1, 5)) == datetime(2026, 1, 1, 5, tzinfo=UTC)
    local = datetime(2026, 1, 1, 7, tzinfo=clock.VN_TZ)
    assert clock.as_utc(local) == datetime(2026, 1, 1, 0, tzinfo=UTC)
    assert clock.to_local(datetime(2026, 1, 1, 0)) - local == timedelta(0)
