"""``flask audit verify | head | rekey``: check the trail (for a nightly job, or an inspection of the register
itself), print its head to note down or print, and re-key the chain after an investigation."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from traceapp.audit import head, rekey, trail
from traceapp.extensions import db
from traceapp.unit_of_work import unit_of_work
from traceapp.web.formatting import format_datetime

audit_cli = AppGroup("audit", help="Audit trail.")


@audit_cli.command("verify")
@click.option(
    "--head",
    "noted",
    metavar="COUNT:HASH",
    help="A head noted earlier (flask audit head, a locked plan report, a data package): it must still be in the "
    "chain, which proves no entry was cut off its end since.",
)
@click.option("--chain-only", is_flag=True, help="Check the entries only, not the records against their entries.")
def verify_command(noted: str | None, chain_only: bool) -> None:
    """Check every entry's keyed hash and link, and every audited record against its last entry; exit 1 naming the
    first thing changed, removed or added in the database."""
    try:
        expected = head.parse(noted) if noted else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--head") from None
    broken = trail.verify(head=expected, records=not chain_only)
    if broken is not None:
        click.echo(f"Audit trail broken: {broken.describe()}.", err=True)
        raise SystemExit(1)
    now = head.current(db.session())
    lines = [f"{now.count} entries, chain intact."]
    if not chain_only:
        lines.append("Every audited record matches its last entry.")
    if expected is not None:
        lines.append(f"The head {expected.count}:{expected.hash[:16]}… is still in the chain: nothing was cut off.")
    if now.count:
        lines.append(f"Head: {now.token}")
    click.echo("\n".join(lines))


@audit_cli.command("head")
def head_command() -> None:
    """Print the chain's head (entries, last hash, time) to note down or print; refused while the chain is broken."""
    broken = trail.verify(records=False)
    if broken is not None:
        click.echo(f"Audit trail broken: {broken.describe()}.", err=True)
        raise SystemExit(1)
    now = head.current(db.session())
    written = format_datetime(now.at) + " (Asia/Ho_Chi_Minh)" if now.at else "—"
    click.echo(
        "\n".join(
            [
                f"Audit trail head — {current_app.config['WARD_NAME']}",
                f"Entries:    {now.count}",
                f"Last hash:  {now.grouped}",
                f"Written at: {written}",
                f"Check later with: flask audit verify --head {now.token}",
            ]
        )
    )


@audit_cli.command("rekey")
@click.option(
    "--accept-broken",
    is_flag=True,
    help="Re-key even though the chain does not verify as it stands; the re-keying entry names the first entry "
    "that did not. Only after investigating why (restore from a backup first if you can).",
)
def rekey_command(accept_broken: bool) -> None:
    """Re-key every entry with this instance's audit key (migration 0012 already did it for the unkeyed entries):
    after a chain found broken and investigated, or to move to a new key."""
    with unit_of_work():
        try:
            done = rekey.rekey(db.session.connection(), accept_broken=accept_broken)
        except rekey.ChainBroken as exc:
            raise click.ClickException(
                f"The chain does not verify as it stands ({exc}): nothing was changed. Investigate, then run again "
                "with --accept-broken to re-key it as it is."
            ) from None
    if done is None:
        click.echo("Every entry is already keyed with this instance's key: nothing to do.")
        return
    click.echo(f"Re-keyed {done.entries} entries. The head before was {done.entries}:{done.old_head}.")
    if done.unverified_from is not None:
        click.echo(f"Accepted as they stood, unverified: entry #{done.unverified_from} and the entries after it.")
