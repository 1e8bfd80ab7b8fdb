"""Scan counting per public code per day, with no data about the consumer.

Counting must not slow the scan page: counts are added up in this process and written in one statement
per code every ``SCAN_FLUSH_SECONDS`` (0 writes at once, as the tests do). A crash loses at most the
last few seconds of counts, which is acceptable for a statistic.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections import Counter
from datetime import date

from flask import Flask, current_app
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import ScanDay
from traceapp.unit_of_work import unit_of_work

_lock = threading.Lock()
# key: (public_code, day, product_id, batch_id) -> count
_pending: Counter = Counter()
_last_flush = time.monotonic()
_registered_apps: set[int] = set()


def record(public_code: str, product_id: int, batch_id: int | None) -> None:
    global _last_flush
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # typed as Flask, is a LocalProxy
    _register_exit_flush(app)
    with _lock:
        _pending[(public_code, local_today(), product_id, batch_id)] += 1
        due = time.monotonic() - _last_flush >= app.config["SCAN_FLUSH_SECONDS"]
        if due:
            batch = dict(_pending)
            _pending.clear()
            _last_flush = time.monotonic()
    if due:
        write(batch)


def flush() -> None:
    """Write whatever is pending (called at exit, and by tests and reports that need exact figures)."""
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    write(batch)


def write(counts: dict[tuple[str, date, int, int | None], int]) -> None:
    """One multi-row upsert per 500 codes: the write lock is held for one statement, not one per code. The
    statements are one unit of work: a flush lands whole or not at all."""
    if not counts:
        return
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [
        {"public_code": code, "day": day, "product_id": product_id, "batch_id": batch_id, "count": n}
        for (code, day, product_id, batch_id), n in counts.items()
    ]
    with unit_of_work():
        for start in range(0, len(rows), 500):
            stmt = insert(ScanDay).values(rows[start : start + 500])
            stmt = stmt.on_conflict_do_update(
                index_elements=[ScanDay.public_code, ScanDay.day], set_={"count": ScanDay.count + stmt.excluded.count}
            )
            db.session.execute(stmt)


def _register_exit_flush(app: Flask) -> None:
    if id(app) in _registered_apps:
        return
    _registered_apps.add(id(app))

    def _flush_at_exit():
        with app.app_context():
            try:
                flush()
            except Exception:  # the database may already be gone at interpreter exit  # noqa: BLE001
                pass

    atexit.register(_flush_at_exit)
