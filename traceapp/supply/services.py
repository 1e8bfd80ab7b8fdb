"""Recording the inputs and outputs of a batch, and the counterparty's answer. Each function is one unit of work:
it writes everything, or raises ``SupplyError`` having written nothing.

A link to or from another registered business waits for that business to confirm or dispute it; a link with
an outside party (a fisherman, a market buyer) needs no confirmation and stands as recorded.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Batch, Business, BusinessStatus, LinkStatus, SupplyLink, User
from traceapp.public import queries as scanning
from traceapp.supply.chain import is_made_from
from traceapp.supply.inputs import InputDetails, LinkDetails, OutputDetails
from traceapp.unit_of_work import transactional


class SupplyError(DomainError):
    """A rule of this feature refused the request."""


def counterparty_id(link: SupplyLink) -> int | None:
    """The registered business that did not record the link and so confirms it; None for outside parties."""
    upstream = link.upstream_batch.product.business_id if link.upstream_batch else None
    downstream = link.downstream_batch.product.business_id if link.downstream_batch else link.downstream_business_id
    if link.recorded_by_business_id == upstream:
        return downstream
    return upstream


def _details(link: SupplyLink, data: LinkDetails) -> None:
    link.shipped_on = data.shipped_on
    link.quantity = data.quantity
    link.unit = data.unit.strip()
    link.document_ref = data.document_ref.strip()


@transactional
def add_input(batch: Batch, user: User, data: InputDetails) -> SupplyLink:
    """What ``batch`` was made from: another registered batch (by its code) or an outside supplier."""
    link = SupplyLink(downstream_batch=batch, recorded_by_business_id=batch.product.business_id, created_by=user)
    _details(link, data)
    if data.code.strip():
        try:
            _product, upstream = scanning.resolve(data.code)
        except scanning.UnknownCode as exc:
            raise SupplyError(str(exc), "code") from None
        if upstream is None:
            raise SupplyError(_l("This code is a product's; give the code of the batch (lô) it came from."), "code")
        if is_made_from(upstream.id, batch.id):
            raise SupplyError(_l("This would make the batch from itself: the chain would go round in a loop."), "code")
        link.upstream_batch = upstream
        link.status = (
            LinkStatus.CONFIRMED if upstream.product.business_id == batch.product.business_id else LinkStatus.PENDING
        )
    elif data.supplier_name.strip():
        link.upstream_name = data.supplier_name.strip()
        link.upstream_address = data.supplier_address.strip()
        link.status = LinkStatus.CONFIRMED
    else:
        raise SupplyError(_l("Give the code of the batch used, or the name of the outside supplier."), "code")
    db.session.add(link)
    return link


@transactional
def add_output(batch: Batch, user: User, data: OutputDetails) -> SupplyLink:
    """Where ``batch`` went: a registered business (which confirms) or an outside buyer."""
    link = SupplyLink(upstream_batch=batch, recorded_by_business_id=batch.product.business_id, created_by=user)
    _details(link, data)
    if data.business_id:
        business = db.session.get(Business, data.business_id)
        if business is None or business.status != BusinessStatus.VERIFIED:
            raise SupplyError(_l("Choose a verified business from the list."), "business_query")
        if business.id == batch.product.business_id:
            raise SupplyError(_l("Record your own use of a batch as an input of the new batch."), "business_query")
        link.downstream_business = business
        link.status = LinkStatus.PENDING
    elif data.buyer_name.strip():
        link.downstream_name = data.buyer_name.strip()
        link.downstream_address = data.buyer_address.strip()
        link.status = LinkStatus.CONFIRMED
    else:
        raise SupplyError(_l("Choose the receiving business, or give the outside buyer's name."), "business_query")
    db.session.add(link)
    return link


@transactional
def decide(link: SupplyLink, user: User, confirm: bool, note: str = "", batch: Batch | None = None) -> SupplyLink:
    """The counterparty confirms (optionally naming its batch made from the delivery) or disputes the link."""
    if link.status != LinkStatus.PENDING:
        raise SupplyError(_l("This link has already been answered."))
    if not confirm and not note.strip():
        raise SupplyError(_l("Say why you do not agree."), "note")
    if confirm and batch is not None:
        if link.downstream_batch_id is not None or batch.product.business_id != user.business_id:
            raise SupplyError(_l("Choose one of your own batches."), "batch_id")
        if link.upstream_batch_id is not None and is_made_from(link.upstream_batch_id, batch.id):
            raise SupplyError(_l("This would make the batch from itself: the chain would go round in a loop."))
        link.downstream_batch = batch
    link.status = LinkStatus.CONFIRMED if confirm else LinkStatus.DISPUTED
    link.status_note = note.strip()
    link.decided_at = utcnow()
    link.decided_by = user
    return link


@transactional
def delete(link: SupplyLink) -> None:
    """The recording business withdraws a link the other side has not answered yet."""
    if link.status == LinkStatus.CONFIRMED and counterparty_id(link) is not None:
        raise SupplyError(_l("The other business has confirmed this link; it can no longer be withdrawn."))
    db.session.delete(link)
