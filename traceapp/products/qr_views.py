"""QR images and label sheets for a product or a batch (visible to its business and to staff)."""

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes, labels, qr
from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.models import STAFF_ROLES, Batch, LabelPrint, Product, Role
from traceapp.products import bp
from traceapp.products.forms import LabelSheetForm
from traceapp.products.queries import visible_batch, visible_product
from traceapp.web.access import roles_required
from traceapp.web.formatting import format_date

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)
_MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _image(url: str, fmt: str) -> Response:
    """Served from the disk cache with an ETag; a browser that has it gets a 304 and nothing is drawn."""
    etag = qr.image_key(url, fmt)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(qr.cached_image(url, fmt), mimetype=_MIMETYPES[fmt])
    response.set_etag(etag)
    # Private: the image URL needs a login, so shared caches must not keep it.
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/products/<int:product_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def product_qr(product_id: int, fmt: str):
    product = visible_product(current_user, product_id)
    return _image(qr.target_url(product), fmt)


@bp.route("/batches/<int:batch_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def batch_qr(batch_id: int, fmt: str):
    batch = visible_batch(current_user, batch_id)
    return _image(qr.target_url(batch.product, batch), fmt)


def _label_text(product: Product, batch: Batch | None) -> labels.LabelText:
    details: list[str] = []
    if batch is not None:
        details.append(_("Lot %(lot)s", lot=batch.lot_code))
        if batch.expiry_date:
            details.append(_("Expiry %(date)s", date=format_date(batch.expiry_date)))
    return labels.LabelText(
        url=qr.target_url(product, batch),
        product=product.name,
        business=product.business.name,
        code=codes.display(batch.public_code if batch else product.public_code),
        call_to_scan=_("Scan to check the origin"),
        details=tuple(details),
    )


def _sheet_page(product: Product, batch: Batch | None, *, download: bool):
    """The form (and a preview) on GET; with ``download`` the PDF, or the form again with a 400 if it is wrong."""
    form = LabelSheetForm(formdata=request.args if (download or request.args) else None)
    label = _label_text(product, batch)
    if download and form.validate():
        code = batch.public_code if batch else product.public_code
        pdf = labels.render_sheet(label, form.layout(), title=f"{product.name} · {codes.display(code)}")
        _count_labels(product, batch, form.count.data)
        response = Response(pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="nhan-qr-{code}.pdf"'
        return response
    status = 400 if download else 200
    capacity = [(size, labels.Layout(size_mm=size, count=1).per_page) for size in labels.SIZES_MM]
    return render_template(
        "products/labels.html", product=product, batch=batch, form=form, label=label, capacity=capacity
    ), status


def _count_labels(product: Product, batch: Batch | None, count: int) -> None:
    """Kept for the plan report's "QR labels generated" figure."""
    db.session.add(
        LabelPrint(
            product_id=product.id,
            batch_id=batch.id if batch else None,
            labels=count,
            printed_at=utcnow(),
            user_id=current_user.id,
        )
    )
    db.session.commit()


@bp.route("/products/<int:product_id>/labels")
@roles_required(*ANY_ROLE)
def product_labels(product_id: int):
    return _sheet_page(visible_product(current_user, product_id), None, download=False)


@bp.route("/products/<int:product_id>/labels.pdf")
@roles_required(*ANY_ROLE)
def product_labels_pdf(product_id: int):
    return _sheet_page(visible_product(current_user, product_id), None, download=True)


@bp.route("/batches/<int:batch_id>/labels")
@roles_required(*ANY_ROLE)
def batch_labels(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    return _sheet_page(batch.product, batch, download=False)


@bp.route("/batches/<int:batch_id>/labels.pdf")
@roles_required(*ANY_ROLE)
def batch_labels_pdf(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    return _sheet_page(batch.product, batch, download=True)
