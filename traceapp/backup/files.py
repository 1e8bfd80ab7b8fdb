"""The files that go with the database: everything under ``UPLOAD_FOLDER`` (photos, event attachments) and the
instance files named by ``BACKUP_INSTANCE_FILES`` (the audit trail's key, ``*.key``). The QR cache is left out:
every image in it is drawn again on demand. ``instance/config.py`` is left out too: it holds this server's
settings and secrets, kept by whoever runs the server, not in every nightly copy.

Why hard links: an upload is written before its row commits, and a replaced one is deleted after. Copying the
folder takes a while, and a photo that the database snapshot names could be replaced and deleted before the copy
reaches it. So just before the snapshot and again the moment it is fixed, every upload is hard-linked into a
staging folder beside the upload folder (no data is copied), and the copy is made from those links, which keep a
file's bytes even after the app deletes its name. Where links cannot be made (another file system), the files are copied
directly, and the backup says so.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from flask import current_app

from traceapp import clock
from traceapp.backup.errors import BackupError
from traceapp.backup.manifest import INSTANCE, UPLOADS, FileSum, Manifest, copy_and_hash

STAGING_MARK = ".backup-"
STALE_AFTER_SECONDS = 24 * 3600  # a staging folder this old was left by a backup that was killed


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def instance_folder() -> Path:
    return Path(current_app.instance_path)


class UploadLinks:
    """Hard links to every upload as of :meth:`take`, removed again on leaving the ``with`` block."""

    def __init__(self) -> None:
        root = upload_folder()
        self.staging = root.parent / f".{root.name}{STAGING_MARK}{secrets.token_hex(4)}"
        self.files: dict[str, Path] = {}  # name in the backup -> where to copy it from
        self.linked = True  # False when the files had to be read from the upload folder itself

    def __enter__(self) -> UploadLinks:
        _remove_stale_staging(upload_folder())
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def take(self) -> None:
        """Link every upload not linked yet into the staging folder. Called just before the database snapshot and
        again the moment it is fixed: a file the snapshot names is then lost only if it was written between the
        two and deleted within the milliseconds the second call takes."""
        for source, name in _uploads():
            if name in self.files:
                continue
            link = self.staging / name
            try:
                link.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, link)
            except FileNotFoundError:
                continue  # deleted since it was listed: the snapshot no longer names it
            except OSError:
                self.linked = False  # another file system, or no links allowed: copy from the folder itself
                self.files[name] = source
                continue
            self.files[name] = link

    def copy_into(self, backup: Path) -> dict[str, FileSum]:
        sums: dict[str, FileSum] = {}
        for name, source in sorted(self.files.items()):
            try:
                sums[name] = copy_and_hash(source, backup / name)
            except FileNotFoundError:
                continue  # only without links: a photo replaced while the copy ran
        return sums


def _remove_stale_staging(root: Path) -> None:
    horizon = clock.utcnow().timestamp() - STALE_AFTER_SECONDS
    for folder in root.parent.glob(f".{root.name}{STAGING_MARK}*"):
        if folder.is_dir() and folder.stat().st_mtime < horizon:
            shutil.rmtree(folder, ignore_errors=True)


def copy_instance_files(backup: Path) -> dict[str, FileSum]:
    """Copy the instance files ``BACKUP_INSTANCE_FILES`` names (the audit key) into ``backup``."""
    root = instance_folder()
    patterns = current_app.config.get("BACKUP_INSTANCE_FILES") or ()
    chosen = sorted({path for pattern in patterns for path in root.glob(pattern)})
    return {
        f"{INSTANCE}/{path.relative_to(root).as_posix()}": copy_and_hash(
            path, backup / INSTANCE / path.relative_to(root)
        )
        for path in chosen
        if path.is_file() and not path.is_symlink()
    }


def _uploads() -> Iterator[tuple[Path, str]]:
    root = upload_folder()
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, f"{UPLOADS}/{path.relative_to(root).as_posix()}"


def uploads_present() -> list[str]:
    """Files already in the upload folder (a restore wants it empty or absent)."""
    return [name for _path, name in _uploads()]


def restore_from(backup: Path, manifest: Manifest) -> int:
    """Copy the backup's uploads and instance files into place; the instance's own key files are replaced (an
    empty instance has signed nothing with them). Returns the number of files written."""
    written = 0
    for name, expected in sorted(manifest.files.items()):
        folder, _sep, rest = name.partition("/")
        if folder == UPLOADS:
            target = upload_folder() / rest
        elif folder == INSTANCE:
            target = instance_folder() / rest
            target.unlink(missing_ok=True)
        else:
            continue
        if copy_and_hash(backup / name, target) != expected:
            raise BackupError(f"{name} changed while it was being restored.")
        if folder == INSTANCE:
            target.chmod(0o600)  # keys: readable by the app's user only
        written += 1
    return written
