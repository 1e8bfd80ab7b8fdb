"""What a QR code holds, and its PNG/SVG images."""

from __future__ import annotations

import io

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
