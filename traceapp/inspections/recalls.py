"""An officer's recall of a product or a batch: a Recall record, and the red banner on its public page."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from traceapp.extensions import db
from traceapp.inspections.errors import InspectionError
from traceapp.models import Batch, BatchStatus, Product, ProductStatus, Recall, RecallScope, Role, User
from traceapp.unit_of_work import transactional


@transactional
def recall(user: User, product: Product, batch: Batch | None, reason: str, recalled_on: date) -> Recall:
    """The recall and the new status of what is recalled land together. A recall is the ward officer's act, not
    an inspection team's: it is made from a product's or batch's page and belongs to no inspection."""
    if user.role != Role.OFFICER:
        raise InspectionError(_l("Only the ward officer may recall goods."))
    already = (
        (batch.status == BatchStatus.RECALLED) if batch is not None else (product.status == ProductStatus.RECALLED)
    )
    if already:
        raise InspectionError(_l("This is already recalled."))
    record = Recall(
        scope=RecallScope.BATCH if batch is not None else RecallScope.PRODUCT,
        product=product,
        batch=batch,
        reason=reason.strip(),
        recalled_on=recalled_on,
        user=user,
    )
    if batch is not None:
        batch.status = BatchStatus.RECALLED
        batch.status_reason = reason.strip()
    else:
        product.status = ProductStatus.RECALLED
        product.status_reason = reason.strip()
    db.session.add(record)
    return record
