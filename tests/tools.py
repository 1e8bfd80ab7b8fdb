"""Command-line tools some tests drive (Debian packages). A missing one skips the test with a reason that
tests/ci_guard.py recognises, so in CI (CI=true) the skip becomes a failure rather than a quiet pass."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

PDFTOPPM = ("poppler-utils", "pdftoppm")
LIBREOFFICE = ("libreoffice-writer-nogui", "libreoffice", "soffice")


def require(package: str, *commands: str) -> str:
    """The path of the first of ``commands`` on PATH; otherwise the test is skipped, naming ``package``."""
    for command in commands:
        if path := shutil.which(command):
            return path
    pytest.skip(f"requires {commands[0]} (Debian package {package})")


def read_qr_codes(image: Any) -> list[Any]:
    """Every QR code zxing-cpp finds in ``image`` (a PIL image), as its results (``.text``, ``.position``).

    Only model-2 QR codes, the symbol every label prints: from zxing-cpp 3 ``BarcodeFormat.QRCode`` is the
    whole family, and a Micro QR "found" inside a finder pattern once read as a stray "9020"."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="requires zxing-cpp (pip install -r requirements-dev.txt)")
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCodeModel2))
