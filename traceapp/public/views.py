"""Pages for consumers, no login: the home page with code entry and the scan page a QR opens."""

import json
from datetime import date
from typing import NoReturn
from urllib.parse import quote

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes, gs1, scans
from traceapp.clock import local_today, to_local
from traceapp.inspections.queries import latest_public_check
from traceapp.models import CheckResult, InspectionItem
from traceapp.public import bp, page_cache
from traceapp.public.queries import batch_by_code, product_by_code, resolve_link
from traceapp.public.verdict import Facts, Verdict, decide, facts_for
from traceapp.supply.chain import batches_in, upstream_tree
from traceapp.web.errors import abort_with


@bp.route("/")
def home():
    return render_template("public/home.html", code=request.args.get("code", "")[:40], error=None)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links to: send them to the icon instead of a 404."""
    return redirect(url_for("static", filename="img/favicon.svg"), 301)


@bp.route("/lookup")
def lookup():
    """The consumer typed what is printed under the QR: a public code, or a GTIN from the barcode."""
    raw = request.args.get("code", "")[:40]
    code = codes.normalise(raw)
    if codes.is_well_formed(code):
        return redirect(url_for("public.by_code", code=code))
    digits = raw.replace(" ", "").replace("-", "")
    if digits.isascii() and digits.isdigit() and len(digits) in gs1.GTIN_LENGTHS:
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
        _refuse(
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
        _refuse(
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
        _refuse(400, _("This link is not valid: %(reason)s", reason=str(exc)))
    product, batch = resolve_link(link)
    if product is None:
        _refuse(404, _("No product with the GTIN %(gtin)s is registered in the ward.", gtin=link.gtin))
    if link.lot and batch is None:
        _refuse(
            404,
            _(
                "%(product)s is registered, but its lot %(lot)s is not. Be careful: ask the seller, or report it.",
                product=product.name,
                lot=link.lot,
            ),
        )
    return _scan_page(product, batch, batch.public_code if batch else product.public_code)


def _wants_json() -> bool:
    """``Accept: application/json`` (preferred over HTML) asks for the machine-readable answer; a browser's
    ``text/html,…,*/*`` and a bare ``*/*`` get the page."""
    return request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json"


def _refuse(code: int, message: str) -> NoReturn:
    """The scan URLs' 400 and 404: the error page, or ``{"error": …}`` to a JSON request."""
    if _wants_json():
        response = jsonify(error=message)
        response.status_code = code
        response.vary.add("Accept")
        abort(response)
    abort_with(code, message)


def _raw_path() -> str:
    """The path as sent, still percent-encoded: a lot such as ``A%2F7`` must not turn into two segments."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    return raw.split("?", 1)[0] if raw else quote(request.path)


def _cache_key() -> tuple:
    # The format is part of the key: a JSON request never gets a cached page, nor a browser cached JSON.
    return (_raw_path(), "json" if _wants_json() else "html", str(get_locale()), local_today())


def _answer(body: str) -> Response:
    mimetype = "application/json" if _wants_json() else "text/html"
    response = Response(body, mimetype=mimetype)
    response.vary.add("Accept")
    return response


def _from_cache():
    """A page rendered moments ago for another anonymous visitor: still counted as a scan."""
    if not page_cache.usable():
        return None
    page = page_cache.get(_cache_key())
    if page is None:
        return None
    scans.record(page.code, page.product_id, page.batch_id)
    return _answer(page.html)


def _scan_page(product, batch, code: str):
    """The page, or its JSON answer: either way one scan of the code."""
    scans.record(code, product.id, batch.id if batch else None)
    body = _render_json(product, batch, code) if _wants_json() else _render_scan_page(product, batch)
    if page_cache.usable():
        page_cache.put(_cache_key(), body, code, product.id, batch.id if batch else None)
    return _answer(body)


def _read(product, batch) -> tuple[InspectionItem | None, list, Facts, Verdict]:
    latest_check = latest_public_check(product, batch)
    chain = upstream_tree(batch) if batch is not None else []
    facts = facts_for(product, batch, latest_check=latest_check, chain=chain)
    return latest_check, chain, facts, decide(facts)


def _render_scan_page(product, batch) -> str:
    latest_check, chain, facts, verdict = _read(product, batch)
    return render_template(
        "public/scan.html",
        product=product,
        batch=batch,
        business=product.business,
        verdict=verdict,
        latest_check=latest_check,
        latest_check_passed=latest_check is not None and latest_check.result == CheckResult.PASS,
        failed_check=facts.failed_check,
        chain=chain,
        input_problems={source.code: source for source in facts.inputs},
        field_worker=current_user.is_authenticated and current_user.is_field_staff,
    )


def _render_json(product, batch, code: str) -> str:
    """What the page says, for machines: the verdict, its reasons, what a consumer sees, and the links.
    Nothing private: no quantities, buyers, documents or people (docs/api.md, "The scan answer")."""
    latest_check, chain, facts, verdict = _read(product, batch)
    business = product.business
    today = local_today()
    answer = verdict.as_json()
    for reason in answer["reasons"]:
        reason["url"] = url_for("public.by_code", code=reason["code"], _external=True) if reason["code"] else None
    body = {
        "code": code,
        "verdict": {key: answer[key] for key in ("level", "label", "action")},
        "reasons": answer["reasons"],
        "product": {
            "name": product.name,
            "public_code": product.public_code,
            "gtin": product.gtin,
            "category": str(product.category),
            "category_label": str(product.category.label),
            "status": str(product.status),
            "net_quantity": product.net_quantity,
            "origin": product.origin,
            "ingredients": product.ingredients,
            "shelf_life": product.shelf_life,
            "standard_applied": product.standard_applied,
            "conformity_declaration": product.conformity_declaration,
            "description": product.description,
            "certifications": [
                {
                    "kind": str(cert.kind),
                    "label": str(cert.kind.label),
                    "stars": cert.stars,
                    "number": cert.number,
                    "issuer": cert.issuer,
                    "expires_on": _iso(cert.expires_on),
                    "expired": cert.is_expired(today),
                }
                for cert in product.certifications
            ],
        },
        "batch": None
        if batch is None
        else {
            "lot": batch.lot_code,
            "public_code": batch.public_code,
            "production_date": _iso(batch.production_date),
            "expiry_date": _iso(batch.expiry_date),
            "expired": batch.is_expired(today),
            "status": str(batch.status),
            "made_from": [
                {
                    "product": source.product.name,
                    "producer": source.product.business.name,
                    "lot": source.lot_code,
                    "production_date": _iso(source.production_date),
                    "url": url_for("public.by_code", code=source.public_code, _external=True),
                }
                for source in batches_in(chain)
            ],
        },
        "producer": {
            "name": business.name,
            "status": str(business.status),
            "status_label": str(business.status.label),
            "verified": business.is_verified,
            "address": business.address,
            "phone": business.phone or None,
        },
        "latest_inspection": None
        if latest_check is None
        else {
            "date": _iso(to_local(latest_check.inspection.submitted_at).date())
            if latest_check.inspection.submitted_at
            else None,
            "conforming": facts.failed_check is None and latest_check.result == CheckResult.PASS,
            "remedied": facts.failed_check.remedied if facts.failed_check else None,
            "failed_points": list(facts.failed_check.points) if facts.failed_check else [],
            "agency": latest_check.inspection.agency.name,
        },
        "links": {
            "page": url_for("public.by_code", code=code, _external=True),
            "report": url_for("consumer_reports.new", code=code, _external=True),
        },
    }
    return json.dumps(body, ensure_ascii=False)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
