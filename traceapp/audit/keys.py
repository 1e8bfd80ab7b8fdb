"""The audit chain's HMAC key: a secret of its own, never ``SECRET_KEY``.

Why a key at all: with plain SHA-256 anyone who can write to the database can edit an entry and recompute every
hash after it; with HMAC-SHA256 they also need this key, which lives outside the database. Why not
``SECRET_KEY``: that key signs sessions and is rotated after a leak, and rotating it must not make the whole trail
unverifiable; nor should everyone who may read the session key be able to forge the trail.

Where it comes from, first found: ``AUDIT_HMAC_KEY`` (``TRACEAPP_AUDIT_HMAC_KEY``), else the file
``AUDIT_HMAC_KEY_FILE`` (default ``instance/audit-hmac.key``), created with 32 random bytes on first use so that
``make run`` needs nothing. A production app (neither debug nor testing) on the file logs a warning: the key then
sits beside a SQLite database, and whoever copies the instance folder can forge entries. Losing the key does not
lose the trail, but it can no longer be verified: keep it with the other secrets, apart from the backups.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

FILE_NAME = "audit-hmac.key"
MIN_LENGTH = 32  # characters: 32 hex digits are 128 bits
_CACHE = "traceapp.audit_key"


class AuditKeyError(RuntimeError):
    """The key is unusable (too short, the session key, not text): refuse to write or verify rather than guess."""


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    source: str  # "AUDIT_HMAC_KEY" or the file's path, for messages

    @property
    def key_id(self) -> str:
        """Eight hex digits naming the key without revealing it: each entry records the one it was written with,
        so a restore under another key says so instead of calling every entry forged."""
        return hmac.new(self.secret, b"traceapp audit key id", hashlib.sha256).hexdigest()[:8]


def current() -> AuditKey:
    """The app's key, read once per app."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's real app
    key = app.extensions.get(_CACHE)
    if key is None:
        key = app.extensions[_CACHE] = _resolve(app)
    return key


def key_file(app: Flask) -> Path:
    return Path(app.config.get("AUDIT_HMAC_KEY_FILE") or Path(app.instance_path) / FILE_NAME)


def _resolve(app: Flask) -> AuditKey:
    configured = app.config.get("AUDIT_HMAC_KEY")
    if configured not in (None, ""):
        if not isinstance(configured, str):  # TRACEAPP_* values that parse as JSON become numbers
            raise AuditKeyError(
                "AUDIT_HMAC_KEY must be text, e.g. the output of `python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`."
            )
        text, source = configured.strip(), "AUDIT_HMAC_KEY"
    else:
        path = key_file(app)
        text, source = _read_or_create(path), str(path)
        if not (app.debug or app.testing):
            app.logger.warning(
                "AUDIT_HMAC_KEY is not set: the audit trail is keyed with the file %s. In production set "
                "TRACEAPP_AUDIT_HMAC_KEY (to that file's content, to keep the trail verifiable) and keep it apart "
                "from the database and its backups.",
                path,
            )
    if len(text) < MIN_LENGTH:
        raise AuditKeyError(f"The audit key ({source}) must be at least {MIN_LENGTH} characters long.")
    if text == str(app.config.get("SECRET_KEY") or ""):
        raise AuditKeyError(f"The audit key ({source}) must not be SECRET_KEY: give it a secret of its own.")
    return AuditKey(text.encode("utf-8"), source)


def _read_or_create(path: Path) -> str:
    """The file's key, or a new random one written there first. Created under a temporary name and linked into
    place, so two workers starting together agree on one key and neither ever reads a half-written file."""
    try:
        return path.read_text("utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process was first: use its key
    finally:
        temporary.unlink()
    return path.read_text("utf-8").strip()
