"""``flask audit verify``: check the hash chain, for a scheduled job or an inspection of the register itself."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from traceapp.audit import trail

audit_cli = AppGroup("audit", help="Audit trail.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Recompute every entry's hash; exit 1 naming the first entry changed or removed in the database."""
    broken = trail.verify()
    if broken is not None:
        click.echo(f"Audit chain broken: {broken.describe()}.", err=True)
        raise SystemExit(1)
    count, last = trail.summary()
    click.echo(f"{count} entries, chain intact." + (f" Last hash: {last}" if last else ""))
