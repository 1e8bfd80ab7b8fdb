"""Replaying the ward's history: each service runs on a clock moved back to the moment it happened.

The services take the time from :mod:`traceapp.clock` (``created_at``, a decision's time, a submission's time),
so the demo never sets a time by hand and no service needs a parameter to backdate: the clock is moved while
the service runs, and always put back.

A *story* is a generator that yields the moment of its next step, then takes that step when resumed: a
business registers, is verified the same afternoon, is suspended months later. :class:`Timeline` runs all the
stories together, one step at a time in the order the steps happened, so records are made (and numbered,
and audited) in the order the ward would have made them. A story yields the moment of its first step before
doing anything.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy import select

from traceapp import clock
from traceapp.clock import VN_TZ
from traceapp.extensions import db
from traceapp.models import User

Story = Iterator[datetime]
T = TypeVar("T")


@contextmanager
def at(instant: datetime) -> Iterator[None]:
    """Run the block with the app's clock at ``instant`` (ticking on from there), and put the clock back after.

    The block's writes are flushed before the clock goes back: column defaults (``created_at``) and the audit
    trail's entries read the clock when the rows are written, not when the objects are made."""
    previous = clock.set_source(clock.ticking_from(instant))
    try:
        yield
        db.session.flush()
    finally:
        clock.set_source(previous)


def made(record: T | None, what: str) -> T:
    """A record another story makes earlier in the ward's history; an error if the dates say otherwise."""
    if record is None:
        raise RuntimeError(f"The demo uses {what} before the step that makes it.")
    return record


class Timeline:
    """The stories of the demo, run in the order their steps happened; nothing happens later than ``now``."""

    def __init__(self, today: date, now: datetime) -> None:
        self.today = today
        self.now = now
        self._stories: list[Story] = []

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """``hour:minute`` in the ward on ``day``, as a UTC instant."""
        return datetime.combine(day, time(hour, minute), VN_TZ).astimezone(UTC)

    def days_ago(self, days: int, hour: int, minute: int = 0) -> datetime:
        return self.local(self.today - timedelta(days=days), hour, minute)

    def add(self, story: Story) -> None:
        self._stories.append(story)

    def run(self) -> None:
        """Take the earliest pending step of any story, on the clock of its moment, until all have ended.

        Each step ends as a request does (:func:`_between_requests`). Steps at the same moment run in the order
        their stories were added; a story's step never runs before the one it follows."""
        queue: list[tuple[datetime, int, Story]] = []
        for order, story in enumerate(self._stories):
            first = next(story, None)
            if first is not None:
                heapq.heappush(queue, (min(first, self.now), order, story))
        while queue:
            instant, order, story = heapq.heappop(queue)
            with at(instant):
                following = next(story, None)
            _between_requests()
            if following is not None:
                heapq.heappush(queue, (max(min(following, self.now), instant), order, story))


def _between_requests() -> None:
    """Forget what the session remembers, as the commit ending a request does, so the next step reads what is
    stored (an inspection's items, an event's invitations) rather than what an object held. Then read the
    people again, as a request starts by loading its logged-in user: a service reading ``user.id`` then loads
    nothing mid-change (which would flush half of the change, and the audit trail would record it in two)."""
    db.session.expire_all()
    db.session.scalars(select(User)).all()
