"""PostgreSQL: ``pg_dump --format=custom`` of the app's schema, and ``pg_restore`` back in one transaction.

The dump runs inside a snapshot the app exports (``pg_export_snapshot`` in a REPEATABLE READ transaction), and the
manifest's facts (revision, row counts, audit head) are read in that same snapshot, so they describe exactly the rows
dumped however busy the app is. The password goes to pg_dump in ``PGPASSWORD``, never on its command line (where
``ps`` would show it). pg_dump refuses a server newer than itself, so the tools are looked for on PATH and under
``/usr/lib/postgresql/*/bin`` (Debian keeps one folder per major version), or in ``BACKUP_PG_BINDIR``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from traceapp.backup.database import app_tables_present, read_facts
from traceapp.backup.errors import BackupError
from traceapp.backup.manifest import DatabaseFacts, Manifest
from traceapp.extensions import db

DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"
# Schema entries are left out of a restore: the target's schema exists already (it is the app's search_path).
_SCHEMA_ENTRY = re.compile(r"^\d+;\s+\d+\s+\d+\s+(SCHEMA - |COMMENT - SCHEMA )")
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


@dataclass(frozen=True)
class Tools:
    dump: str
    restore: str
    major: int


def dump_database(target: Path, after_snapshot: Callable[[], None]) -> DatabaseFacts:
    """Dump the app's schema into ``target``; the facts are read in the snapshot the dump sees, and
    ``after_snapshot`` runs once it is fixed (the uploads are linked there)."""
    with db.engine.connect() as connection:
        schema, server_version, major = _server(connection)
    tools = find_tools(major)
    with db.engine.connect() as plain:
        connection = plain.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))  # the first query fixes the snapshot
            after_snapshot()
            with Session(bind=connection) as session:
                facts = read_facts(session, schema=schema, server_version=server_version)
            _run(
                [
                    tools.dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--schema={_literal_pattern(schema)}",
                    f"--file={target}",
                    f"--dbname={_conninfo()}",
                ]
            )
    return facts


def check_target(manifest: Manifest) -> Tools:
    """Before anything is written: the app's schema must be the one dumped, and pg_restore new enough."""
    with db.engine.connect() as connection:
        schema, _version, major = _server(connection)
    if manifest.database.schema != schema:
        raise BackupError(
            f"The backup holds the PostgreSQL schema {manifest.database.schema!r}, but the app's database uses "
            f"{schema!r}: restore into a database whose search_path names {manifest.database.schema!r}."
        )
    return find_tools(major)


def restore_database(dump: Path, tools: Tools) -> None:
    """Drop the empty instance's tables (left by ``flask db upgrade``), then restore the dump in one transaction."""
    with db.engine.begin() as connection:
        quote = connection.dialect.identifier_preparer.quote
        for name in app_tables_present(connection):
            connection.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))
    db.session.remove()
    db.engine.dispose()
    listing = _run([tools.restore, "--list", str(dump)])
    kept = "".join(line for line in listing.splitlines(keepends=True) if not _SCHEMA_ENTRY.match(line))
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as entries:
        entries.write(kept)
        entries.flush()
        try:
            _run(
                [
                    tools.restore,
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    f"--use-list={entries.name}",
                    f"--dbname={_conninfo()}",
                    str(dump),
                ]
            )
        except BackupError as exc:
            raise BackupError(f"{exc} Nothing was restored; the database is empty.") from None
    db.engine.dispose()


def find_tools(server_major: int) -> Tools:
    """pg_dump and pg_restore of the server's major version (or, failing that, the oldest newer one)."""
    configured = current_app.config.get("BACKUP_PG_BINDIR")
    on_path = shutil.which("pg_dump")
    folders = (
        [str(configured)]
        if configured
        else [
            *([str(Path(on_path).parent)] if on_path else []),
            *sorted(
                (str(path) for path in Path("/").glob(DEBIAN_BINDIRS.lstrip("/"))),
                key=lambda folder: [int(part) for part in re.findall(r"\d+", folder)],
                reverse=True,
            ),
        ]
    )
    found: list[Tools] = []
    for folder in folders:
        dump, restore = Path(folder) / "pg_dump", Path(folder) / "pg_restore"
        if os.access(dump, os.X_OK) and os.access(restore, os.X_OK):
            major = _tool_major(str(dump))
            if major is not None:
                found.append(Tools(str(dump), str(restore), major))
    usable = sorted((tools for tools in found if tools.major >= server_major), key=lambda tools: tools.major)
    if not usable:
        versions = ", ".join(f"{tools.major} ({tools.dump})" for tools in found) or "none found"
        raise BackupError(
            f"pg_dump and pg_restore of PostgreSQL {server_major} or newer are needed (found: {versions}). "
            f"Install postgresql-client-{server_major}, or set BACKUP_PG_BINDIR to the folder that holds them."
        )
    return usable[0]


def _tool_major(path: str) -> int | None:
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(output)
    return int(match.group(1)) if match else None


def _server(connection: Connection) -> tuple[str, str, int]:
    schema = connection.scalar(text("SELECT current_schema()"))
    if schema is None:
        raise BackupError("No schema of the database's search_path exists: create it first.")
    version = str(connection.scalar(text("SHOW server_version")))
    major = int(str(connection.scalar(text("SHOW server_version_num")))) // 10000
    return str(schema), version, major


def _literal_pattern(schema: str) -> str:
    """pg_dump takes patterns; a name in double quotes matches itself only (case and wildcards kept)."""
    return '"' + schema.replace('"', '""') + '"'


def _conninfo() -> str:
    """The app's connection as a libpq string, without the password (which goes in the environment)."""
    url = db.engine.url
    params: dict[str, str | int | None] = {key: value for key, value in url.query.items() if isinstance(value, str)}
    params.update({"host": url.host, "port": url.port, "user": url.username, "dbname": url.database})
    return make_conninfo("", **{key: value for key, value in params.items() if value is not None})


def _run(command: list[str]) -> str:
    environment = dict(os.environ)
    password = db.engine.url.password
    if password is not None:
        environment["PGPASSWORD"] = str(password)
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        detail = result.stderr.strip()[-2000:] or f"exit status {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")
    return result.stdout
