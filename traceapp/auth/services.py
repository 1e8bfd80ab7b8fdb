"""Logging in, logging out and changing a password; each is one unit of work.

Sessions end on the server, not only in the browser: the cookies hold the user's session token
(``User.get_id``), and logging out or changing the password gives the user a new one. That ends every session
of the user on every device, not only the one in hand: simple, and a copied cookie never outlives a logout."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import User
from traceapp.phones import normalise_phone
from traceapp.unit_of_work import transactional


class AuthError(DomainError):
    """Wrong credentials or an inactive account; the message is safe to show, beside the password it concerns."""


def find_user(identifier: str) -> User | None:
    identifier = identifier.strip()
    if "@" in identifier:
        return db.session.scalar(db.select(User).where(db.func.lower(User.email) == identifier.lower()))
    return db.session.scalar(db.select(User).where(User.phone == normalise_phone(identifier)))


@transactional
def authenticate(identifier: str, password: str) -> User:
    user = find_user(identifier)
    if user is None or not user.check_password(password):
        raise AuthError(_l("The phone number, e-mail or password is not correct."), "password")
    if not user.active:
        raise AuthError(_l("This account has been deactivated. Contact the ward office."), "password")
    user.last_login_at = utcnow()
    return user


@transactional
def log_out(user: User) -> None:
    """Ends every session and remember-me cookie of the user, so a copy of this session's cookie stops working."""
    user.end_sessions()


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """The new password ends every session of the user, this one included: the caller logs this one in again."""
    if not user.check_password(current):
        raise AuthError(_l("The current password is not correct."), "current")
    user.set_password(new)
