"""What a QR code holds: the public address of a product or batch, which never changes once printed.

It also holds the one rule for whether that address may be printed at all (:func:`assess`): a code must lead
somewhere a phone can open. In production an unset ``PUBLIC_BASE_URL`` (the default names the server itself), a
loopback host (127.0.0.1, localhost, ::1) or 0.0.0.0 refuses every QR image and label sheet, and the admin's home
page says what to set; plain http is printed, with advice to use https. In debug and testing the server's own
address is printed (``make run`` passes the address it serves on), with a note that phones cannot open it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from traceapp import gs1
from traceapp.config import Defaults
from traceapp.errors import DomainError

# What to set, shown with every refusal and every warning to the admin.
HOW_TO_SET = _l(
    "Set the public address of this site, e.g. TRACEAPP_PUBLIC_BASE_URL=https://truyxuat.example.vn in the "
    "server's environment or PUBLIC_BASE_URL = “https://truyxuat.example.vn” in instance/config.py, then restart "
    "the app. Choose it once: every label printed keeps it."
)


class UnprintableAddress(DomainError):
    """``PUBLIC_BASE_URL`` is not an address a phone can open, so no QR code may be drawn for it."""


@dataclass(frozen=True)
class PublicAddress:
    """The configured ``PUBLIC_BASE_URL`` judged for printing: ``problem`` says why nothing may be printed (None:
    labels may be printed), ``advice`` what an admin should still know about an address that is printed."""

    url: str
    problem: str | None = None
    advice: str | None = None

    @property
    def printable(self) -> bool:
        return self.problem is None


def _is_local(host: str) -> bool:
    """Loopback or "every interface" (0.0.0.0, ::): an address that, in a QR code, leads nowhere off the server."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def assess(url: str | None, *, production: bool) -> PublicAddress:
    """The one rule for whether QR codes may lead to ``url``; ``production`` is neither debug nor testing."""
    url = (url or "").strip().rstrip("/")
    if not url or (production and url == Defaults.PUBLIC_BASE_URL):
        return PublicAddress(url, problem=str(_l("The public address QR codes lead to (PUBLIC_BASE_URL) is not set.")))
    parts = urlsplit(url)
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        host = ""
    if parts.scheme not in {"http", "https"} or not host or parts.query or parts.fragment:
        return PublicAddress(
            url,
            problem=str(
                _l("The public address QR codes lead to (PUBLIC_BASE_URL) is “%(url)s”: not a web address.", url=url)
            ),
        )
    if _is_local(host):
        if production:
            problem = _l(
                "QR codes would lead to %(url)s: only the server itself can open that address, not a phone.", url=url
            )
            return PublicAddress(url, problem=str(problem))
        advice = _l(
            "QR codes lead to %(url)s: only this computer can open it, not a phone. Fine for trying the app; "
            "for phones on the same Wi-Fi, run “make run HOST=0.0.0.0”.",
            url=url,
        )
        return PublicAddress(url, advice=str(advice))
    if production and parts.scheme == "http":
        advice = _l(
            "QR codes lead to %(url)s over plain http: phones warn that the page is not secure, and anyone on the "
            "way can change it. Use an https:// address before printing many labels.",
            url=url,
        )
        return PublicAddress(url, advice=str(advice))
    return PublicAddress(url)


def public_address() -> PublicAddress:
    """The current app's ``PUBLIC_BASE_URL``, judged by :func:`assess`."""
    production = not (current_app.debug or current_app.testing)
    return assess(current_app.config.get("PUBLIC_BASE_URL"), production=production)


def printable_base_url() -> str:
    """``PUBLIC_BASE_URL`` without its trailing slash, or :class:`UnprintableAddress` when no phone could open it."""
    address = public_address()
    if address.problem is not None:
        raise UnprintableAddress(address.problem)
    return address.url


class Coded(Protocol):
    """What the address reads of a product: a ``Product``, or its two columns read without the ORM object."""

    @property
    def gtin(self) -> str | None: ...

    @property
    def public_code(self) -> str: ...


class Lot(Protocol):
    """What the address reads of a batch."""

    @property
    def lot_code(self) -> str: ...

    @property
    def public_code(self) -> str: ...


# A lot's GS1 Digital Link (GTIN and lot) needs a 29-module symbol with an ordinary host, which a phone photo of a
# 20-mm label reads reliably only from about 80 px across (docs/benchmarks.md). On labels smaller than this a lot
# label carries the batch's short /q/ code instead: the same batch page, a 25-module symbol that reads from 70 px.
GS1_LOT_MIN_LABEL_MM = 25


def target_path(product: Coded, batch: Lot | None = None, *, label_mm: float | None = None) -> str:
    """GS1 Digital Link when the product has a GTIN, else the short ``/q/{code}`` form; a lot's label smaller than
    ``GS1_LOT_MIN_LABEL_MM`` also takes the short form (``label_mm`` None: no printed size, the Digital Link)."""
    small_lot_label = batch is not None and label_mm is not None and label_mm < GS1_LOT_MIN_LABEL_MM
    if product.gtin and not small_lot_label:
        return gs1.build_path(product.gtin, batch.lot_code if batch else None)
    return "/q/" + (batch.public_code if batch else product.public_code)


def target_url(product: Coded, batch: Lot | None = None, *, label_mm: float | None = None) -> str:
    """The address a printed code carries; refuses (:class:`UnprintableAddress`) one no phone could open."""
    return printable_base_url() + target_path(product, batch, label_mm=label_mm)
