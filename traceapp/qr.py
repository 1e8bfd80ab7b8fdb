"""What a QR code holds, and its PNG/SVG images."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

import segno
from flask import current_app

from traceapp import gs1
from traceapp.models import Batch, Product


def target_path(product: Product, batch: Batch | None = None) -> str:
    """GS1 Digital Link when the product has a GTIN, else the short ``/q/{code}`` form."""
    if product.gtin:
        return gs1.build_path(product.gtin, batch.lot_code if batch else None)
    return "/q/" + (batch.public_code if batch else product.public_code)


def target_url(product: Product, batch: Batch | None = None) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + target_path(product, batch)


def make(url: str) -> segno.QRCode:
    # Level M survives a scratched or wrinkled label; segno picks the smallest version that fits.
    return segno.make_qr(url, error="m")


def png_bytes(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    make(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def svg_bytes(url: str) -> bytes:
    buffer = io.BytesIO()
    make(url).save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgns=True)
    return buffer.getvalue()


_RENDERERS = {"png": png_bytes, "svg": svg_bytes}
# Bump when the drawing changes (scale, border, error level) so old cached files are not served.
_STYLE = "v1-m-10-4"


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
