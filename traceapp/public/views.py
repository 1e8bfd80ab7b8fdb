"""Pages for consumers, no login: the home page with code entry and the scan page a QR opens."""

from urllib.parse import quote

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes, gs1, scans
from traceapp.clock import local_today
from traceapp.inspections import checklist
from traceapp.inspections.queries import latest_public_check
from traceapp.models import Role
from traceapp.public import bp, page_cache
from traceapp.public.queries import batch_by_code, product_by_code, resolve_link
from traceapp.supply.chain import upstream_problems_in, upstream_tree
from traceapp.web.errors import abort_with


@bp.route("/")
def home():
    return render_template("public/home.html", code=request.args.get("code", "")[:40], error=None)


@bp.route("/lookup")
def lookup():
    """The consumer typed what is printed under the QR: a public code, or a GTIN from the barcode."""
    raw = request.args.get("code", "")[:40]
    code = codes.normalise(raw)
    if codes.is_well_formed(code):
        return redirect(url_for("public.by_code", code=code))
    digits = raw.replace(" ", "").replace("-", "")
    if digits.isdigit() and len(digits) in gs1.GTIN_LENGTHS:
        try:
            return redirect(gs1.build_path(gs1.normalise_gtin(digits)))
        except gs1.GtinError as exc:
            error = str(exc)
    else:
        error = _("Type the 8-character code printed under the QR code (for example ABCD-2345), or the barcode number.")
    return render_template("public/home.html", code=raw, error=error), 400


@bp.route("/q/<code>")
def by_code(code: str):
    normalised = codes.normalise(code)
    if not codes.is_well_formed(normalised):
        abort_with(
            400,
            _("“%(code)s” is not a code we print. A code has 8 letters and digits, like ABCD-2345.", code=code[:40]),
        )
    if normalised != code:
        return redirect(url_for("public.by_code", code=normalised), 301)
    cached = _from_cache()
    if cached is not None:
        return cached
    batch = batch_by_code(code)
    product = batch.product if batch else product_by_code(code)
    if product is None:
        abort_with(
            404,
            _(
                "No product or batch has the code %(code)s. Check the code, or report the product to the ward.",
                code=codes.display(code),
            ),
        )
    return _scan_page(product, batch, code)


@bp.route("/01/<path:rest>")
def digital_link(rest: str):
    cached = _from_cache()
    if cached is not None:
        return cached
    try:
        link = gs1.parse_path(_raw_path())
    except gs1.DigitalLinkError as exc:
        abort_with(400, _("This link is not valid: %(reason)s", reason=str(exc)))
    product, batch = resolve_link(link)
    if product is None:
        abort_with(404, _("No product with the GTIN %(gtin)s is registered in the ward.", gtin=link.gtin))
    if link.lot and batch is None:
        abort_with(
            404,
            _(
                "%(product)s is registered, but its lot %(lot)s is not. Be careful: ask the seller, or report it.",
                product=product.name,
                lot=link.lot,
            ),
        )
    return _scan_page(product, batch, batch.public_code if batch else product.public_code)


def _raw_path() -> str:
    """The path as sent, still percent-encoded: a lot such as ``A%2F7`` must not turn into two segments."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    return raw.split("?", 1)[0] if raw else quote(request.path)


def _cache_key() -> tuple:
    return (_raw_path(), str(get_locale()), local_today())


def _from_cache():
    """A page rendered moments ago for another anonymous visitor: still counted as a scan."""
    if not page_cache.usable():
        return None
    page = page_cache.get(_cache_key())
    if page is None:
        return None
    scans.record(page.code, page.product_id, page.batch_id)
    return page.html


def _scan_page(product, batch, code: str):
    scans.record(code, product.id, batch.id if batch else None)
    html = _render_scan_page(product, batch)
    if page_cache.usable():
        page_cache.put(_cache_key(), html, code, product.id, batch.id if batch else None)
    return html


def _render_scan_page(product, batch) -> str:
    latest_check = latest_public_check(product, batch)
    chain = upstream_tree(batch) if batch is not None else []
    return render_template(
        "public/scan.html",
        product=product,
        batch=batch,
        business=product.business,
        latest_check=latest_check,
        failed_checks=checklist.failed(latest_check.checks) if latest_check else [],
        chain=chain,
        upstream_problems=upstream_problems_in(chain),
        field_worker=current_user.is_authenticated and current_user.role in (Role.INSPECTOR, Role.POLICE),
    )
