"""Re-keying the chain: once by migration 0012, when a trail written with plain SHA-256 gets its HMAC key, and by
``flask audit rekey`` after an investigation (a chain already broken, or a key replaced).

Why rewrite the hashes rather than accept the old unkeyed entries at the start of the chain: anyone who can write
to the database could then rewrite the whole chain unkeyed, and the next change would pin the forgery for good.
Once keyed, no unkeyed entry is ever accepted, so such a rewrite always shows. Nothing but ``prev_hash``, ``hash``
and ``scheme`` changes; a ``rekey`` entry appended at the end records, under the key, the head the chain had
before (entries and last hash), so a head noted before (the old ``flask audit verify`` printed it) still verifies.

A chain that does not verify as it stands is re-keyed only when asked to accept that (``accept_broken``): the
re-keying entry then names the first entry that did not verify, and the chain's history keeps that fact.

The table is declared here with the columns this code reads, not taken from the model, because migration 0012 runs
it: a column a later migration adds must not be asked for at that revision.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from traceapp.audit import keys
from traceapp.audit.head import GENESIS
from traceapp.audit.trail import KEYED, LEGACY, PG_LOCK_KEY, REKEY, SYSTEM, entry_hash
from traceapp.clock import utcnow

ENTRIES = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("user_id", sa.Integer),
    sa.column("user_name", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
    sa.column("scheme", sa.String),
)
CONTENT = ("at", "user_id", "user_name", "action", "entity", "entity_id", "before", "after")
CHUNK = 1000


class ChainBroken(Exception):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"entry #{entry_id} does not verify as it stands")
        self.entry_id = entry_id


@dataclass(frozen=True)
class Rekeyed:
    entries: int  # how many entries were re-keyed
    old_head: str  # the last hash before
    unverified_from: int | None  # the first entry that did not verify as it stood (accept_broken only)


def needed(connection: Connection) -> bool:
    """Whether some entry is not keyed with this instance's key."""
    keyed = f"{KEYED}:{keys.current().key_id}"
    return connection.scalar(sa.select(ENTRIES.c.id).where(ENTRIES.c.scheme != keyed).limit(1)) is not None


def rekey(connection: Connection, *, accept_broken: bool = False) -> Rekeyed | None:
    """Re-key every entry with this instance's key, in the caller's transaction; None when all already are.

    Each entry is first checked as it stands (plain SHA-256 for "sha256", HMAC for this key); ``ChainBroken`` when
    one does not verify, unless ``accept_broken``."""
    if not needed(connection):
        return None
    key = keys.current()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    count, old_head, unverified_from = _check(connection, key)
    if unverified_from is not None and not accept_broken:
        raise ChainBroken(unverified_from)
    prev, last_id, scheme = GENESIS, 0, f"{KEYED}:{key.key_id}"
    while True:
        chunk = connection.execute(
            sa.select(ENTRIES).where(ENTRIES.c.id > last_id).order_by(ENTRIES.c.id).limit(CHUNK)
        ).all()
        if not chunk:
            break
        updates = []
        for row in chunk:
            digest = entry_hash(prev_hash=prev, **{name: getattr(row, name) for name in CONTENT}, key=key.secret)
            updates.append({"entry_id": row.id, "new_prev": prev, "new_hash": digest, "new_scheme": scheme})
            prev = digest
        connection.execute(
            ENTRIES.update()
            .where(ENTRIES.c.id == sa.bindparam("entry_id"))
            .values(
                prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash"), scheme=sa.bindparam("new_scheme")
            ),
            updates,
        )
        last_id = chunk[-1].id
    note = {"entries": count, "old_head": old_head, "unverified_from": unverified_from}
    fields: dict[str, Any] = {
        "at": utcnow(),
        "user_id": None,
        "user_name": SYSTEM,
        "action": REKEY,
        "entity": "audit_entry",
        "entity_id": count,
        "before": None,
        "after": note,
    }
    digest = entry_hash(prev_hash=prev, **fields, key=key.secret)
    connection.execute(sa.insert(ENTRIES).values(**fields, prev_hash=prev, hash=digest, scheme=scheme))
    return Rekeyed(count, old_head, unverified_from)


def _check(connection: Connection, key: keys.AuditKey) -> tuple[int, str, int | None]:
    """The entries as they stand: how many, the last hash, and the first that does not verify (or None)."""
    keyed = f"{KEYED}:{key.key_id}"
    prev, count, broken = GENESIS, 0, None
    rows = connection.execute(sa.select(ENTRIES).order_by(ENTRIES.c.id).execution_options(yield_per=CHUNK))
    for row in rows:
        count += 1
        if broken is None:
            fields = {name: getattr(row, name) for name in CONTENT}
            if row.scheme == LEGACY:
                expected = entry_hash(prev_hash=row.prev_hash, **fields)
            elif row.scheme == keyed:
                expected = entry_hash(prev_hash=row.prev_hash, **fields, key=key.secret)
            else:
                expected = ""  # another key's entry cannot be checked here
            if row.prev_hash != prev or not hmac.compare_digest(expected, row.hash):
                broken = row.id
        prev = row.hash
    return count, prev, broken
