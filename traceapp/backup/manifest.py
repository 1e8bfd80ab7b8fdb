"""What a backup holds and how to tell it is intact: ``manifest.json`` (each file's SHA-256 and size, and the facts
a restore checks) and ``SHA256SUMS`` (the same sums, for ``sha256sum -c`` without the app).

A restore trusts nothing in the folder until :func:`read_verified` has matched every listed file against its sum
and size; a path in the manifest may only name a file inside the backup (no ``..``, nothing absolute), so an
edited manifest cannot make a restore write outside the instance.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from traceapp.backup.errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SQLITE_FILE = "database.sqlite"
POSTGRESQL_FILE = "database.pgdump"
UPLOADS = "uploads"
INSTANCE = "instance"
DATABASE_FILES = {"sqlite": SQLITE_FILE, "postgresql": POSTGRESQL_FILE}
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileSum:
    sha256: str
    size: int


@dataclass(frozen=True)
class DatabaseFacts:
    """Read from the copy itself (SQLite) or inside the snapshot ``pg_dump`` exported (PostgreSQL), so they describe
    exactly the rows in the backup."""

    revision: str | None
    rows: dict[str, int]
    audit_entries: int
    audit_last_hash: str | None
    schema: str | None = None  # PostgreSQL: the schema dumped (the app's search_path)
    server_version: str | None = None


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database_kind: str
    database: DatabaseFacts
    files: dict[str, FileSum] = field(default_factory=dict)
    uploads_linked: bool = True  # False: the uploads were copied without hard links (files.py says what it risks)
    format: int = FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database_kind]

    @property
    def upload_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(UPLOADS + "/"))

    @property
    def total_bytes(self) -> int:
        return sum(item.size for item in self.files.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "app": "traceapp",
            "created_at": self.created_at,
            "database_kind": self.database_kind,
            "database": asdict(self.database),
            "uploads_linked": self.uploads_linked,
            "files": {name: asdict(item) for name, item in sorted(self.files.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            if data.get("app") != "traceapp" or data["format"] != FORMAT:
                raise BackupError(f"{MANIFEST} is not a traceapp backup manifest of format {FORMAT}.")
            kind = data["database_kind"]
            if kind not in DATABASE_FILES:
                raise BackupError(f"{MANIFEST} names an unknown database kind {kind!r}.")
            facts = data["database"]
            return cls(
                created_at=str(data["created_at"]),
                database_kind=kind,
                database=DatabaseFacts(
                    revision=facts["revision"],
                    rows={str(name): int(count) for name, count in facts["rows"].items()},
                    audit_entries=int(facts["audit_entries"]),
                    audit_last_hash=facts["audit_last_hash"],
                    schema=facts.get("schema"),
                    server_version=facts.get("server_version"),
                ),
                uploads_linked=bool(data.get("uploads_linked", True)),
                files={
                    _checked_name(name): FileSum(sha256=str(item["sha256"]), size=int(item["size"]))
                    for name, item in data["files"].items()
                },
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"{MANIFEST} is damaged or incomplete ({exc!r}).") from None


def _checked_name(name: str) -> str:
    """A file name from a manifest: relative, inside the backup, under a known folder or the database file."""
    path = PurePosixPath(name)
    allowed = path.parts and (
        (len(path.parts) == 1 and name in DATABASE_FILES.values())
        or (len(path.parts) > 1 and path.parts[0] in (UPLOADS, INSTANCE))
    )
    if not allowed or path.is_absolute() or ".." in path.parts or "\\" in name or name != path.as_posix():
        raise BackupError(f"{MANIFEST} names a file outside the backup: {name!r}.")
    return name


def hash_file(path: Path) -> FileSum:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileSum(digest.hexdigest(), size)


def copy_and_hash(source: Path, target: Path) -> FileSum:
    """Copy a file and sum the bytes written, in one read: the sum is of the copy, even if the source changes."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as reader, open(target, "xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return FileSum(digest.hexdigest(), size)


def write(folder: Path, manifest: Manifest) -> str:
    """Write ``manifest.json`` and ``SHA256SUMS`` (which also sums the manifest); return the manifest's SHA-256."""
    text = json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n"
    _write_synced(folder / MANIFEST, text)
    manifest_sum = hash_file(folder / MANIFEST).sha256
    lines = [f"{item.sha256}  {name}\n" for name, item in sorted(manifest.files.items())]
    _write_synced(folder / SUMS, "".join(lines) + f"{manifest_sum}  {MANIFEST}\n")
    return manifest_sum


def _write_synced(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def read_verified(folder: Path) -> Manifest:
    """The manifest of the backup in ``folder``, once every file it lists matches its size and SHA-256 and no file
    is there that it does not list. Refuses (``BackupError``) otherwise; reads only."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a backup folder.")
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a finished backup.") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"{MANIFEST} cannot be read ({exc}).") from None
    manifest = Manifest.from_json(data)
    if manifest.database_file not in manifest.files:
        raise BackupError(f"{MANIFEST} does not list the database file {manifest.database_file}.")
    present = {
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file() or path.is_symlink()
    } - {MANIFEST, SUMS}
    if unlisted := sorted(present - set(manifest.files)):
        raise BackupError(f"The backup holds files its manifest does not list: {', '.join(unlisted[:5])}.")
    for name, expected in sorted(manifest.files.items()):
        path = folder / name
        if path.is_symlink() or not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if hash_file(path) != expected:
            raise BackupError(f"{name} does not match its SHA-256 in {MANIFEST}: the backup was changed or damaged.")
    return manifest
