"""``flask backup DEST``: the database, then the files, then the manifest, into ``DEST.partial``; renamed to
``DEST`` only when all of it is on disk, so a backup that fails or is killed never leaves a folder that looks whole.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from traceapp import clock
from traceapp.backup import files, manifest, postgres, sqlite
from traceapp.backup.errors import BackupError
from traceapp.backup.manifest import DATABASE_FILES, Manifest
from traceapp.extensions import db


@dataclass(frozen=True)
class Written:
    folder: Path
    manifest: Manifest
    manifest_sha256: str


def take_backup(destination: Path) -> Written:
    """Write a complete backup into the new folder ``destination``."""
    destination = destination.absolute()
    if destination.exists():
        raise BackupError(f"{destination} already exists: name a new folder (a dated one, for example).")
    kind = db.engine.dialect.name
    if kind not in DATABASE_FILES:
        raise BackupError(f"Backing up a {kind} database is not supported (SQLite and PostgreSQL are).")
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)  # left by a backup that was killed before it finished
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial.mkdir(mode=0o700)  # the copy holds personal data and the audit key: the server's user only
    try:
        contents, manifest_sum = _write(partial, kind)
        os.rename(partial, destination)
        _sync_folder(destination.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Written(destination, contents, manifest_sum)


def _write(folder: Path, kind: str) -> tuple[Manifest, str]:
    started = clock.utcnow()
    database_file = folder / DATABASE_FILES[kind]
    copy_database = sqlite.copy_database if kind == "sqlite" else postgres.dump_database
    with files.UploadLinks() as uploads:
        uploads.take()  # before the snapshot: every file it may name that a change could delete meanwhile
        facts = copy_database(database_file, uploads.take)  # and the moment it is fixed: the files written since
        _sync_file(database_file)
        sums = {DATABASE_FILES[kind]: manifest.hash_file(database_file), **uploads.copy_into(folder)}
    sums |= files.copy_instance_files(folder)
    contents = Manifest(
        created_at=started.isoformat(), database_kind=kind, database=facts, files=sums, uploads_linked=uploads.linked
    )
    manifest_sum = manifest.write(folder, contents)
    for sub, _dirs, _names in os.walk(folder):
        _sync_folder(Path(sub))
    return contents, manifest_sum


def _sync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the names in a folder durable (a rename is only safe once the folder itself is synced)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
