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
    # Werkzeug's scrypt; the test suite sets a cheap method so fixtures do not spend seconds hashing.
    PASSWORD_HASH_METHOD = "scrypt"
    # Login attempts allowed per client address.
    LOGIN_RATE_LIMIT = "10 per minute"
    # Consumer reports accepted per client address (POST only); several limits separated by ";".
    REPORT_RATE_LIMIT = "5 per hour;20 per day"
    # Requests per API token (the province's read-only API); several limits separated by ";".
    API_RATE_LIMIT = "600 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
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
