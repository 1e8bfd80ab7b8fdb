"""Business sign-up, profile changes and the officer's verification decisions. Each function is one unit of
work: it writes everything, or raises ``BusinessError`` having written nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from traceapp.businesses.inputs import BusinessProfileInput, OwnerLogin
from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Business, BusinessStatus, Role, User
from traceapp.phones import normalise_phone
from traceapp.unit_of_work import transactional, unit_of_work
from traceapp.web.listing import ListArgs


class BusinessError(DomainError):
    """A rule was broken; ``field`` names the form field to show the message next to (or None)."""


_TAKEN = _l("A business with this registration number is already registered.")


@contextmanager
def _registering() -> Iterator[None]:
    """One unit of work; two people registering the same number at once: the database decides, the form
    explains."""
    try:
        with unit_of_work():
            yield
    except IntegrityError:
        raise BusinessError(
            _l("These details are already registered. Check the registration number and phone.")
        ) from None


def _registration_number(typed: str) -> str:
    return typed.strip().upper()


def _email(typed: str | None) -> str | None:
    return (typed or "").strip().lower() or None


def _registration_taken(number: str, exclude_id: int | None = None) -> bool:
    stmt = select(Business.id).where(Business.registration_number == number)
    if exclude_id is not None:
        stmt = stmt.where(Business.id != exclude_id)
    return db.session.scalar(stmt) is not None


def _apply_profile(business: Business, data: BusinessProfileInput) -> None:
    business.name = data.name
    business.kind = data.kind
    business.registration_number = _registration_number(data.registration_number)
    business.owner_name = data.owner_name
    business.phone = normalise_phone(data.phone)
    business.email = _email(data.email)
    business.address = data.address
    business.quarter = data.quarter
    business.sector = data.sector


def register_business(data: BusinessProfileInput, login: OwnerLogin) -> User:
    """Create a pending business and its owner's account together, or neither."""
    with _registering():
        if _registration_taken(_registration_number(data.registration_number)):
            raise BusinessError(_TAKEN, "registration_number")
        phone = normalise_phone(login.phone)
        email = _email(login.email)
        if db.session.scalar(select(User.id).where(User.phone == phone)):
            raise BusinessError(_l("An account with this phone number already exists. Log in instead."), "login_phone")
        if email and db.session.scalar(select(User.id).where(db.func.lower(User.email) == email)):
            raise BusinessError(_l("An account with this e-mail already exists. Log in instead."), "login_email")
        business = Business(status=BusinessStatus.PENDING)
        _apply_profile(business, data)
        user = User(name=business.owner_name, phone=phone, email=email, role=Role.BUSINESS, business=business)
        user.set_password(login.password)
        db.session.add_all([business, user])
    return user


# What the officer checked against the registration certificate when verifying: changing any of these makes the
# verification void, since consumers are told "verified" about this name, number and owner.
IDENTITY_FIELDS = ("name", "registration_number", "owner_name")


def _identity(business: Business) -> tuple[str, ...]:
    return tuple(getattr(business, field) for field in IDENTITY_FIELDS)


def update_profile(business: Business, data: BusinessProfileInput) -> Business:
    """A rejected business that corrects its profile goes back into the officers' queue, and so does a verified
    one that changes its name, registration number or owner. A suspended business stays suspended."""
    with _registering():
        if _registration_taken(_registration_number(data.registration_number), exclude_id=business.id):
            raise BusinessError(_TAKEN, "registration_number")
        verified_identity = _identity(business)
        _apply_profile(business, data)
        reverify = business.status == BusinessStatus.VERIFIED and _identity(business) != verified_identity
        if business.status == BusinessStatus.REJECTED or reverify:
            business.status = BusinessStatus.PENDING
            business.status_reason = None
            business.status_changed_at = utcnow()
            business.status_changed_by_id = None
    return business


# Allowed decisions: (from statuses) -> to status
_TRANSITIONS = {
    "verify": ((BusinessStatus.PENDING, BusinessStatus.REJECTED), BusinessStatus.VERIFIED),
    "reject": ((BusinessStatus.PENDING,), BusinessStatus.REJECTED),
    "suspend": ((BusinessStatus.VERIFIED, BusinessStatus.PENDING), BusinessStatus.SUSPENDED),
    "reinstate": ((BusinessStatus.SUSPENDED,), BusinessStatus.VERIFIED),
}


@transactional
def decide(business: Business, action: str, officer: User, reason: str | None = None) -> Business:
    sources, target = _TRANSITIONS[action]
    if business.status not in sources:
        raise BusinessError(
            _l("This business is %(status)s; that decision is not possible now.", status=business.status.label)
        )
    business.status = target
    business.status_reason = reason
    business.status_changed_at = utcnow()
    business.status_changed_by_id = officer.id
    return business


def search_statement(args: ListArgs, *, status: BusinessStatus | None = None):
    stmt = select(Business).order_by(Business.created_at.desc(), Business.id.desc())
    if args.q:
        pattern = args.like()
        stmt = stmt.where(
            or_(
                Business.search_key.like(args.folded_like(), escape="\\"),
                Business.registration_number.ilike(pattern, escape="\\"),
                Business.phone.ilike(pattern, escape="\\"),
            )
        )
    wanted = status or args.filters.get("status")
    if wanted:
        stmt = stmt.where(Business.status == wanted)
    if args.filters.get("kind"):
        stmt = stmt.where(Business.kind == args.filters["kind"])
    return stmt
