"""The period's traceability events as a GS1 EPCIS 2.0 JSON-LD document, for the province's systems.

The plan asks the ward to share traceability data in a standard form; EPCIS 2.0 with the CBV is that form
(DESIGN §3). ``document(period)`` turns what the register holds into ObjectEvents, every one with its
``eventTime`` inside the period (UTC bounds of local midnights; date columns by calendar day):

- a batch registered (``created_at``): ``commissioning`` / ``active``, with its quantity when known;
- a supply link from a registered batch, unless disputed: ``shipping`` / ``in_transit`` at local midnight of
  ``shipped_on`` (or ``created_at`` without one); when confirmed with a registered receiver, ``receiving`` /
  ``in_progress`` at ``decided_at`` (or the shipping time when the link needed no answer, e.g. one business's
  own batches) — it lands in the period of that time, not of the shipping;
- a checked product or batch of a submitted inspection started in the period: ``inspecting`` / ``conformant``
  (pass) or ``non_conformant`` (fail); "not applicable" items and goods described only in words are left out,
  as no CBV disposition says "not assessed";
- a recall (``recalled_on``): ``holding`` / ``recalled`` at local midnight of that day (CBV 2.0 has no recall
  step; ``holding`` is its step for goods kept back from sale, and ``recalled`` its disposition).

Where: ``bizLocation`` is where the goods are after the event, ``readPoint`` where the event was seen (EPCIS 2.0).
A business's own events have its premises as ``bizLocation`` (the receiver's for a receipt). The ward's own events
say where whenever the register knows it: an inspection has the inspected business as ``bizLocation`` and, when
the inspector's phone recorded its position, a ``geo:`` URI (RFC 5870, WGS 84) as ``readPoint``, as GS1's own
EPCIS 2.0 examples do; a recall has the producer's premises as ``bizLocation`` (the recall is addressed to the
producer) and, when made at an inspection that recorded a position, that ``readPoint``. A place known only by
name and address (an unregistered stall) gets no location identifier: it stays out like every outside party.

Identifiers: a class is the GS1 Digital Link on id.gs1.org when the product has a GTIN (``/01/{gtin}/10/{lot}``),
else the public ``/q/{code}`` URL the QR carries (both from ``targets.target_path``). Businesses have no public page,
so a business is ``urn:traceapp:{host}:business:{id}``, the host of PUBLIC_BASE_URL keeping wards apart; it
stands for the business as a party (``owning_party``) and for its premises (``bizLocation``), as the register has
no GLNs to give an SGLN from. Outside parties and every name stay out (they are private). ``eventID`` is a UUID 5
of the ward's base URL and the record, so re-exporting gives the same IDs. CBV terms are bare (``commissioning``),
as the EPCIS 2.0 JSON schema requires. A quantity element without a known quantity carries ``epcClass`` only
(allowed since gs1/EPCIS#423); ``uom`` is given only for units with a UN/CEFACT code (kg, g, tấn, lít, ml), a count
(chai, hũ, thùng) has none. Every export is checked against GS1's schema in tests/test_epcis.py.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from traceapp.clock import as_utc, local_midnight, utcnow
from traceapp.extensions import db
from traceapp.labels import targets
from traceapp.models import (
    Batch,
    CheckResult,
    Inspection,
    InspectionItem,
    InspectionStatus,
    LinkStatus,
    Product,
    Recall,
    SupplyLink,
)
from traceapp.reports.periods import Period
from traceapp.text import fold

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
GS1_RESOLVER = "https://id.gs1.org"
TZ_OFFSET = "+07:00"  # Asia/Ho_Chi_Minh, no daylight saving
UOM = {"kg": "KGM", "g": "GRM", "gam": "GRM", "gram": "GRM", "tan": "TNE", "l": "LTR", "lit": "LTR", "ml": "MLT"}

Event = dict[str, Any]


def document(period: Period) -> dict[str, Any]:
    """The EPCISDocument of ``period``: four queries (no per-row loads), events sorted by time then ID."""
    start, end = period.bounds()
    ids = _Ids()
    timed = [
        *_commissioning(ids, start, end),
        *_supply(ids, period, start, end),
        *_inspecting(ids, start, end),
        *_recalls(ids, period),
    ]
    timed.sort(key=lambda pair: (pair[0], pair[1]["eventID"]))
    return {
        "@context": [CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _iso(utcnow()),
        "epcisBody": {"eventList": [event for _at, event in timed]},
    }


class _Ids:
    """URIs of one ward: classes, businesses and stable event IDs."""

    def __init__(self) -> None:
        self.base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
        self.host = urlsplit(self.base).netloc or "localhost"
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.base)

    def cls(self, row: Any) -> str:
        """The class of a row selected with ``_codes()``: its batch when there is one, else its product."""
        product = _Codes(row.gtin, row.product_code)
        batch = _Lot(row.lot, row.batch_code) if row.lot is not None else None
        return (GS1_RESOLVER if row.gtin else self.base) + targets.target_path(product, batch)

    def business(self, business_id: int) -> str:
        return f"urn:traceapp:{self.host}:business:{business_id}"

    def event(self, record: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, record)}"


class _Codes(NamedTuple):  # what targets.target_path reads of a product, without loading the ORM object
    gtin: str | None
    public_code: str


class _Lot(NamedTuple):  # ... and of a batch
    lot_code: str
    public_code: str


def _codes(product: Any = Product, batch: Any = Batch) -> tuple[Any, ...]:
    return (
        product.gtin.label("gtin"),
        product.public_code.label("product_code"),
        batch.lot_code.label("lot"),
        batch.public_code.label("batch_code"),
    )


def _commissioning(ids: _Ids, start: datetime, end: datetime) -> list[tuple[datetime, Event]]:
    rows = db.session.execute(
        select(Batch.id, Batch.created_at, Batch.quantity, Batch.unit, Product.business_id, *_codes())
        .join(Product, Product.id == Batch.product_id)
        .where(Batch.created_at >= start, Batch.created_at < end)
    )
    return [
        _event(
            ids,
            f"batch:{r.id}:commissioning",
            as_utc(r.created_at),
            "ADD",
            "commissioning",
            "active",
            _quantity(ids.cls(r), r.quantity, r.unit),
            bizLocation={"id": ids.business(r.business_id)},
        )
        for r in rows
    ]


def _supply(ids: _Ids, period: Period, start: datetime, end: datetime) -> list[tuple[datetime, Event]]:
    up_batch, up_product = aliased(Batch), aliased(Product)
    down_batch, down_product = aliased(Batch), aliased(Product)
    shipped_in = or_(
        SupplyLink.shipped_on.between(period.start, period.end),
        and_(SupplyLink.shipped_on.is_(None), SupplyLink.created_at >= start, SupplyLink.created_at < end),
    )
    rows = db.session.execute(
        select(
            SupplyLink.id,
            SupplyLink.shipped_on,
            SupplyLink.created_at,
            SupplyLink.decided_at,
            SupplyLink.status,
            SupplyLink.quantity,
            SupplyLink.unit,
            up_product.business_id.label("source"),
            func.coalesce(down_product.business_id, SupplyLink.downstream_business_id).label("destination"),
            *_codes(up_product, up_batch),
        )
        .join(up_batch, up_batch.id == SupplyLink.upstream_batch_id)
        .join(up_product, up_product.id == up_batch.product_id)
        .outerjoin(down_batch, down_batch.id == SupplyLink.downstream_batch_id)
        .outerjoin(down_product, down_product.id == down_batch.product_id)
        .where(
            SupplyLink.status != LinkStatus.DISPUTED,
            or_(shipped_in, and_(SupplyLink.decided_at >= start, SupplyLink.decided_at < end)),
        )
    )
    events = []
    for r in rows:
        shipped = local_midnight(r.shipped_on) if r.shipped_on else as_utc(r.created_at)
        quantity = _quantity(ids.cls(r), r.quantity, r.unit)
        parties: dict[str, Any] = {"sourceList": [{"type": "owning_party", "source": ids.business(r.source)}]}
        if r.destination is not None:
            parties["destinationList"] = [{"type": "owning_party", "destination": ids.business(r.destination)}]
        if start <= shipped < end:
            events.append(
                _event(ids, f"link:{r.id}:shipping", shipped, "OBSERVE", "shipping", "in_transit", quantity, **parties)
            )
        received = as_utc(r.decided_at) or shipped
        if r.status == LinkStatus.CONFIRMED and r.destination is not None and start <= received < end:
            events.append(
                _event(
                    ids,
                    f"link:{r.id}:receiving",
                    received,
                    "OBSERVE",
                    "receiving",
                    "in_progress",
                    quantity,
                    bizLocation={"id": ids.business(r.destination)},
                    **parties,
                )
            )
    return events


def _inspecting(ids: _Ids, start: datetime, end: datetime) -> list[tuple[datetime, Event]]:
    rows = db.session.execute(
        select(
            InspectionItem.id,
            InspectionItem.result,
            Inspection.started_at,
            Inspection.business_id,
            Inspection.latitude,
            Inspection.longitude,
            *_codes(),
        )
        .join(Inspection, Inspection.id == InspectionItem.inspection_id)
        .outerjoin(Batch, Batch.id == InspectionItem.batch_id)
        .join(Product, Product.id == func.coalesce(InspectionItem.product_id, Batch.product_id))
        .where(
            Inspection.status == InspectionStatus.SUBMITTED,
            Inspection.started_at >= start,
            Inspection.started_at < end,
            InspectionItem.result != CheckResult.NOT_APPLICABLE,
        )
    )
    events = []
    for r in rows:
        where = _where(ids, r.business_id, r.latitude, r.longitude)
        disposition = "conformant" if r.result == CheckResult.PASS else "non_conformant"
        events.append(
            _event(
                ids,
                f"inspection-item:{r.id}:inspecting",
                as_utc(r.started_at),
                "OBSERVE",
                "inspecting",
                disposition,
                [{"epcClass": ids.cls(r)}],
                **where,
            )
        )
    return events


def _recalls(ids: _Ids, period: Period) -> list[tuple[datetime, Event]]:
    rows = db.session.execute(
        select(Recall.id, Recall.recalled_on, Product.business_id, Inspection.latitude, Inspection.longitude, *_codes())
        .join(Product, Product.id == Recall.product_id)
        .outerjoin(Batch, Batch.id == Recall.batch_id)
        .outerjoin(Inspection, Inspection.id == Recall.inspection_id)
        .where(Recall.recalled_on.between(period.start, period.end))
    )
    return [
        _event(
            ids,
            f"recall:{r.id}:holding",
            local_midnight(r.recalled_on),
            "OBSERVE",
            "holding",
            "recalled",
            [{"epcClass": ids.cls(r)}],
            **_where(ids, r.business_id, r.latitude, r.longitude),
        )
        for r in rows
    ]


def _where(ids: _Ids, business_id: int | None, latitude: float | None, longitude: float | None) -> dict[str, Any]:
    """``readPoint`` from a recorded position, ``bizLocation`` from a registered business; either may be missing."""
    where: dict[str, Any] = {}
    if latitude is not None and longitude is not None and -90 <= latitude <= 90 and -180 <= longitude <= 180:
        where["readPoint"] = {"id": f"geo:{latitude:.6f},{longitude:.6f}"}
    if business_id is not None:
        where["bizLocation"] = {"id": ids.business(business_id)}
    return where


def _event(
    ids: _Ids,
    record: str,
    at: datetime,
    action: str,
    step: str,
    disposition: str,
    quantities: list[dict[str, Any]],
    **extra: Any,
) -> tuple[datetime, Event]:
    return at, {
        "type": "ObjectEvent",
        "eventID": ids.event(record),
        "eventTime": _iso(at),
        "eventTimeZoneOffset": TZ_OFFSET,
        "action": action,
        "quantityList": quantities,
        "bizStep": step,
        "disposition": disposition,
        **extra,
    }


def _quantity(epc_class: str, quantity: Decimal | None, unit: str) -> list[dict[str, Any]]:
    element: dict[str, Any] = {"epcClass": epc_class}
    if quantity is not None:
        element["quantity"] = float(quantity)
        if uom := _uom(unit):
            element["uom"] = uom
    return [element]


@lru_cache(maxsize=256)
def _uom(unit: str) -> str | None:
    return UOM.get(fold(unit).rstrip("."))


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
