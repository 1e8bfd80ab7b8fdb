"""Each audited record against its entries: a row changed, deleted or inserted directly in the database, bypassing
the app, leaves the chain intact but makes the row disagree with what its entries add up to.

A record's entries, in order, replay it: a ``create`` gives every column, an ``update`` the columns it changed, a
``delete`` removes it. The replay must equal the row as it is now, column by column (the ``NOISE`` columns and
bytes are never recorded, so never compared). A migration that fills an audited column in existing rows must
therefore append entries for what it changed, or ``flask audit verify`` will name those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, Connection, DateTime, Float, Numeric, inspect, select

from traceapp.audit.trail import (
    AUDITED,
    CREATE,
    DELETE,
    NOISE,
    ROW_CHANGED,
    ROW_DELETED,
    ROW_UNRECORDED,
    Break,
    plain,
    table_of,
)
from traceapp.clock import as_utc
from traceapp.models import AuditEntry, Base

CHUNK = 1000


@dataclass
class Replayed:
    """What a record's entries add up to: its columns (None once deleted), and the last entry's id."""

    entry_id: int
    values: dict[str, Any] | None = field(default_factory=dict)
    complete: bool = True  # False when the first entry seen is an update (a record older than the trail)


def first_difference(connection: Connection) -> Break | None:
    """The first audited record that is not what its entries say, model by model in ``AUDITED`` order."""
    for model in AUDITED:
        broken = _check_model(connection, model)
        if broken is not None:
            return broken
    return None


def _check_model(connection: Connection, model: type[Base]) -> Break | None:
    entity = table_of(model).name
    replayed = replay(connection, entity)
    columns = {prop.key: prop.columns[0] for prop in inspect(model).column_attrs if prop.key not in NOISE}
    statement = select(*(column.label(key) for key, column in columns.items())).order_by(columns["id"])
    for row in connection.execute(statement.execution_options(yield_per=CHUNK)).mappings():
        record = replayed.pop(row["id"], None)
        if record is None or record.values is None:
            return Break(record.entry_id if record else None, ROW_UNRECORDED, entity, row["id"])
        for key, column in columns.items():
            if isinstance(row[key], bytes | bytearray | memoryview):
                continue  # never recorded
            if key not in record.values and not record.complete:
                continue  # a record older than the trail: this column was never recorded
            current = plain(row[key])
            if not same(column, record.values.get(key), current):
                return Break(record.entry_id, ROW_CHANGED, entity, row["id"], key)
    for entity_id, record in sorted(replayed.items()):
        if record.values is not None:
            return Break(record.entry_id, ROW_DELETED, entity, entity_id)
    return None


def replay(connection: Connection, entity: str) -> dict[int, Replayed]:
    """Every record of ``entity`` as its entries leave it, by id."""
    records: dict[int, Replayed] = {}
    statement = (
        select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.action, AuditEntry.after)
        .where(AuditEntry.entity == entity)
        .order_by(AuditEntry.id)
    )
    for entry in connection.execute(statement.execution_options(yield_per=CHUNK)):
        record = records.get(entry.entity_id)
        if entry.action == CREATE:
            records[entry.entity_id] = Replayed(entry.id, dict(entry.after or {}))
        elif entry.action == DELETE:
            records[entry.entity_id] = Replayed(entry.id, None)
        elif record is None or record.values is None:
            records[entry.entity_id] = Replayed(entry.id, dict(entry.after or {}), complete=False)
        else:
            record.values.update(entry.after or {})
            record.entry_id = entry.id
    return records


def same(column: ColumnElement, recorded: Any, current: Any) -> bool:
    """A recorded value and the column's value now, as ``plain()`` gives both; numbers and times compared by
    value, since a float written may come back a Decimal, and a time's text may differ in its offset."""
    if recorded == current:
        return True
    if recorded is None or current is None:
        return False
    if isinstance(column.type, (Numeric, Float)):
        try:
            return Decimal(str(recorded)) == Decimal(str(current))
        except InvalidOperation:
            return False
    if isinstance(column.type, DateTime):
        try:
            return as_utc(datetime.fromisoformat(recorded)) == as_utc(datetime.fromisoformat(current))
        except (TypeError, ValueError):
            return False
    return False
