"""QR images and label sheets for a product or a batch (visible to its business and to staff).

Every route builds the code's address with ``targets.target_url``, which refuses an address no phone can open
(``targets.assess``); the refusal is a 503 page that says what the administrator must set.
"""

from flask import Response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes
from traceapp.labels import bp, images, symbols
from traceapp.labels.forms import LabelSheetForm
from traceapp.labels.services import print_sheet
from traceapp.labels.sheets import MIN_MODULE_MM, SIZES_MM, LabelText, Layout, smallest_size_mm
from traceapp.labels.targets import HOW_TO_SET, UnprintableAddress, public_address, target_url
from traceapp.models import STAFF_ROLES, Batch, Product, Role
from traceapp.products.queries import visible_batch, visible_product
from traceapp.web.access import roles_required
from traceapp.web.formatting import format_date
from traceapp.web.outcomes import shows_refusal

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)
_MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


@bp.errorhandler(UnprintableAddress)
def unprintable(error: UnprintableAddress) -> Response:
    """503, not 409: the request is right and the record is fine; the server is not yet set up to serve it, and
    the same request succeeds unchanged once the administrator sets the address (nothing the user can resolve)."""
    page = render_template("labels/unprintable.html", problem=error.message, how_to_set=HOW_TO_SET)
    response = Response(page, status=503, mimetype="text/html")
    response.cache_control.no_store = True
    return response


def _image(url: str, fmt: str) -> Response:
    """Served from the disk cache with an ETag; a browser that has it gets a 304 and nothing is drawn."""
    etag = images.image_key(url, fmt)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(images.cached_image(url, fmt), mimetype=_MIMETYPES[fmt])
    response.set_etag(etag)
    # Private: the image URL needs a login, so shared caches must not keep it.
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    return response


@bp.app_template_global()
def qr_address():
    """For the QR previews on product and batch pages: the address judged, so a page shows why there is no code
    instead of a broken image when labels may not be printed."""
    return public_address()


@bp.route("/products/<int:product_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def product_qr(product_id: int, fmt: str) -> Response:
    product = visible_product(current_user, product_id)
    return _image(target_url(product), fmt)


@bp.route("/batches/<int:batch_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def batch_qr(batch_id: int, fmt: str) -> Response:
    batch = visible_batch(current_user, batch_id)
    return _image(target_url(batch.product, batch), fmt)


def _label_text(product: Product, batch: Batch | None) -> LabelText:
    details: list[str] = []
    if batch is not None:
        details.append(_("Lot %(lot)s", lot=batch.lot_code))
        if batch.expiry_date:
            details.append(_("Expiry %(date)s", date=format_date(batch.expiry_date)))
    return LabelText(
        url=target_url(product, batch),
        product=product.name,
        business=product.business.name,
        code=codes.display(batch.public_code if batch else product.public_code),
        call_to_scan=_("Scan to check the origin"),
        details=tuple(details),
    )


def _sheet_page(product: Product, batch: Batch | None, *, download: bool) -> Response | tuple[str, int]:
    """The form (and a preview) on GET; with ``download`` the PDF, or the form again with a 400 if it is wrong."""
    form = LabelSheetForm(formdata=request.args if (download or request.args) else None)
    label = _label_text(product, batch)
    if download and form.validate():
        with shows_refusal(form):
            pdf = print_sheet(current_user, product, batch, label, form.to_input())
            code = batch.public_code if batch else product.public_code
            response = Response(pdf, mimetype="application/pdf")
            response.headers["Content-Disposition"] = f'inline; filename="nhan-qr-{code}.pdf"'
            return response
    status = 400 if download else 200
    capacity = [(size, Layout(size_mm=size, count=1).per_page) for size in SIZES_MM]
    modules = symbols.matrix(label.url)
    return render_template(
        "labels/sheet.html",
        product=product,
        batch=batch,
        form=form,
        label=label,
        capacity=capacity,
        address=public_address(),
        modules=len(modules) - 2 * symbols.QUIET_ZONE,
        smallest_size=smallest_size_mm(modules),
        min_module=format_decimal(MIN_MODULE_MM),
    ), status


@bp.route("/products/<int:product_id>/labels")
@roles_required(*ANY_ROLE)
def product_labels(product_id: int) -> Response | tuple[str, int]:
    return _sheet_page(visible_product(current_user, product_id), None, download=False)


@bp.route("/products/<int:product_id>/labels.pdf")
@roles_required(*ANY_ROLE)
def product_labels_pdf(product_id: int) -> Response | tuple[str, int]:
    return _sheet_page(visible_product(current_user, product_id), None, download=True)


@bp.route("/batches/<int:batch_id>/labels")
@roles_required(*ANY_ROLE)
def batch_labels(batch_id: int) -> Response | tuple[str, int]:
    batch = visible_batch(current_user, batch_id)
    return _sheet_page(batch.product, batch, download=False)


@bp.route("/batches/<int:batch_id>/labels.pdf")
@roles_required(*ANY_ROLE)
def batch_labels_pdf(batch_id: int) -> Response | tuple[str, int]:
    batch = visible_batch(current_user, batch_id)
    return _sheet_page(batch.product, batch, download=True)
