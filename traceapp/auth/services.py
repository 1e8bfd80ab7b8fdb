"""Logging in, logging out and changing a password; each is one unit of work.

Sessions end on the server, not only in the browser: the cookies hold the user's session token
(``User.get_id``), and logging out or changing the password gives the user a new one. That ends every session
of the user on every device, not only the one in hand: simple, and a copied cookie never outlives a logout.

Failed logins are counted per account, then slowed down and locked (``traceapp/auth/lockout.py``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.auth import lockout
from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import User
from traceapp.phones import normalise_phone
from traceapp.unit_of_work import transactional


class AuthError(DomainError):
    """Wrong credentials or an inactive account; the message is safe to show, beside the password it concerns."""


def normalised(identifier: str) -> str:
    """An e-mail in lower case, a phone in its national form: how an identifier is looked up and counted."""
    identifier = identifier.strip()
    return identifier.lower() if "@" in identifier else normalise_phone(identifier)


def find_user(identifier: str) -> User | None:
    identifier = normalised(identifier)
    if "@" in identifier:
        return db.session.scalar(db.select(User).where(db.func.lower(User.email) == identifier))
    return db.session.scalar(db.select(User).where(User.phone == identifier))


def authenticate(identifier: str, password: str) -> User:
    """The user the identifier and password name. Not one unit of work but two: a failure is counted (and may
    lock the account) in a unit of its own, which stays written although the login is refused."""
    user = find_user(identifier)
    key = lockout.key_for(user, normalised(identifier))
    hold = lockout.hold_on(key)
    if hold is not None:  # locked or waiting: not even the right password is looked at
        raise AuthError(hold.message(utcnow()), "password")
    matches = lockout.password_matches(user, password)  # as long for an unknown account as for a known one
    if user is None or not matches:
        hold = lockout.record_failure(key, user)
        if hold is not None:
            raise AuthError(hold.message(utcnow()), "password")
        raise AuthError(_l("The phone number, e-mail or password is not correct."), "password")
    if not user.active:
        raise AuthError(_l("This account has been deactivated. Contact the ward office."), "password")
    return _logged_in(user, key)


@transactional
def _logged_in(user: User, key: str) -> User:
    lockout.forget_failures(key)
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
