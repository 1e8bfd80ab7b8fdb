"""Business sign-up, profile changes and the officer's verification decisions. Each function commits once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Business, BusinessStatus, Role, User
from traceapp.phones import normalise_phone
from traceapp.web.listing import ListArgs


class BusinessError(DomainError):
    """A rule was broken; ``field`` names the form field to show the message next to (or None)."""


PROFILE_FIELDS = ("name", "kind", "registration_number", "owner_name", "phone", "email", "address", "quarter", "sector")


def _clean_profile(data: dict) -> dict:
    values = {key: data.get(key) for key in PROFILE_FIELDS}
    values["phone"] = normalise_phone(values["phone"])
    values["registration_number"] = values["registration_number"].strip().upper()
    values["email"] = (values.get("email") or "").strip().lower() or None
    values["quarter"] = values.get("quarter") or ""
    values["sector"] = values.get("sector") or ""
    return values


def _registration_taken(number: str, exclude_id: int | None = None) -> bool:
    stmt = select(Business.id).where(Business.registration_number == number)
    if exclude_id is not None:
        stmt = stmt.where(Business.id != exclude_id)
    return db.session.scalar(stmt) is not None


def register_business(data: dict, *, login_phone: str, login_email: str | None, password: str) -> User:
    """Create a pending business and its owner's account together, or neither."""
    values = _clean_profile(data)
    if _registration_taken(values["registration_number"]):
        raise BusinessError(
            _l("A business with this registration number is already registered."), "registration_number"
        )
    phone = normalise_phone(login_phone)
    email = (login_email or "").strip().lower() or None
    if db.session.scalar(select(User.id).where(User.phone == phone)):
        raise BusinessError(_l("An account with this phone number already exists. Log in instead."), "login_phone")
    if email and db.session.scalar(select(User.id).where(db.func.lower(User.email) == email)):
        raise BusinessError(_l("An account with this e-mail already exists. Log in instead."), "login_email")
    business = Business(**values, status=BusinessStatus.PENDING)
    user = User(name=values["owner_name"], phone=phone, email=email, role=Role.BUSINESS, business=business)
    user.set_password(password)
    db.session.add_all([business, user])
    _commit_or_raise()
    return user


def update_profile(business: Business, data: dict) -> Business:
    """A rejected business that corrects its profile goes back into the officers' queue."""
    values = _clean_profile(data)
    if _registration_taken(values["registration_number"], exclude_id=business.id):
        raise BusinessError(
            _l("A business with this registration number is already registered."), "registration_number"
        )
    for key, value in values.items():
        setattr(business, key, value)
    if business.status == BusinessStatus.REJECTED:
        business.status = BusinessStatus.PENDING
        business.status_reason = None
    _commit_or_raise()
    return business


# Allowed decisions: (from statuses) -> to status
_TRANSITIONS = {
    "verify": ((BusinessStatus.PENDING, BusinessStatus.REJECTED), BusinessStatus.VERIFIED),
    "reject": ((BusinessStatus.PENDING,), BusinessStatus.REJECTED),
    "suspend": ((BusinessStatus.VERIFIED, BusinessStatus.PENDING), BusinessStatus.SUSPENDED),
    "reinstate": ((BusinessStatus.SUSPENDED,), BusinessStatus.VERIFIED),
}


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
    db.session.commit()
    return business


def _commit_or_raise() -> None:
    """Two people registering the same number at once: the database decides, the form explains."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise BusinessError(
            _l("These details are already registered. Check the registration number and phone.")
        ) from None


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
    status = status or args.filters.get("status")
    if status:
        stmt = stmt.where(Business.status == status)
    if args.filters.get("kind"):
        stmt = stmt.where(Business.kind == args.filters["kind"])
    return stmt
