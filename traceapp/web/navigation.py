"""Where a user lands after logging in, and a guard against open redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

from traceapp.models import Role


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
