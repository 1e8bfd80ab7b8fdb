"""The main menu by role, where a user lands after logging in, and a guard against open redirects.

Why here and not in ``base.html``: which role sees which page is a rule; a template comparing role strings
could drift from the enum and from the access checks, and could not be tested without rendering."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from traceapp.models import FIELD_ROLES, OFFICE_ROLES, STAFF_ROLES, Role

FIELD = frozenset(FIELD_ROLES)
STAFF = frozenset(STAFF_ROLES)
OFFICE = frozenset(OFFICE_ROLES)


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: object  # a lazy translation, rendered in the request's language
    roles: frozenset[Role]


MAIN_MENU: tuple[MenuItem, ...] = (
    MenuItem("businesses.dashboard", _l("My business"), frozenset({Role.BUSINESS})),
    MenuItem("products.index", _l("Products"), frozenset({Role.BUSINESS})),
    MenuItem("instruments.index", _l("Measuring instruments"), frozenset({Role.BUSINESS})),
    MenuItem("inspections.index", _l("Inspections"), frozenset({Role.BUSINESS})),
    MenuItem("supply.incoming", _l("Links to confirm"), frozenset({Role.BUSINESS})),
    MenuItem("cooperation.technology", _l("Technology"), frozenset({Role.BUSINESS})),
    MenuItem("inspections.home", _l("My work"), STAFF),
    MenuItem("inspections.index", _l("Inspections"), STAFF),
    MenuItem("consumer_reports.index", _l("Consumer reports"), STAFF),
    MenuItem("products.index", _l("Products"), STAFF),
    MenuItem("instruments.index", _l("Measuring instruments"), STAFF),
    MenuItem("businesses.index", _l("Businesses"), STAFF),
    MenuItem("businesses.queue", _l("To verify"), frozenset({Role.OFFICER})),
    MenuItem("cooperation.events", _l("Events"), OFFICE),
    MenuItem("reports.index", _l("Plan report"), OFFICE),
    MenuItem("reports.plan_list", _l("Plan report"), FIELD),
    MenuItem("admin.users", _l("Accounts"), frozenset({Role.ADMIN})),
    MenuItem("admin.agencies", _l("Agencies"), frozenset({Role.ADMIN})),
    MenuItem("admin.api_tokens", _l("API tokens"), frozenset({Role.ADMIN})),
)


def main_menu(user) -> list[MenuItem]:
    """The menu entries the user's role may open, in menu order."""
    return [item for item in MAIN_MENU if user.role in item.roles]


def register(app: Flask) -> None:
    app.add_template_global(main_menu)


def home_for(user) -> str:
    if user.role == Role.BUSINESS:
        return url_for("businesses.dashboard")
    if user.role == Role.ADMIN:
        return url_for("admin.users")
    if user.role == Role.OFFICER:
        return url_for("businesses.queue")
    return url_for("inspections.home")


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: ``//evil.example`` and absolute URLs are dropped."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
