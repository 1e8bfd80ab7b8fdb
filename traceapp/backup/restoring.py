"""``flask restore SRC``: put a backup back into an empty instance, then prove it came back whole.

Everything that can refuse does so before the first write: the manifest's sums, the kind of database, an instance
that already holds rows or uploads, a backup from a newer version of the app. Then the database, the files, a
check that every table has the rows the manifest counted, the migrations from the backup's revision up to this
version's, and the audit chain's verification, whose result the report carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, select, table

from traceapp.audit import trail
from traceapp.backup import files, manifest, postgres, sqlite
from traceapp.backup.database import tables_with_rows
from traceapp.backup.errors import BackupError
from traceapp.backup.manifest import Manifest
from traceapp.extensions import db


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    files_written: int
    upgraded_to: str | None  # the revision migrations took an older backup to, or None when it was current
    audit_entries: int
    audit_problem: str | None  # why the restored audit chain does not verify; None when it is intact


def restore_backup(source: Path) -> RestoreReport:
    source = source.absolute()
    contents = manifest.read_verified(source)
    kind = db.engine.dialect.name
    if contents.database_kind != kind:
        raise BackupError(
            f"This is a backup of a {contents.database_kind} database; the app is configured for {kind}. "
            "Restore it into the same kind of database."
        )
    _refuse_unless_empty()
    head = _head_if_known(contents.database.revision)
    database_file = source / contents.database_file
    if kind == "postgresql":
        postgres.restore_database(database_file, postgres.check_target(contents))
    else:
        sqlite.restore_database(database_file)
    written = files.restore_from(source, contents)
    _check_rows(contents)
    upgraded_to = None
    if contents.database.revision is not None and contents.database.revision != head:
        upgrade()
        upgraded_to = head
    db.session.remove()
    broken = trail.verify()
    entries, _last = trail.summary()
    return RestoreReport(
        manifest=contents,
        files_written=written,
        upgraded_to=upgraded_to,
        audit_entries=entries,
        audit_problem=None if broken is None else broken.describe(),
    )


def _refuse_unless_empty() -> None:
    with db.engine.connect() as connection:
        filled = tables_with_rows(connection)
    if filled:
        raise BackupError(
            f"The app's database is not empty ({', '.join(filled[:5])} hold rows): a backup is restored only into "
            "an empty instance, so nothing is overwritten. Point the app at a new database and run restore again."
        )
    if uploaded := files.uploads_present():
        raise BackupError(
            f"The upload folder {files.upload_folder()} already holds {len(uploaded)} file(s): a backup is restored "
            "only into an empty instance."
        )


def _head_if_known(revision: str | None) -> str | None:
    """This version's head revision, once the backup's revision is known to it (an older one is migrated up)."""
    scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    if revision is not None:
        try:
            known = scripts.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise BackupError(
                f"The backup was taken at schema revision {revision!r}, which this version of the app does not "
                "know: it comes from a newer version. Update the app first, then restore."
            )
    return scripts.get_current_head()


def _check_rows(contents: Manifest) -> None:
    """Every table came back with the rows the backup counted, and the audit trail ends where it ended."""
    with db.engine.connect() as connection:
        restored = {
            name: connection.scalar(select(func.count()).select_from(table(name))) for name in contents.database.rows
        }
    differing = [name for name, count in contents.database.rows.items() if restored[name] != count]
    if differing:
        raise BackupError(
            f"The restored tables {', '.join(differing[:5])} do not hold the rows the backup counted: the restore "
            "is incomplete. Empty the instance and restore again."
        )
    db.session.remove()
    ended = trail.summary()
    db.session.remove()  # end the read: a migration that follows must be able to lock the tables
    if ended != (contents.database.audit_entries, contents.database.audit_last_hash):
        raise BackupError("The restored audit trail does not end where the backup's did.")
