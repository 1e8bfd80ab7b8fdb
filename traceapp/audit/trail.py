"""Recording the audit trail (issue 3): every create, change and delete of an audited record, chained by hash.

Session listeners, not calls in each service: every write goes through ``db.session``, so the web views, the
``flask`` commands and the demo loader are all recorded, and a new service cannot forget to log.

What ``verify()`` catches (issue 10), and how:

- an entry edited, deleted or inserted in the database: each entry's hash is an HMAC (``keys.py``, a key kept
  outside the database) of its content and of the previous entry's hash, so the edited entry or the one after
  the gap no longer verifies, and without the key no one can recompute the chain;
- the last entries deleted: the chain is still linked, but a head published earlier (``head.py``: count and
  hash, printed on locked plan reports and data packages) no longer matches — ``verify(head=...)``;
- an audited row changed, deleted or inserted directly, bypassing the app: no entry says so, and the row no
  longer equals what its entries add up to (``records.py``).

Entries written before the chain was keyed (plain SHA-256, ``scheme`` "sha256") are re-keyed once by migration
0012 (``rekey.py``); from then on an unkeyed entry is never accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Connection, Select, Table, event, insert, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.state import InstanceState

from traceapp.audit import keys
from traceapp.audit.head import GENESIS, Head
from traceapp.audit.head import current as current_head
from traceapp.clock import as_utc, utcnow
from traceapp.extensions import db
from traceapp.models import (
    AccountLock,
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
    MeasuringInstrument,
    PlanReport,
    PrepackagedLotCheck,
    PrepackagedSample,
    Product,
    Recall,
    RecordSignature,
    SupplyLink,
    TechnologyUse,
    Violation,
    ViolationStep,
    WeighingTest,
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
    MeasuringInstrument,  # declared, changed, confirmed, retired (traceapp/instruments)
    AccountLock,  # a lockout after failed logins, and who unlocked it (traceapp/auth/lockout.py)
    RecordSignature,  # signed, refused, voided (traceapp/inspections/signatures.py); the image by its digest
    WeighingTest,  # the loads and readings a weighing verdict was worked out from (traceapp/inspections/weighing.py)
    PrepackagedLotCheck,  # a lot's quantity check and the verdict given (traceapp/inspections/prepackaged.py)
    PrepackagedSample,
)
# Derived or clock-only columns: recording them would only add noise to every change (an API token's last use
# moves at most once a minute while the province reads). A token's hash stands in for its secret: kept out too.
NOISE = frozenset({"updated_at", "search_key", "last_used_at", "token_hash"})
SYSTEM, PUBLIC = "system", "public"  # user_name when no one is logged in: a command, or a public page
CREATE, UPDATE, DELETE = "create", "update", "delete"
REKEY = "rekey"  # the entry rekey.py appends, recording the head the chain had before
LEGACY, KEYED = "sha256", "hmac-sha256"  # AuditEntry.scheme; keyed entries add ":<key id>"
# Why verify() stops: an entry's content, its link, its key or scheme; the head; an audited record.
CHANGED, BROKEN_LINK, WRONG_KEY, UNKEYED = "changed", "broken_link", "wrong_key", "unkeyed"
CUT_OFF, NOT_HEAD = "cut_off", "not_head"
ROW_CHANGED, ROW_DELETED, ROW_UNRECORDED = "row_changed", "row_deleted", "row_unrecorded"
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
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 under ``key`` of the entry's canonical JSON; without a key, the plain SHA-256 that entries
    written before the chain was keyed carry (and that anyone could recompute)."""
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
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def _append(connection: Connection, actor: tuple[int | None, str], changes: list[Change]) -> None:
    """Chain the entries onto the last one, inside the flush's transaction.

    Two transactions must never both read the same last entry. PostgreSQL: a transaction-scoped advisory lock,
    held until commit, serialises appenders; under READ COMMITTED the SELECT after it sees the previous holder's
    committed entries. SQLite: the flush has just written the audited rows, so this transaction already holds
    the database's single write lock until it commits; no other connection can append in between.
    """
    key = keys.current()
    scheme = f"{KEYED}:{key.key_id}"
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    prev = connection.execute(select(_table.c.hash).order_by(_table.c.id.desc()).limit(1)).scalar() or GENESIS
    user_id, user_name = actor
    at = utcnow()
    rows: list[dict[str, Any]] = []
    for action, entity, entity_id, before, after in changes:
        fields: dict[str, Any] = {
            "prev_hash": prev,
            "at": at,
            "user_id": user_id,
            "user_name": user_name,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": before,
            "after": after,
        }
        digest = entry_hash(**fields, key=key.secret)
        rows.append({**fields, "hash": digest, "scheme": scheme})
        prev = digest
    connection.execute(insert(_table), rows)  # executemany keeps the order, so ids follow the chain


@dataclass(frozen=True)
class Break:
    """The first thing that does not verify, and why: an entry (``entry_id``), the head, or an audited record
    (``entity``/``entity_id``, with the column in ``detail``)."""

    entry_id: int | None
    reason: str
    entity: str | None = None
    entity_id: int | None = None
    detail: str = ""

    def describe(self) -> str:
        entry, record = f"entry #{self.entry_id}", f"{self.entity} #{self.entity_id}"
        messages = {
            CHANGED: f"{entry} was changed after it was written (its hash does not match its content)",
            BROKEN_LINK: f"{entry} does not follow the entry before it: an earlier entry was deleted or changed",
            WRONG_KEY: f"{entry} was written with audit key {self.detail}, not with this instance's key: set "
            "AUDIT_HMAC_KEY (or instance/audit-hmac.key) to the key the trail was written with",
            UNKEYED: f"{entry} is not keyed: it was forged, or the chain was already broken when migration 0012 "
            "keyed it (then see `flask audit rekey --help`)",
            CUT_OFF: f"the chain has {self.detail}: entries were deleted from its end",
            NOT_HEAD: f"{entry} is not the head noted earlier ({self.detail}): the chain was cut off or rewritten",
            ROW_CHANGED: f"{record} differs from its last audit entry ({entry}) in {self.detail}: it was changed "
            "in the database, bypassing the app",
            ROW_DELETED: f"{record} is missing, but its last audit entry ({entry}) does not say it was deleted: it "
            "was deleted in the database, bypassing the app",
            ROW_UNRECORDED: f"{record} exists, but no audit entry created it (or its last entry deleted it): it was "
            "inserted in the database, bypassing the app",
        }
        return messages.get(self.reason, f"{entry}: {self.reason}")


def verify(session: Session | None = None, *, head: Head | None = None, records: bool = True) -> Break | None:
    """None when the trail is intact, else the first problem: every entry's keyed hash and link; with ``head``, that
    the entry at that position still has that hash (nothing cut off since); with ``records``, that every audited
    row is what its entries add up to. Without a session it reads one consistent snapshot of its own, so the app
    may keep writing meanwhile."""
    if session is not None:
        return _verify(session.connection(), head, records)
    with _consistent_read() as connection:
        return _verify(connection, head, records)


def _verify(connection: Connection, head: Head | None, records: bool) -> Break | None:
    broken = _check_chain(connection, head)
    if broken is None and records:
        from traceapp.audit.records import first_difference  # it reads AUDITED and plain() from here

        broken = first_difference(connection)
    return broken


@contextmanager
def _consistent_read() -> Iterator[Connection]:
    """A read-only connection that sees the database as of its first read until the end: the entries and the
    records are compared as of one instant, never an entry from before a change with the row from after it.
    Nothing is written; closing the connection ends its transaction (the pool rolls back what it returns)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        else:
            connection.exec_driver_sql("BEGIN")  # pysqlite begins no transaction for reads; WAL keeps its snapshot
        yield connection


def _check_chain(connection: Connection, head: Head | None) -> Break | None:
    key = keys.current()
    keyed = f"{KEYED}:{key.key_id}"
    prev, position, head_found, not_head = GENESIS, 0, head is None or head.count == 0, None
    rows = connection.execute(select(_table).order_by(_table.c.id).execution_options(yield_per=1000))
    for row in rows:
        position += 1
        if row.prev_hash != prev:
            return Break(row.id, BROKEN_LINK)
        if row.scheme != keyed:
            if row.scheme.startswith(f"{KEYED}:"):
                return Break(row.id, WRONG_KEY, detail=row.scheme.partition(":")[2])
            return Break(row.id, UNKEYED)
        fields = {
            name: getattr(row, name)
            for name in ("prev_hash", "at", "user_id", "user_name", "action", "entity", "entity_id", "before", "after")
        }
        if not hmac.compare_digest(entry_hash(**fields, key=key.secret), row.hash):
            return Break(row.id, CHANGED)
        if head is not None and not head_found:
            if position == head.count:
                head_found = row.hash.startswith(head.hash)
                not_head = None if head_found else row.id
            elif row.action == REKEY and _was_head_before(row.after, head):
                head_found = True  # noted before the chain was re-keyed: the re-keying entry names it
        prev = row.hash
    if head is not None and not head_found:
        if not_head is not None:
            return Break(not_head, NOT_HEAD, detail=head.token)
        return Break(None, CUT_OFF, detail=f"{position} entries, but {head.count} were noted ({head.token})")
    return None


def _was_head_before(note: dict | None, head: Head) -> bool:
    """Whether the re-keying entry's ``note`` names ``head`` as the chain's head just before it re-keyed."""
    note = note or {}
    return note.get("entries") == head.count and str(note.get("old_head", "")).startswith(head.hash)


def summary(session: Session | None = None) -> tuple[int, str | None]:
    """How many entries there are, and the last hash (the head, as ``head.current`` gives it with its time)."""
    found = current_head(session if session is not None else db.session())
    return found.count, (found.hash if found.count else None)


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
