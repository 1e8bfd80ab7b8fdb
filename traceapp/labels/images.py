"""A QR code's PNG and SVG images, drawn with python-qrcode and kept in a disk cache.

Both formats draw 10 units per module with the 4-module quiet zone the standard asks for. The SVG carries a
``viewBox`` in modules and a size in pixels, so Word or a printer's layout tool can scale it to any size and
the modules stay square and sharp.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import qrcode
from flask import current_app
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.image.pil import PilImage

SCALE = 10  # pixels per module, in the PNG and in the SVG's width and height
BORDER = 4  # the quiet zone, in modules

Matrix = list[list[bool]]


def _fitted(url: str, level: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=level, box_size=SCALE, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code


def make(url: str) -> qrcode.QRCode:
    """The smallest symbol at level M, which survives a scratched or wrinkled label; when a stronger level
    (H, then Q) fits the same symbol, that one, as the code has printed since its first labels."""
    smallest = _fitted(url, ERROR_CORRECT_M)
    for level in (ERROR_CORRECT_H, ERROR_CORRECT_Q):
        stronger = _fitted(url, level)
        if stronger.version == smallest.version:
            return stronger
    return smallest


def matrix(url: str) -> Matrix:
    """The modules row by row, quiet zone included; True is dark."""
    return [[bool(module) for module in row] for row in make(url).get_matrix()]


def dark_runs(modules: Matrix) -> Iterator[tuple[int, int, int]]:
    """``(row, first column, length)`` of each horizontal run of dark modules: a few hundred rectangles to
    draw instead of thousands of squares."""
    for row_index, row in enumerate(modules):
        start: int | None = None
        for col_index, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                yield row_index, start, col_index - start
                start = None


def png_bytes(url: str) -> bytes:
    buffer = io.BytesIO()
    make(url).make_image(image_factory=PilImage).save(buffer, format="PNG")
    return buffer.getvalue()


def svg_bytes(url: str) -> bytes:
    """One path of module-sized runs on a transparent ground; crisp edges so a viewer does not blur them."""
    modules = matrix(url)
    side = len(modules)
    path = "".join(f"M{x} {y}h{length}v1h-{length}z" for y, x, length in dark_runs(modules))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side * SCALE}px" height="{side * SCALE}px" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<path fill="#000" d="{path}"/></svg>\n'
    ).encode()


_RENDERERS = {"png": png_bytes, "svg": svg_bytes}
# Bump when the drawing changes (library, scale, border, error level) so old cached files are not served.
_STYLE = "v2-qrcode-m-10-4"


def image_key(url: str, fmt: str) -> str:
    """The ETag and cache file name of one image: it changes exactly when the picture would."""
    return hashlib.sha256(f"{_STYLE}|{fmt}|{url}".encode()).hexdigest()[:32]


def cached_image(url: str, fmt: str) -> bytes:
    """Draw an image once and keep it under ``QR_CACHE_FOLDER``; a code's URL never changes for a record."""
    folder = Path(current_app.config.get("QR_CACHE_FOLDER") or Path(current_app.instance_path) / "qr-cache")
    path = folder / f"{image_key(url, fmt)}.{fmt}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = _RENDERERS[fmt](url)
    folder.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent request never reads half a file.
    handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
    return data
