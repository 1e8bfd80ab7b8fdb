"""Backup and restore of one installation: ``flask backup DEST`` and ``flask restore SRC`` (issue 10, item 6).

A backup is a folder: a consistent copy of the database (SQLite's online backup API, or ``pg_dump`` of the app's
schema), the uploaded files, the instance's key files, and ``manifest.json`` with each file's SHA-256 and size, the
schema revision, the row counts and the audit trail's head. It is written as ``DEST.partial`` and renamed only
when complete, so a folder named ``DEST`` is always whole. A restore checks every sum and that the instance is
empty before it writes anything, migrates an older backup up to this version, and verifies the audit chain.

It sits above the other features (it reads the audit trail and runs the migrations), beside ``cli.py``.
"""

from traceapp.backup.errors import BackupError
from traceapp.backup.restoring import RestoreReport, restore_backup
from traceapp.backup.writing import take_backup

__all__ = ["BackupError", "RestoreReport", "restore_backup", "take_backup"]
