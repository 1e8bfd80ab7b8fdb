"""Printing a label sheet: drawn and counted together, for the plan report's "QR labels printed" figure."""

from __future__ import annotations

from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.labels.sheets import LabelText, Layout, render_sheet
from traceapp.models import Batch, LabelPrint, Product, User
from traceapp.unit_of_work import transactional


@transactional
def print_sheet(user: User, product: Product, batch: Batch | None, label: LabelText, layout: Layout) -> bytes:
    """The PDF of ``layout.count`` labels, recorded as printed by ``user``; a sheet that cannot be drawn
    (:class:`~traceapp.labels.sheets.LayoutError`) is not counted."""
    pdf = render_sheet(label, layout, title=f"{label.product} · {label.code}")
    db.session.add(
        LabelPrint(
            product_id=product.id,
            batch_id=batch.id if batch else None,
            labels=layout.count,
            printed_at=utcnow(),
            user_id=user.id,
        )
    )
    return pdf
