"""Small image files for upload tests, made with Pillow."""

from __future__ import annotations

import io

from PIL import Image


def jpeg_with_gps(size=(2400, 1800)) -> bytes:
    """A camera-like JPEG whose EXIF has a GPS position and an orientation tag."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0112] = 1  # orientation
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (15.0, 1.0, 30.0), 3: "E", 4: (108.0, 57.0, 0.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png(size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def decompression_bomb() -> bytes:
    """A tiny PNG file that claims 20000×20000 pixels (400 Mpx) — it must be refused before decoding."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
