"""The ward's agencies and staff accounts, made as the administrator makes them (``admin.services``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from traceapp.admin.inputs import StaffUserInput
from traceapp.admin.services import create_agency, save_staff_user
from traceapp.demo.catalogue import AGENCIES, STAFF
from traceapp.demo.timeline import at
from traceapp.models import User

Login = tuple[str, str | None, str | None]  # what the account is, phone, e-mail


@dataclass(frozen=True)
class Staff:
    """The people of the demo's stories, by what they do in them."""

    officer: User
    inspector: User
    police: User
    market_inspector: User  # the second inspector, of the market surveillance team (QLTT)
    logins: tuple[Login, ...]


def make_staff(started: datetime, password: str) -> Staff:
    """The agencies, then their people's accounts, set up at ``started`` (before any business registers)."""
    with at(started):
        agencies = {short: create_agency(name, short) for name, short in AGENCIES}
    accounts: dict[str, User] = {}
    logins: list[Login] = []
    with at(started + timedelta(minutes=30)):
        for name, phone, email, role, agency in STAFF:
            data = StaffUserInput(
                name=name, role=role, agency_id=agencies[agency].id, phone=phone, email=email or "", password=password
            )
            accounts[phone] = save_staff_user(data)
            logins.append((role.value, phone, email))
    return Staff(
        officer=accounts["0900000002"],
        inspector=accounts["0900000003"],
        police=accounts["0900000004"],
        market_inspector=accounts["0900000005"],
        logins=tuple(logins),
    )


def agency_id(user: User) -> int:
    """The agency a staff member acts for (every staff account has one)."""
    if user.agency_id is None:
        raise RuntimeError(f"{user.name} has no agency")
    return user.agency_id
