"""What the in-page camera scanner (static/js/scanner.js) asks the server: where a code it read leads, and the
decoder it runs when the browser has no ``BarcodeDetector`` of its own.

``/scan/resolve?code=…`` reads a code exactly as the forms do (``queries.resolve``: a printed code, a ``/q/``
link, a GS1 Digital Link on any host) and also a bare GTIN from an EAN-13/UPC-A/EAN-8 barcode, and answers JSON
the scanner shows beside the input it filled. It says only what the public scan page says (product, producer,
lot), so it needs no login, and an offline phone simply keeps the code as read.

``/scan/decoder.js`` is the Web Worker that decodes camera frames with the vendored ZXing WebAssembly polyfill.
The pages' Content-Security-Policy (``script-src 'self'``) forbids compiling WebAssembly, and widening it for
every page would allow it everywhere; a dedicated worker runs under the policy of its own script's response, so
only this worker gets ``'wasm-unsafe-eval'``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, jsonify, request, send_from_directory, url_for
from flask_babel import gettext as _

from traceapp import codes, gs1
from traceapp.public import bp
from traceapp.public.queries import UnknownCode, resolve

CODE_MAX = 300  # the forms' code fields take as much
WORKER_DIR = Path(__file__).resolve().parent.parent / "static" / "js"
WORKER_FILE = "scan-worker.js"
WORKER_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"


def as_gtin_path(text: str) -> str | None:
    """A barcode's digits as the Digital Link path ``/01/{gtin14}``; None when ``text`` is not 8, 12, 13 or 14
    digits. A wrong check digit raises ``gs1.GtinError``."""
    digits = text.replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) in gs1.GTIN_LENGTHS):
        return None
    return gs1.build_path(gs1.normalise_gtin(digits))


@bp.route("/scan/resolve")
def scan_resolve() -> tuple[Response, int] | Response:
    """JSON: ``found`` with the code to type (the batch's or the product's), its page and what it names; or
    ``found: false`` with the reason a person can read (404, or 400 for a code that cannot be one)."""
    raw = request.args.get("code", "").strip()[:CODE_MAX]
    try:
        gtin_path = as_gtin_path(raw)
        product, batch = resolve(gtin_path or raw)
    except gs1.GtinError as exc:
        return jsonify(found=False, message=str(exc)), 400
    except UnknownCode as exc:
        if gtin_path is not None:
            message = _("No product with the GTIN %(gtin)s is registered in the ward.", gtin=gtin_path[4:])
        else:
            message = str(exc)
        return jsonify(found=False, message=message), 404
    code = batch.public_code if batch is not None else product.public_code
    return jsonify(
        found=True,
        code=codes.display(code),
        url=url_for("public.by_code", code=code),
        product=product.name,
        business=product.business.name,
        gtin=product.gtin,
        lot=batch.lot_code if batch is not None else None,
    )


@bp.route("/scan/decoder.js")
def scan_decoder() -> Response:
    """The decoding worker, under a policy of its own that lets it compile the ZXing WebAssembly module."""
    response = send_from_directory(WORKER_DIR, WORKER_FILE, mimetype="text/javascript", max_age=86400)
    response.headers["Content-Security-Policy"] = WORKER_POLICY
    return response
