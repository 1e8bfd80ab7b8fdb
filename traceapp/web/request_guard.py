"""Text no person types, refused at the door: a NUL byte or bytes that are not UTF-8, in the path, the query string or
a form (field names, values, file names).

Werkzeug turns invalid UTF-8 into U+FFFD and passes NUL through; PostgreSQL then refuses the NUL ("A string literal
cannot contain NUL characters") in the middle of a unit of work, and the replacement characters would be stored as
if someone had typed them. One check before any view, so no feature has to remember it: the request gets the 400
page, in the user's language, and nothing is read further or written.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, request
from flask_babel import gettext as _

from traceapp.web.errors import abort_with

NUL = "\x00"
# What Werkzeug leaves of bytes that were not UTF-8 in a multipart body (it decodes them "with replacement").
REPLACED = "\ufffd"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _readable_urlencoded(raw: bytes) -> bool:
    """A query string or url-encoded body: every name and value, percent-decoded, is UTF-8 without NUL."""
    for pair in raw.replace(b";", b"&").split(b"&"):
        for part in pair.split(b"=", 1):
            decoded = unquote_to_bytes(part.replace(b"+", b" "))
            if b"\x00" in decoded or not _utf8(decoded):
                return False
    return True


def _readable_text(text: str | None) -> bool:
    """A multipart part may come without a name (``None``): nothing to read there."""
    return text is None or (NUL not in text and REPLACED not in text)


def readable_request() -> bool:
    """Whether every piece of text the client sent can be stored as it was meant."""
    raw_path = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")
    if b"\x00" in raw_path or not _utf8(raw_path) or NUL in request.path:
        return False
    if not _readable_urlencoded(request.query_string):
        return False
    if request.method not in WRITES:
        return True
    if request.mimetype == "application/x-www-form-urlencoded":
        return _readable_urlencoded(request.get_data(cache=True))
    if request.mimetype == "multipart/form-data":
        texts: list[str | None] = [text for pair in request.form.items(multi=True) for text in pair]
        texts += [text for name, upload in request.files.items(multi=True) for text in (name, upload.filename)]
        return all(_readable_text(text) for text in texts)
    return True


def register(app: Flask) -> None:
    @app.before_request
    def refuse_unreadable_text() -> None:
        if not readable_request():
            abort_with(
                400,
                _(
                    "Part of what was sent could not be read (a null character or text that is not UTF-8). "
                    "Check what you typed or pasted, and try again."
                ),
            )
