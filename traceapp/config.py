"""Default settings; ``instance/config.py`` and ``TRACEAPP_*`` environment variables override them."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path


class Defaults:
    """Safe defaults for the embedded set-up (SQLite in ``instance/``)."""

    SECRET_KEY = "dev-only-change-me"
    # None means "SQLite in the instance folder"; set by create_app.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # The address QR codes lead to. This default names the server itself: fine under `make run` (which sets the
    # address it serves on) and in tests, but in production it counts as unset and no label is printed until it
    # is set (traceapp/labels/targets.py: assess).
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    WARD_NAME = "Phường Đức Phổ"
    PROVINCE_NAME = "Tỉnh Quảng Ngãi"
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    # Uploads: the request limit is a little above the per-image limit so the form can say which file is too big.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    MAX_IMAGE_BYTES = 8 * 1024 * 1024
    MAX_IMAGE_PIXELS = 40_000_000
    IMAGE_MAX_SIDE = 1600
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    # Signatures drawn on the screen (inspections/signatures.py, helper G): the canvas's PNG as posted, its pixels
    # (a phone's canvas at twice its CSS size has under a million), and the side it is kept at once cropped.
    SIGNATURE_MAX_BYTES = 256 * 1024
    SIGNATURE_MAX_PIXELS = 3_000_000
    SIGNATURE_MAX_SIDE = 1000
    # Photos one inspection item keeps: each is decoded and re-encoded in the request, so this bounds its time.
    MAX_PHOTOS_PER_ITEM = 8
    # Werkzeug's scrypt; the test suite sets a cheap method so fixtures do not spend seconds hashing.
    PASSWORD_HASH_METHOD = "scrypt"
    # Login attempts allowed per client address.
    LOGIN_RATE_LIMIT = "10 per minute"
    # Consumer reports accepted per client address (POST only); several limits separated by ";".
    REPORT_RATE_LIMIT = "5 per hour;20 per day"
    # Requests per API token (the province's read-only API); several limits separated by ";".
    API_RATE_LIMIT = "600 per hour"
    # Where the request limits above count (traceapp/rate_limits.py): "database://" is the app's own database
    # (the SQLite file or PostgreSQL), which every gunicorn worker and process shares with no extra service.
    # Never "memory://" under gunicorn: each worker would count on its own and allow a multiple of the limit.
    RATELIMIT_STORAGE_URI = "database://"
    # Failed logins per account (and per unknown identifier, answered alike; traceapp/auth/lockout.py): from the
    # LOGIN_SLOWDOWN_AFTER-th failure in a row the next try must wait LOGIN_SLOWDOWN_SECONDS, doubling with each
    # further failure; the LOGIN_LOCKOUT_AFTER-th locks the account for LOGIN_LOCKOUT_MINUTES (an admin can
    # unlock it sooner). A success resets the count, and failures older than LOGIN_FAILURES_FORGOTTEN_HOURS are
    # forgotten.
    LOGIN_SLOWDOWN_AFTER = 5
    LOGIN_SLOWDOWN_SECONDS = 15
    LOGIN_LOCKOUT_AFTER = 10
    LOGIN_LOCKOUT_MINUTES = 15
    LOGIN_FAILURES_FORGOTTEN_HOURS = 24
    RATELIMIT_HEADERS_ENABLED = True
    # Reverse proxies in front of the app (1 behind nginx): their X-Forwarded-For gives the client's address.
    PROXY_COUNT = 0
    # Scan counts are added up in memory and written at most this often (seconds); 0 writes on every scan.
    SCAN_FLUSH_SECONDS = 5.0
    # Anonymous scan pages are served from a per-process cache this long (seconds); 0 turns it off.
    SCAN_PAGE_CACHE_SECONDS = 30
    PER_PAGE = 20
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Behind HTTPS set TRACEAPP_SESSION_COOKIE_SECURE=true: the cookies are then sent over HTTPS only, the
    # remember-me cookie too, and every response carries HSTS (traceapp/web/security.py).
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # The audit trail's HMAC key (traceapp/audit/keys.py): a secret of its own, never SECRET_KEY, at least 32
    # characters. Unset, one is generated on first use in AUDIT_HMAC_KEY_FILE (default instance/audit-hmac.key)
    # and production logs a warning: set TRACEAPP_AUDIT_HMAC_KEY there, kept apart from the database's backups.
    AUDIT_HMAC_KEY: str | None = None
    AUDIT_HMAC_KEY_FILE: str | None = None
    # Backup and restore (`flask backup` / `flask restore`, traceapp/backup): instance files that go into a backup
    # with the database and the uploads (glob patterns in the instance folder: the audit trail's key file, "*.key");
    # and the folder holding pg_dump and pg_restore, when those on PATH and under /usr/lib/postgresql/*/bin are
    # older than the PostgreSQL server (None: look there).
    BACKUP_INSTANCE_FILES: tuple[str, ...] = ("*.key",)
    BACKUP_PG_BINDIR: str | None = None


def _coerce(raw: str) -> object:
    """Environment values are strings; accept JSON literals (numbers, booleans) where they parse."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def environment_overrides(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """``TRACEAPP_FOO=bar`` becomes ``FOO = "bar"``; ``DATABASE_URL`` sets the database."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    out = {key[len("TRACEAPP_") :]: _coerce(value) for key, value in env.items() if key.startswith("TRACEAPP_")}
    out.pop("TEST_DATABASE_URL", None)
    if env.get("DATABASE_URL"):
        out["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env["DATABASE_URL"])
    if "DATABASE_URL" in out:
        out["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(out.pop("DATABASE_URL")))
    return out


def normalise_database_url(url: str) -> str:
    """Hosting platforms hand out ``postgres://`` URLs; SQLAlchemy wants the psycopg 3 driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "traceapp.sqlite")
