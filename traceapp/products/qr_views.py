"""QR images and label sheets for a product or a batch (visible to its business and to staff)."""

from flask import Response, render_template
from flask_login import current_user

from traceapp import qr
from traceapp.models import STAFF_ROLES, Role
from traceapp.products import bp
from traceapp.products.queries import visible_batch, visible_product
from traceapp.web.access import roles_required

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)
_MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _image(url: str, fmt: str) -> Response:
    data = qr.png_bytes(url) if fmt == "png" else qr.svg_bytes(url)
    return Response(data, mimetype=_MIMETYPES[fmt])


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


@bp.route("/products/<int:product_id>/labels")
@roles_required(*ANY_ROLE)
def product_labels(product_id: int):
    product = visible_product(current_user, product_id)
    return render_template("products/labels.html", product=product, batch=None)


@bp.route("/batches/<int:batch_id>/labels")
@roles_required(*ANY_ROLE)
def batch_labels(batch_id: int):
    batch = visible_batch(current_user, batch_id)
    return render_template("products/labels.html", product=batch.product, batch=batch)
