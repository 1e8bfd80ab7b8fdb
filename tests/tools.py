"""Command-line tools some tests drive (Debian packages). A missing one skips the test with a reason that
tests/ci_guard.py recognises, so in CI (CI=true) the skip becomes a failure rather than a quiet pass."""

from __future__ import annotations

import shutil

import pytest

PDFTOPPM = ("poppler-utils", "pdftoppm")
LIBREOFFICE = ("libreoffice-writer-nogui", "libreoffice", "soffice")


def require(package: str, *commands: str) -> str:
    """The path of the first of ``commands`` on PATH; otherwise the test is skipped, naming ``package``."""
    for command in commands:
        if path := shutil.which(command):
            return path
    pytest.skip(f"requires {commands[0]} (Debian package {package})")
