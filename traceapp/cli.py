"""``flask`` commands: set-up with demo data, staff accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from flask_migrate import upgrade

from traceapp import demo
from traceapp.admin.inputs import StaffUserInput
from traceapp.admin.services import AccountError, save_staff_user
from traceapp.extensions import db
from traceapp.models import STAFF_ROLES, Agency, Role

demo_cli = AppGroup("demo", help="Demo data.")
users_cli = AppGroup("users", help="Staff accounts.")


@demo_cli.command("load")
def demo_load() -> None:
    """Load the Đức Phổ demo data into an empty database."""
    if not demo.is_empty():
        raise click.ClickException("The database already has users; demo data is only loaded into an empty one.")
    _print_logins(demo.load())


@click.command("setup")
def setup() -> None:
    """Apply migrations, and load demo data if the database is empty (what `make run` does)."""
    upgrade()
    if demo.is_empty():
        _print_logins(demo.load())
    else:
        click.echo("Database is up to date; demo data was already loaded.")


def _print_logins(info: dict) -> None:
    click.echo(f"Demo data loaded. Log in with the phone number or e-mail and the password '{info['password']}':")
    for role, phone, email in info["logins"]:
        click.echo(f"  {role:<40} {phone or '':<12} {email or ''}")


@users_cli.command("create")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in STAFF_ROLES]), required=True)
@click.option("--agency", "agency_name", required=True, help="Agency name or short name.")
@click.option("--phone", default=None)
@click.option("--email", default=None)
@click.password_option()
def users_create(name, role, agency_name, phone, email, password) -> None:
    """Create a staff account (the first admin, for example)."""
    agency = db.session.scalar(
        db.select(Agency).where((Agency.name == agency_name) | (Agency.short_name == agency_name))
    )
    if agency is None:
        agency = Agency(name=agency_name, short_name=agency_name[:50])
        db.session.add(agency)
        db.session.flush()
    try:
        user = save_staff_user(
            StaffUserInput(
                name=name, role=Role(role), agency_id=agency.id, phone=phone or "", email=email or "", password=password
            )
        )
    except AccountError as exc:
        raise click.ClickException(f"{exc} ({exc.field})") from None
    click.echo(f"Created {user.role.value} account #{user.id} for {user.name}.")


def register(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(setup)

    from traceapp.audit.commands import audit_cli

    app.cli.add_command(audit_cli)

    from traceapp.backup.commands import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
