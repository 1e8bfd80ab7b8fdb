"""What every page that prints QR codes answers with: the QR image (cached, with an ETag), the page that says why
nothing can be printed yet, and the facts the label-sheet form shows. Shared by product, batch and instrument
labels so that they behave alike."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import format_decimal

from traceapp.labels import images, symbols
from traceapp.labels.sheets import MIN_MODULE_MM, SIZES_MM, Layout, smallest_size_mm
from traceapp.labels.targets import HOW_TO_SET, UnprintableAddress, public_address

_MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


def qr_image(url: str, fmt: str) -> Response:
    """Served from the disk cache with an ETag; a browser that has it gets a 304 and nothing is drawn."""
    etag = images.image_key(url, fmt)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(images.cached_image(url, fmt), mimetype=_MIMETYPES[fmt])
    response.set_etag(etag)
    # Private: the image URL needs a login, so shared caches must not keep it.
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    return response


def unprintable(error: UnprintableAddress) -> Response:
    """503, not 409: the request is right and the record is fine; the server is not yet set up to serve it, and
    the same request succeeds unchanged once the administrator sets the address (nothing the user can resolve)."""
    page = render_template("labels/unprintable.html", problem=error.message, how_to_set=HOW_TO_SET)
    response = Response(page, status=503, mimetype="text/html")
    response.cache_control.no_store = True
    return response


def sheet_facts(url: str) -> dict[str, Any]:
    """What the sheet form says beside the preview: labels per page by size, the symbol's modules and the
    smallest label it fits, and whether the site's address can be printed at all."""
    modules = symbols.matrix(url)
    return {
        "capacity": [(size, Layout(size_mm=size, count=1).per_page) for size in SIZES_MM],
        "address": public_address(),
        "modules": len(modules) - 2 * symbols.QUIET_ZONE,
        "smallest_size": smallest_size_mm(modules),
        "min_module": format_decimal(MIN_MODULE_MM),
    }
