"""An officer's recall of a product or a batch: a Recall record, and the red banner on its public page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.extensions import db
from traceapp.inspections.services import InspectionError
from traceapp.models import Batch, BatchStatus, Product, ProductStatus, Recall, RecallScope, User


def recall(user: User, product: Product, batch: Batch | None, reason: str, recalled_on) -> Recall:
    target = batch if batch is not None else product
    recalled = BatchStatus.RECALLED if batch is not None else ProductStatus.RECALLED
    if target.status == recalled:
        raise InspectionError(_l("This is already recalled."))
    record = Recall(
        scope=RecallScope.BATCH if batch is not None else RecallScope.PRODUCT,
        product=product,
        batch=batch,
        reason=reason.strip(),
        recalled_on=recalled_on,
        user=user,
    )
    target.status = recalled
    target.status_reason = reason.strip()
    db.session.add(record)
    db.session.commit()
    return record
