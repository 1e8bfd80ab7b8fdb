"""A QR code's PNG and SVG images, drawn with python-qrcode and kept in a disk cache.

The symbol is the one the label sheets print (:mod:`traceapp.labels.symbols`). Both formats draw 10 units per
module with the 4-module quiet zone the standard asks for. The SVG carries a ``viewBox`` in modules and a size
in pixels, so Word or a printer's layout tool can scale it to any size and the modules stay square and sharp.
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
from qrcode.image.pil import PilImage

from traceapp.labels import symbols

SCALE = 10  # pixels per module, in the PNG and in the SVG's width and height
BORDER = symbols.QUIET_ZONE  # the quiet zone, in modules

Matrix = symbols.Matrix


def make(url: str) -> qrcode.QRCode:
    """The symbol for ``url`` (:mod:`traceapp.labels.symbols`), drawn ``SCALE`` pixels a module."""
    code = symbols.make(url)
    code.box_size = SCALE
    return code


def matrix(url: str) -> Matrix:
    """The modules row by row, quiet zone included; True is dark."""
    return symbols.matrix(url)


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
# Bump when the drawing changes (library, scale, border, error level, what the symbol holds) so old cached files
# are not served.
_STYLE = "v3-capitals-segments-l+-10-4"


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
