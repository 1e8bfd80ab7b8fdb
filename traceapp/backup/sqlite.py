"""SQLite: a consistent copy with SQLite's online backup API, never a file copy.

Why not ``cp``: under WAL the database is two files (the main file and ``-wal``) that change independently, and a
copy taken while the app writes can hold half a transaction. Here a read transaction is opened on the app's
database and ``sqlite3.Connection.backup`` copies every page inside it: a snapshot as of one commit, while writers
carry on (WAL lets them). The copy is switched out of WAL so that it is a single self-contained file whose SHA-256
stays true.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from traceapp.backup.database import read_facts
from traceapp.backup.errors import BackupError
from traceapp.backup.manifest import DatabaseFacts
from traceapp.extensions import db


def database_path() -> Path:
    """The file of the app's SQLite database; an in-memory database cannot be backed up."""
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("The app's SQLite database is in memory: there is nothing on disk to back up.")
    return Path(name)


def copy_database(target: Path, after_snapshot: Callable[[], None]) -> DatabaseFacts:
    """Copy the app's database into ``target`` (a new file) online; return the facts read from the copy.

    A read transaction is opened first, so the snapshot is fixed before ``after_snapshot`` runs (the uploads are
    linked there) and the backup API then copies exactly that snapshot, whatever was committed since."""
    database_path()
    raw = db.engine.raw_connection()
    try:
        source = _driver(raw.driver_connection)
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # under WAL the snapshot starts here
        after_snapshot()
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=-1)  # uses the open read transaction: the same snapshot
        finally:
            copy.close()
    finally:
        raw.close()  # the pool's reset ends the read transaction
    facts = _check_and_read(target)
    _leave_wal(target)
    return facts


def _driver(connection: object) -> sqlite3.Connection:
    if not isinstance(connection, sqlite3.Connection):
        raise BackupError("The app's SQLite database is not reached through Python's sqlite3 driver.")
    return connection


def _check_and_read(path: Path) -> DatabaseFacts:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            problems = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if problems != ["ok"]:
                raise BackupError(f"The copy of the database fails SQLite's integrity check: {problems[:3]}.")
            return read_facts(session)
    finally:
        engine.dispose()


def _leave_wal(path: Path) -> None:
    """Checkpoint and leave WAL (the app's engine turns it on for every connection), so the copy is one file."""
    connection = sqlite3.connect(path)
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    finally:
        connection.close()
    leftovers = [name for name in (f"{path}-wal", f"{path}-shm") if Path(name).exists()]
    if mode != "delete" or leftovers:
        raise BackupError(f"The copy of the database could not be closed into one file ({mode}, {leftovers}).")


def restore_database(copy: Path) -> None:
    """Write the backup's database over the app's (empty) one, page by page through SQLite itself."""
    database_path()
    db.session.remove()
    db.engine.dispose()
    source = sqlite3.connect(copy.absolute().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        raw = db.engine.raw_connection()
        try:
            source.backup(_driver(raw.driver_connection), pages=-1)
        finally:
            raw.close()
    finally:
        source.close()
    db.engine.dispose()
