"""Staff accounts and agencies, managed by the administrator (and by ``flask users``). Each function that writes
is one unit of work: it writes everything, or raises ``AccountError`` having written nothing."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, delete, or_, select
from sqlalchemy.exc import IntegrityError

from traceapp.admin.inputs import StaffUserInput
from traceapp.clock import as_utc, utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import STAFF_ROLES, AccountLock, Agency, LoginFailure, User
from traceapp.phones import normalise_phone
from traceapp.unit_of_work import transactional
from traceapp.web.listing import ListArgs


class AccountError(DomainError):
    """A rule of this feature refused the request."""


def _check_unique(phone: str | None, email: str | None, exclude_id: int | None = None) -> None:
    for column, value, field in ((User.phone, phone, "phone"), (User.email, email, "email")):
        if not value:
            continue
        stmt = select(User.id).where(db.func.lower(column) == value.lower())
        if exclude_id:
            stmt = stmt.where(User.id != exclude_id)
        if db.session.scalar(stmt):
            raise AccountError(_l("Another account already uses this."), field)


def save_staff_user(data: StaffUserInput, user: User | None = None) -> User:
    """A new staff account (``user`` None) or changes to one. Two accounts saved at once with the same phone or
    e-mail: the unique keys decide, and the form says so."""
    try:
        return _save_staff_user(data, user)
    except IntegrityError:
        raise AccountError(_l("Another account already uses this phone number or e-mail."), "phone") from None


@transactional
def _save_staff_user(data: StaffUserInput, user: User | None) -> User:
    if data.role not in STAFF_ROLES:
        raise AccountError(_l("Staff accounts cannot have the business role."), "role")
    agency = db.session.get(Agency, data.agency_id) if data.agency_id else None
    if agency is None:
        raise AccountError(_l("Choose the agency."), "agency_id")
    phone = normalise_phone(data.phone) if data.phone else None
    email = data.email.strip().lower() or None
    if not phone and not email:
        raise AccountError(_l("Give a phone number or an e-mail: one of them is needed to log in."), "phone")
    _check_unique(phone, email, exclude_id=user.id if user else None)
    if user is None:
        user = User(active=True)
        db.session.add(user)
    user.name, user.phone, user.email, user.role, user.agency = data.name.strip(), phone, email, data.role, agency
    if data.password:
        user.set_password(data.password)
    return user


@transactional
def set_active(user: User, active: bool, acting: User) -> None:
    if user.id == acting.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.active = active
    if not active:
        user.end_sessions()  # a deactivated user is logged out everywhere at once, remember-me cookies too


def locked_accounts(user_ids: list[int]) -> dict[int, datetime]:
    """Which of these accounts are locked now after failed logins (traceapp/auth/lockout.py), and until when."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(LoginFailure.user_id, LoginFailure.locked_until).where(
            LoginFailure.user_id.in_(user_ids), LoginFailure.locked_until > utcnow()
        )
    )
    return {row.user_id: as_utc(row.locked_until) for row in rows if row.user_id is not None}


@transactional
def unlock(user: User, acting: User) -> None:
    """Lift a lockout before it ends, and forget the failed logins. The lock's record takes who and when, and the
    audit trail keeps that change."""
    now = utcnow()
    removed = cast(
        CursorResult,
        db.session.execute(
            delete(LoginFailure).where(LoginFailure.user_id == user.id, LoginFailure.locked_until > now)
        ),
    )
    if not removed.rowcount:
        raise AccountError(_l("This account is not locked."))
    locks = db.session.scalars(
        select(AccountLock).where(
            AccountLock.user_id == user.id, AccountLock.unlocked_at.is_(None), AccountLock.locked_until > now
        )
    ).all()
    for lock in locks:
        lock.unlocked_at, lock.unlocked_by_id = now, acting.id


@transactional
def create_agency(name: str, short_name: str) -> Agency:
    if db.session.scalar(select(Agency.id).where(Agency.name == name.strip())):
        raise AccountError(_l("This agency already exists."), "name")
    agency = Agency(name=name.strip(), short_name=short_name.strip())
    db.session.add(agency)
    return agency


def agency_choices() -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in db.session.scalars(select(Agency).order_by(Agency.name))]


def user_list_statement(args: ListArgs):
    stmt = select(User).order_by(User.role, User.name)
    if args.q:
        pattern = args.like()
        stmt = stmt.where(
            or_(
                User.name.ilike(pattern, escape="\\"),
                User.phone.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    if args.filters.get("role"):
        stmt = stmt.where(User.role == args.filters["role"])
    return stmt
