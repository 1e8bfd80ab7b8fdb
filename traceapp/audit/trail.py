"""Recording the audit trail (issue 3): every create, change and delete of an audited record, chained by hash.

Session listeners, not calls in each service: every write goes through ``db.session``, so the web views, the
``flask`` commands and the demo loader are all recorded, and a new service cannot forget to log.

Each entry's hash covers its content and the hash of the entry before it, so a row changed or removed
directly in the database breaks the chain, and ``verify()`` finds the first broken entry. Removing entries
from the very end is only visible against a last hash noted elsewhere (``flask audit verify`` prints it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Connection, Select, Table, event, func, insert, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.state import InstanceState

from traceapp.clock import as_utc, utcnow
from traceapp.extensions import db
from traceapp.models import (
    ApiToken,
    AuditEntry,
    Base,
    Batch,
    Business,
    Certification,
    ConsumerReport,
    CooperationEvent,
    DepartmentInput,
    EventAttachment,
    EventCommitment,
    EventInvitation,
    Inspection,
    InspectionAmendment,
    InspectionItem,
    InspectionMember,
    PlanReport,
    Product,
    Recall,
    SupplyLink,
    TechnologyUse,
    Violation,
    ViolationStep,
)

# Extend this tuple to audit a new model; its table name becomes the entry's ``entity``.
AUDITED: tuple[type[Base], ...] = (
    Business,
    Product,
    Batch,
    Certification,
    Inspection,
    InspectionItem,
    InspectionMember,
    Violation,
    ViolationStep,
    InspectionAmendment,
    ConsumerReport,
    Recall,
    SupplyLink,
    CooperationEvent,
    EventInvitation,
    EventCommitment,
    TechnologyUse,
    EventAttachment,
    PlanReport,
    DepartmentInput,
    ApiToken,
)
# Derived or clock-only columns: recording them would only add noise to every change (an API token's last use
# moves at most once a minute while the province reads). A token's hash stands in for its secret: kept out too.
NOISE = frozenset({"updated_at", "search_key", "last_used_at", "token_hash"})
GENESIS = "0" * 64
SYSTEM, PUBLIC = "system", "public"  # user_name when no one is logged in: a command, or a public page
CREATE, UPDATE, DELETE = "create", "update", "delete"
CHANGED, BROKEN_LINK = "changed", "broken_link"
# Any constant shared by every process of the app; serialises the chain's tail on PostgreSQL.
PG_LOCK_KEY = 7_370_010_003
_ACTOR = "audit_actor"
_SKIP = object()  # a value left out of the record (bytes)
Change = tuple[str, str, int, dict | None, dict | None]  # action, entity, entity_id, before, after


def table_of(model: type[Base]) -> Table:
    """The model's table (declared models map one ``Table``; the declarative base types it as any FROM clause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


_table = table_of(AuditEntry)


def register() -> None:
    """Install the listeners once per process, on the session class of ``db.session``'s sessionmaker."""
    if event.contains(db.session, "after_flush", _after_flush):
        return
    event.listen(db.session, "before_flush", _before_flush)
    event.listen(db.session, "after_flush", _after_flush)
    for model in AUDITED:
        for prop in inspect(model).column_attrs:
            if prop.key in NOISE:
                continue
            # active_history: setting an expired attribute loads its old value first, so "before" is known.
            event.listen(getattr(model, prop.key), "set", _keep_old_value, active_history=True)


def _keep_old_value(target, value, oldvalue, initiator) -> None:
    """A no-op: the listener exists for its ``active_history`` flag."""


# --- recording -------------------------------------------------------------------------------------------


def _before_flush(session: Session, flush_context: UOWTransaction, instances) -> None:
    """Note who is writing, and load deleted records' columns while their rows still exist (SQL is safe here)."""
    session.info.pop(_ACTOR, None)
    if not any(isinstance(obj, AUDITED) for obj in (*session.new, *session.dirty, *session.deleted)):
        return
    session.info[_ACTOR] = _actor()
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            state = inspect(obj)
            missing = state.unloaded & {prop.key for prop in state.mapper.column_attrs}
            if missing:
                session.refresh(obj, attribute_names=sorted(missing))


def _actor() -> tuple[int | None, str]:
    if not has_request_context():
        return None, SYSTEM
    if current_user.is_authenticated:
        return current_user.id, current_user.name[:120]
    return None, PUBLIC


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    """Append one entry per audited row written by this flush (new/dirty/history are still pre-flush here)."""
    actor = session.info.pop(_ACTOR, None)
    changes = list(_changes(session, flush_context))
    if changes:
        _append(session.connection(), actor or _actor(), changes)


def _changes(session: Session, flush_context: UOWTransaction) -> Iterable[Change]:
    # Orphans removed by a delete-orphan cascade are never in session.deleted; the flush's own list has them.
    deleted = [
        state
        for state, (is_delete, list_only) in flush_context.states.items()
        if is_delete and not list_only and isinstance(state.obj(), AUDITED)
    ]
    deleted_ids = {id(state) for state in deleted}
    for obj in session.new:
        if isinstance(obj, AUDITED):
            state = inspect(obj)
            yield CREATE, _entity(state), _entity_id(state), None, _snapshot(state, new=True)
    for obj in session.dirty:
        state = inspect(obj)
        if isinstance(obj, AUDITED) and id(state) not in deleted_ids:
            before, after = _diff(state)
            if after or before:
                yield UPDATE, _entity(state), _entity_id(state), before, after
    for state in deleted:
        yield DELETE, _entity(state), _entity_id(state), _snapshot(state, new=False), None


def _entity(state: InstanceState) -> str:
    return table_of(state.mapper.class_).name


def _entity_id(state: InstanceState) -> int:
    return state.identity[0] if state.identity else state.dict["id"]


def _snapshot(state: InstanceState, *, new: bool) -> dict:
    values = {}
    for prop in state.mapper.column_attrs:
        if prop.key in NOISE:
            continue
        if prop.key in state.dict:
            value = plain(state.dict[prop.key])
        elif new and prop.columns[0].server_default is None:
            value = None  # never set and no default: the row has NULL
        else:
            continue  # not loaded; never query in the middle of a flush
        if value is not _SKIP:
            values[prop.key] = value
    return values


def _diff(state: InstanceState) -> tuple[dict, dict]:
    before, after = {}, {}
    for prop in state.mapper.column_attrs:
        if prop.key in NOISE:
            continue
        history = state.attrs[prop.key].history
        if not history.added and not history.deleted:
            continue
        old = plain(history.deleted[0]) if history.deleted else None
        new = plain(history.added[0]) if history.added else None
        if old != new and _SKIP not in (old, new):
            before[prop.key], after[prop.key] = old, new
    return before, after


def plain(value: Any) -> Any:
    """A column value as JSON: enums by value, dates ISO (times in UTC), decimals as text; bytes are left out."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _SKIP
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


# --- the chain -------------------------------------------------------------------------------------------


def entry_hash(
    *,
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    user_name: str,
    action: str,
    entity: str,
    entity_id: int,
    before: dict | None,
    after: dict | None,
) -> str:
    payload = {
        "prev_hash": prev_hash,
        "at": as_utc(at).isoformat(timespec="microseconds"),
        "user_id": user_id,
        "user_name": user_name,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _append(connection: Connection, actor: tuple[int | None, str], changes: list[Change]) -> None:
    """Chain the entries onto the last one, inside the flush's transaction.

    Two transactions must never both read the same last entry. PostgreSQL: a transaction-scoped advisory lock,
    held until commit, serialises appenders; under READ COMMITTED the SELECT after it sees the previous holder's
    committed entries. SQLite: the flush has just written the audited rows, so this transaction already holds
    the database's single write lock until it commits; no other connection can append in between.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    prev = connection.execute(select(_table.c.hash).order_by(_table.c.id.desc()).limit(1)).scalar() or GENESIS
    user_id, user_name = actor
    at = utcnow()
    rows: list[dict[str, Any]] = []
    for action, entity, entity_id, before, after in changes:
        digest = entry_hash(
            prev_hash=prev,
            at=at,
            user_id=user_id,
            user_name=user_name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
        rows.append(
            {
                "at": at,
                "user_id": user_id,
                "user_name": user_name,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "before": before,
                "after": after,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    connection.execute(insert(_table), rows)  # executemany keeps the order, so ids follow the chain


@dataclass(frozen=True)
class Break:
    """The first entry that does not verify, and why: ``CHANGED`` content or a ``BROKEN_LINK`` to its predecessor."""

    entry_id: int
    reason: str

    def describe(self) -> str:
        if self.reason == CHANGED:
            return f"entry #{self.entry_id} was changed after it was written (its hash does not match its content)"
        return f"entry #{self.entry_id} does not follow the entry before it: an earlier entry was deleted or changed"


def verify(session: Session | None = None) -> Break | None:
    """Walk the chain in id order; the first entry whose link or hash is wrong, or None when it is intact."""
    session = session if session is not None else db.session()
    prev = GENESIS
    rows = session.execute(select(_table).order_by(_table.c.id).execution_options(yield_per=1000))
    for row in rows:
        if row.prev_hash != prev:
            return Break(row.id, BROKEN_LINK)
        fields = {
            key: getattr(row, key)
            for key in ("prev_hash", "at", "user_id", "user_name", "action", "entity", "entity_id", "before", "after")
        }
        if entry_hash(**fields) != row.hash:
            return Break(row.id, CHANGED)
        prev = row.hash
    return None


def summary(session: Session | None = None) -> tuple[int, str | None]:
    """How many entries there are, and the last hash (to note down: it shows later that none was cut off the end)."""
    session = session if session is not None else db.session()
    count = session.scalar(select(func.count()).select_from(_table))
    last = session.scalar(select(_table.c.hash).order_by(_table.c.id.desc()).limit(1))
    return count or 0, last


# --- reading ---------------------------------------------------------------------------------------------


def model_for(entity: str) -> type[Base] | None:
    """The audited model stored in table ``entity``, or None for a name that is not audited."""
    return next((model for model in AUDITED if table_of(model).name == entity), None)


def history_statement(entity: str, entity_id: int) -> Select:
    return (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc())
    )
