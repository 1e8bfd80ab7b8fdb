"""Checked, re-encoded image uploads.

An upload is trusted for nothing: the type comes from the decoded image, not the name; decompression bombs
are refused before decoding; the picture is turned upright, shrunk, and written anew as JPEG, which drops
EXIF (GPS, camera serials) and anything hidden in the original file.
"""

from __future__ import annotations

import io
import math
import os
import secrets
import warnings
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from traceapp.errors import DomainError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class UploadError(DomainError, ValueError):
    """The file is not an acceptable image; the message says why in the user's language."""


def read_image(stream: IO[bytes] | FileStorage, max_side: int | None = None) -> Image.Image:
    """The decoded image. With ``max_side``, a JPEG is decoded at the smallest DCT scale still at least that
    large (Pillow's draft mode): a 40-megapixel phone photo then costs a fraction of a full decode, which keeps an
    item with several photos well inside the worker's timeout."""
    limit = current_app.config["MAX_IMAGE_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_l("The image is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_l("The file is empty."))
    max_pixels = current_app.config["MAX_IMAGE_PIXELS"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise UploadError(_l("Only JPEG, PNG, WebP or GIF images are accepted."))
            width, height = image.size
            if width * height > max_pixels:
                raise UploadError(_l("The image has too many pixels; take a smaller photo."))
            if max_side and image.format == "JPEG":
                # The size it will be shrunk to, not a square: draft keeps both sides at least this large.
                scale = min(1.0, max_side / max(width, height))
                image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_l("The image has too many pixels; take a smaller photo.")) from None
    except UnidentifiedImageError:
        raise UploadError(_l("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from None
    except (OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, UploadError):
            raise
        raise UploadError(_l("The image file is damaged or incomplete.")) from None
    return image


def normalise(image: Image.Image, max_side: int) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def save_image(stream: IO[bytes] | FileStorage, folder: str) -> str:
    """Validate and re-encode an uploaded image into ``UPLOAD_FOLDER/folder``; return its new file name.

    The JPEG is written under a temporary name and renamed into place only when complete, so a failed write
    (a full disk, an encoder error) leaves no file behind, not even a truncated one."""
    max_side = current_app.config["IMAGE_MAX_SIDE"]
    image = normalise(read_image(stream, max_side), max_side)
    directory = os.path.join(current_app.config["UPLOAD_FOLDER"], folder)
    os.makedirs(directory, exist_ok=True)
    name = secrets.token_hex(12) + ".jpg"
    partial = os.path.join(directory, f".{name}.partial")
    try:
        image.save(partial, "JPEG", quality=85, optimize=True, progressive=True)
        os.replace(partial, os.path.join(directory, name))
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
    return name


def delete_image(folder: str, name: str | None) -> None:
    if name:
        path = os.path.join(current_app.config["UPLOAD_FOLDER"], folder, os.path.basename(name))
        if os.path.exists(path):
            os.remove(path)
