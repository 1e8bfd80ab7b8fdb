"""Signatures as the signing page's canvas posts them: a PNG data URL, transparent where nobody drew."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw

CANVAS = (780, 440)  # a 390-px-wide phone's box at twice its CSS size


def png_bytes(strokes: list[list[tuple[int, int]]], size: tuple[int, int] = CANVAS, width: int = 5) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        pen.line(stroke, fill=(11, 42, 138, 255), width=width, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def signature(size: tuple[int, int] = CANVAS, variant: int = 0) -> str:
    """A scrawl across most of the box, like a name written with a finger; ``variant`` makes another one (a PDF
    stores two identical images once)."""
    w, h = size
    zigzag = [(int(w * (0.1 + 0.08 * i)), int(h * (0.35 if i % 2 else 0.65 - 0.02 * variant))) for i in range(10)]
    return data_url(png_bytes([zigzag, [(int(w * 0.15), int(h * 0.8)), (int(w * 0.85), int(h * 0.75))]], size))


def blank(size: tuple[int, int] = CANVAS) -> str:
    return data_url(png_bytes([], size))


def dot(size: tuple[int, int] = CANVAS) -> str:
    """A tap, not a signature."""
    x, y = size[0] // 2, size[1] // 2
    return data_url(png_bytes([[(x, y), (x + 1, y)]], size))
