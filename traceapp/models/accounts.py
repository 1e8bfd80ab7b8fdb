"""Who uses the system: agencies (for staff) and users of every role."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from traceapp.models.base import Base, TimestampMixin
from traceapp.models.enums import FIELD_ROLES, OFFICE_ROLES, STAFF_ROLES, Role
from traceapp.models.types import StrEnumType

if TYPE_CHECKING:
    from traceapp.models.business import Business


class Agency(Base, TimestampMixin):
    """A state body whose staff use the system (Phòng VH-XH, Công an phường, QLTT ...)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(50))

    users: Mapped[list[User]] = relationship(back_populates="agency")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(Base, TimestampMixin, UserMixin):
    """A login. Either the phone or the e-mail identifies it; staff belong to an agency, owners to a business.

    ``session_token`` is part of what the session and remember-me cookies hold (``get_id``): a cookie is honoured
    only while it names the current token, so giving the user a new token (``end_sessions``) ends every session
    and remember-me cookie of that user at once, on every device. Logging out, changing the password and being
    deactivated do so."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(15), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(StrEnumType(Role))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    agency: Mapped[Agency | None] = relationship(back_populates="users")
    business: Mapped[Business | None] = relationship(back_populates="users", foreign_keys=[business_id])

    def set_password(self, password: str) -> None:
        """A new password ends every session opened with the old one."""
        method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Every session and remember-me cookie of this user stops working (the caller's unit of work saves it)."""
        self.session_token = new_session_token()

    def get_id(self) -> str:
        """What the session and remember-me cookies hold: the id and the current session token."""
        return f"{self.id}:{self.session_token}"

    def holds_session(self, token: str) -> bool:
        return self.active and secrets.compare_digest(self.session_token or "", token)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    # Role groups the templates show buttons by, so no template spells a role; each matches the roles the
    # linked view requires (tests/test_templates_name_rules.py checks them against the access matrices).

    @property
    def is_business(self) -> bool:
        """A business owner: sees and edits its own business's records only."""
        return self.role == Role.BUSINESS

    @property
    def is_field_staff(self) -> bool:
        """Inspectors and ward police: they start inspections and enter their department's plan input."""
        return self.role in FIELD_ROLES

    @property
    def is_office(self) -> bool:
        """The ward officer and the administrator: they read change histories, plan reports and events."""
        return self.role in OFFICE_ROLES

    @property
    def is_officer(self) -> bool:
        """The ward officer: verifies businesses, recalls goods, runs events and compiles the plan report."""
        return self.role == Role.OFFICER

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class LoginFailure(Base):
    """Failed logins in a row under one key: an account (``user:<id>``, whichever identifier was typed), or an
    identifier no account has (``unknown:<hash>``), counted alike so that the answers do not tell whether an
    account exists. One row per key, counted with an atomic upsert (``traceapp/auth/lockout.py``): every
    gunicorn worker and process reads and writes the same row. A successful login or an unlock removes it."""

    __tablename__ = "login_failure"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AccountLock(Base):
    """One lockout of an account after too many failed logins, and its unlocking by an administrator. Audited
    (traceapp/audit/trail.py), so the trail shows when an account was locked and who unlocked it."""

    __tablename__ = "account_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    unlocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unlocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
