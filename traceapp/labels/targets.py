"""What a QR code holds: the public address of a product or batch, which never changes once printed."""

from __future__ import annotations

from typing import Protocol

from flask import current_app

from traceapp import gs1


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


def target_path(product: Coded, batch: Lot | None = None) -> str:
    """GS1 Digital Link when the product has a GTIN, else the short ``/q/{code}`` form."""
    if product.gtin:
        return gs1.build_path(product.gtin, batch.lot_code if batch else None)
    return "/q/" + (batch.public_code if batch else product.public_code)


def target_url(product: Coded, batch: Lot | None = None) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + target_path(product, batch)
