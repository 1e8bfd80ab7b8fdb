"""``flask backup DEST`` and ``flask restore SRC``, for cron and for the day something is lost (README: Backup and
restore). Both exit 1 with the reason on a refusal; restore also exits 1 when the restored audit chain is broken."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from traceapp.backup.errors import BackupError
from traceapp.backup.restoring import restore_backup
from traceapp.backup.writing import take_backup


@click.command("backup")
@click.argument("destination", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(destination: Path) -> None:
    """Write a consistent copy of the database, the uploads and a manifest of SHA-256 sums into the new folder
    DESTINATION (it must not exist yet)."""
    try:
        written = take_backup(destination)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    contents = written.manifest
    facts = contents.database
    click.echo(
        f"Backed up to {written.folder}: {contents.database_kind} database at schema revision {facts.revision}, "
        f"{sum(facts.rows.values())} rows; {contents.upload_count} uploaded files; {len(contents.files)} files, "
        f"{contents.total_bytes} bytes in all."
    )
    click.echo(f"Audit trail: {facts.audit_entries} entries, last hash {facts.audit_last_hash or '-'}.")
    if not contents.uploads_linked:
        click.echo(
            "Warning: the uploads could not be hard-linked (another file system?) and were copied while the app ran: "
            "a photo replaced during the copy may be missing.",
            err=True,
        )
    click.echo(f"SHA-256 of manifest.json: {written.manifest_sha256}")


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@with_appcontext
def restore_command(source: Path) -> None:
    """Restore the backup in folder SOURCE into this (empty) instance, then verify the audit chain."""
    try:
        report = restore_backup(source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    contents = report.manifest
    click.echo(
        f"Restored the backup of {contents.created_at}: {contents.database_kind} database at schema revision "
        f"{contents.database.revision}, {sum(contents.database.rows.values())} rows; {report.files_written} files."
    )
    if report.upgraded_to:
        click.echo(f"Migrated from revision {contents.database.revision} to {report.upgraded_to}.")
    if report.audit_problem is not None:
        click.echo(f"Audit chain broken: {report.audit_problem}.", err=True)
        raise SystemExit(1)
    click.echo(f"Audit trail verified: {report.audit_entries} entries, chain intact.")
