"""Event attachments: the file's content decides its type (not its name), and only documents a ward office
uses are kept — PDF, Word and Excel (OOXML), JPEG and PNG."""

from __future__ import annotations

import io
import os
import secrets
import zipfile

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image

FOLDER = "events"
TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


class AttachmentError(ValueError):
    pass


def sniff(data: bytes) -> str:
    """The extension the content really has, or AttachmentError."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError):
            raise AttachmentError(_l("This file is not a PDF, Word, Excel, JPEG or PNG file.")) from None
        if b"wordprocessingml" in types:
            return "docx"
        if b"spreadsheetml" in types:
            return "xlsx"
    if data[:3] == b"\xff\xd8\xff" or data.startswith(b"\x89PNG\r\n\x1a\n"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception:  # any decoding problem means a damaged or disguised file  # noqa: BLE001
            raise AttachmentError(_l("The image file is damaged or incomplete.")) from None
        return "jpg" if data[:3] == b"\xff\xd8\xff" else "png"
    raise AttachmentError(_l("This file is not a PDF, Word, Excel, JPEG or PNG file."))


def save(storage) -> tuple[str, str, str, int]:
    """Check and store an upload; returns (stored name, original name, content type, size)."""
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    data = storage.read(limit + 1)
    if not data:
        raise AttachmentError(_l("The file is empty."))
    if len(data) > limit:
        raise AttachmentError(_l("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    extension = sniff(data)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], FOLDER)
    os.makedirs(folder, exist_ok=True)
    name = f"{secrets.token_hex(12)}.{extension}"
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)
    original = os.path.basename(storage.filename or name)[:200] or name
    return name, original, TYPES[extension], len(data)


def remove(name: str) -> None:
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], FOLDER, os.path.basename(name))
    if os.path.exists(path):
        os.remove(path)
