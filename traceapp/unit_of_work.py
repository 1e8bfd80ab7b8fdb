"""The one place that commits or rolls back: a service's writes land together or not at all.

Services run their writes inside :func:`unit_of_work` (or are decorated with :func:`transactional`); views and
templates never commit or roll back. Units nest: only the outermost one commits, and an exception anywhere
inside rolls the whole outermost unit back, so a service that calls another service is still one unit.

SQLite note: the pysqlite driver starts a transaction at the first write; SQLAlchemy's session sees the same
rows until commit or rollback either way, which is all a unit needs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import IntegrityError

from traceapp.extensions import db

P = ParamSpec("P")
T = TypeVar("T")
_DEPTH = "unit_of_work_depth"


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block wrote when the outermost unit ends; roll everything back if anything raises. An inner
    unit flushes as it ends, so what a nested service made has its ids, as it would after its own commit."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield
        if depth == 0:
            session.commit()
        else:
            session.flush()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def in_unit_of_work() -> bool:
    return db.session().info.get(_DEPTH, 0) > 0


def transactional(func: Callable[P, T]) -> Callable[P, T]:
    """Run the whole service function as one unit of work."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with unit_of_work():
            return func(*args, **kwargs)

    return wrapper


def retrying_on_conflict(attempts: int) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """A unit of work run again (up to ``attempts`` times) when its commit clashes with a unique key another
    request took a moment earlier, as a drawn code or a running number can. The function must build what it
    writes afresh on each call; after the last attempt the ``IntegrityError`` propagates."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            if in_unit_of_work():  # an outer unit owns the commit: a clash can only be retried there
                return func(*args, **kwargs)
            for attempt in range(1, attempts + 1):
                try:
                    with unit_of_work():
                        return func(*args, **kwargs)
                except IntegrityError:
                    if attempt == attempts:
                        raise
            raise AssertionError("unreachable")

        return wrapper

    return decorate


def discard() -> None:
    """Throw away whatever the failed request left in the session (used by the 500 handlers)."""
    db.session.rollback()
