"""QR images and label sheets for a product or a batch (visible to its business and to staff).

Every route builds the code's address with ``targets.target_url``, which refuses an address no phone can open
(``targets.assess``); the refusal is a 503 page that says what the administrator must set.
"""

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes
from traceapp.labels import bp, responses
from traceapp.labels.forms import LabelSheetForm
from traceapp.labels.services import print_sheet
from traceapp.labels.sheets import SIZES_MM, LabelText
from traceapp.labels.targets import GS1_LOT_MIN_LABEL_MM, UnprintableAddress, public_address, target_url
from traceapp.models import STAFF_ROLES, Batch, Product, Role
from traceapp.products.queries import visible_batch, visible_product
from traceapp.web.access import roles_required
from traceapp.web.formatting import format_date
from traceapp.web.outcomes import shows_refusal

ANY_ROLE = (Role.BUSINESS, *STAFF_ROLES)


bp.register_error_handler(UnprintableAddress, responses.unprintable)


@bp.app_template_global()
def qr_address():
    """For the QR previews on product and batch pages: the address judged, so a page shows why there is no code
    instead of a broken image when labels may not be printed."""
    return public_address()


@bp.route("/products/<int:product_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def product_qr(product_id: int, fmt: str) -> Response:
    product = visible_product(current_user, product_id)
    return responses.qr_image(target_url(product), fmt)


@bp.route("/batches/<int:batch_id>/qr.<any(png, svg):fmt>")
@roles_required(*ANY_ROLE)
def batch_qr(batch_id: int, fmt: str) -> Response:
    batch = visible_batch(current_user, batch_id)
    return responses.qr_image(target_url(batch.product, batch), fmt)


def _label_text(product: Product, batch: Batch | None, label_mm: float | None) -> LabelText:
    details: list[str] = []
    if batch is not None:
        details.append(_("Lot %(lot)s", lot=batch.lot_code))
        if batch.expiry_date:
            details.append(_("Expiry %(date)s", date=format_date(batch.expiry_date)))
    return LabelText(
        url=target_url(product, batch, label_mm=label_mm),
        product=product.name,
        business=product.business.name,
        code=codes.display(batch.public_code if batch else product.public_code),
        call_to_scan=_("Scan to check the origin"),
        details=tuple(details),
    )


def _label_mm(form: LabelSheetForm) -> float | None:
    """The label size chosen (or the form's default): what the symbol must fit; None when it is not one offered."""
    value = str(form.size.data or "")
    return float(value) if value.isdigit() and int(value) in SIZES_MM else None


def _sheet_page(product: Product, batch: Batch | None, *, download: bool) -> Response | tuple[str, int]:
    """The form (and a preview) on GET; with ``download`` the PDF, or the form again with a 400 if it is wrong."""
    form = LabelSheetForm(formdata=request.args if (download or request.args) else None)
    label_mm = _label_mm(form)
    label = _label_text(product, batch, label_mm)
    short_for_size = bool(batch and product.gtin and label_mm is not None and label_mm < GS1_LOT_MIN_LABEL_MM)
    if download and form.validate():
        with shows_refusal(form):
            pdf = print_sheet(current_user, product, batch, label, form.to_input())
            code = batch.public_code if batch else product.public_code
            response = Response(pdf, mimetype="application/pdf")
            response.headers["Content-Disposition"] = f'inline; filename="nhan-qr-{code}.pdf"'
            return response
    status = 400 if download else 200
    return render_template(
        "labels/sheet.html",
        product=product,
        batch=batch,
        form=form,
        label=label,
        short_for_size=short_for_size,
        gs1_min_mm=GS1_LOT_MIN_LABEL_MM,
        **responses.sheet_facts(label.url),
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
