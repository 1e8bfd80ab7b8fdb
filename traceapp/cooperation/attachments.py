"""Event attachments: the content decides the type (never the name), and only the documents a ward office
exchanges are kept — PDF, Word and Excel (OOXML, without macros), JPEG and PNG.

A file is checked completely in memory before anything is written, so a refused upload leaves no trace on disk.
Files are kept byte for byte (minutes and signed lists are evidence); they are stored under
``UPLOAD_FOLDER/events`` with random names and served only as downloads.
"""

from __future__ import annotations

import io
import os
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from traceapp.errors import DomainError

FOLDER = "events"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# The content type [Content_Types].xml gives the main part of a plain (macro-free) document or workbook.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
SUFFIXES = {"pdf": (".pdf",), "docx": (".docx",), "xlsx": (".xlsx",), "jpg": (".jpg", ".jpeg"), "png": (".png",)}
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAX_MANIFEST_BYTES = 256 * 1024
PDF_TAIL = 16 * 1024  # where %%EOF must be: some writers pad the end of the file
NOT_ACCEPTED = _l("This file is not a PDF, Word, Excel, JPEG or PNG file.")


class AttachmentError(DomainError, ValueError):
    """The upload is refused; the message says why in the user's language."""


@dataclass(frozen=True)
class Stored:
    file_name: str
    original_name: str
    content_type: str
    size: int


def sniff(data: bytes) -> str:
    """The type the content really has ("pdf", "docx", "xlsx", "jpg", "png"), or AttachmentError."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-PDF_TAIL:]:  # every complete PDF ends with it; a cut-off upload does not
            raise AttachmentError(_l("The PDF file is damaged or incomplete."))
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(data)
    raise AttachmentError(NOT_ACCEPTED)


def _ooxml(data: bytes) -> str:
    """A Word or Excel file: a ZIP whose manifest names a plain document as its main part, and no macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_MANIFEST_BYTES:
                raise AttachmentError(NOT_ACCEPTED)
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError, NotImplementedError, OSError):
        raise AttachmentError(NOT_ACCEPTED) from None
    types = [(el.get("PartName", ""), el.get("ContentType", "")) for el in root.iter(f"{CT_NS}Override")]
    defaults = [el.get("ContentType", "") for el in root.iter(f"{CT_NS}Default")]
    if (
        any("macroEnabled" in ct or "vbaProject" in ct for _part, ct in types)
        or any("vbaProject" in ct for ct in defaults)
        or any(name.lower().endswith("vbaproject.bin") for name in names)
    ):
        raise AttachmentError(_l("Files with macros are not accepted: save it as a plain .docx or .xlsx."))
    for part, content_type in types:
        kind = OOXML_MAIN.get(content_type)
        if kind and part.lstrip("/") in names:
            return kind
    raise AttachmentError(NOT_ACCEPTED)


def _image(data: bytes) -> str:
    """Decoded by Pillow like photos are (uploads.py): a bomb or a damaged image is refused."""
    max_pixels = current_app.config["MAX_IMAGE_PIXELS"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ("JPEG", "PNG"):
                    raise AttachmentError(NOT_ACCEPTED)
                if image.size[0] * image.size[1] > max_pixels:
                    raise AttachmentError(_l("The image has too many pixels; take a smaller photo."))
                image.load()
                return "jpg" if image.format == "JPEG" else "png"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AttachmentError(_l("The image has too many pixels; take a smaller photo.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, AttachmentError):
            raise
        raise AttachmentError(_l("The image file is damaged or incomplete.")) from None


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):.3g} MB" if limit >= 1024 * 1024 else f"{max(limit // 1024, 1)} KB"


def download_name(original: str | None, kind: str) -> str:
    """The name the user gave, made safe, ending with the extension of what the file really is."""
    name = os.path.basename((original or "").replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C").strip()
    suffix = "" if name.lower().endswith(SUFFIXES[kind]) else SUFFIXES[kind][0]
    stem = name or "file"
    return stem[: 200 - len(suffix)] + suffix


def save(storage: FileStorage) -> Stored:
    """Check an upload and store it; AttachmentError (and nothing written) when it is refused."""
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    data = storage.read(limit + 1)
    if not data:
        raise AttachmentError(_l("The file is empty."))
    if len(data) > limit:
        raise AttachmentError(_l("The file is larger than %(size)s.", size=_size(limit)))
    kind = sniff(data)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], FOLDER)
    os.makedirs(folder, exist_ok=True)
    name = f"{secrets.token_hex(12)}.{kind}"
    with open(os.path.join(folder, name), "xb") as out:
        out.write(data)
    return Stored(name, download_name(storage.filename, kind), CONTENT_TYPES[kind], len(data))


def path(name: str) -> tuple[str, str]:
    """(folder, file name) of a stored attachment, for send_from_directory."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], FOLDER), os.path.basename(name)


def remove(name: str) -> None:
    folder, base = path(name)
    try:
        os.remove(os.path.join(folder, base))
    except FileNotFoundError:
        pass
