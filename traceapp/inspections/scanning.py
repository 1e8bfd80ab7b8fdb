"""What an inspector scanned or typed: a printed code, a ``/q/`` link or a GS1 Digital Link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _

from traceapp import codes, gs1
from traceapp.errors import DomainError
from traceapp.models import Batch, Product
from traceapp.public.queries import batch_by_code, product_by_code, resolve_link


class UnknownCode(DomainError, ValueError):
    """Nothing registered answers to the code; the message says why for the form."""


def resolve(raw: str) -> tuple[Product, Batch | None]:
    """The product (and batch) a scanned link or typed code points at, or UnknownCode."""
    text = (raw or "").strip()
    path = urlsplit(text).path if "/" in text else ""
    if "/01/" in path or path.startswith("01/"):
        try:
            link = gs1.parse_path("/" + path[path.index("01/") :])
        except gs1.DigitalLinkError as exc:
            raise UnknownCode(str(exc)) from None
        product, batch = resolve_link(link)
        if product is None or (link.lot and batch is None):
            raise UnknownCode(_not_found(text))
        return product, batch
    if "/q/" in path:
        text = path.rsplit("/q/", 1)[1]
    code = codes.normalise(text)
    if not codes.is_well_formed(code):
        raise UnknownCode(_not_found(raw))
    batch = batch_by_code(code)
    product = batch.product if batch else product_by_code(code)
    if product is None:
        raise UnknownCode(_not_found(codes.display(code)))
    return product, batch


def _not_found(code: str) -> str:
    return _(
        "No registered product or batch has the code “%(code)s”. Describe the goods in words instead.", code=code[:60]
    )
