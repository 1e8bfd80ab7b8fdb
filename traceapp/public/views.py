"""Pages for consumers, no login: the home page with code entry and the scan page a QR opens."""

import json
from contextlib import ExitStack
from datetime import date
from typing import NoReturn
from urllib.parse import quote

from flask import Response, abort, current_app, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import force_locale, get_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from traceapp import codes, gs1, scans
from traceapp.clock import local_today, to_local
from traceapp.inspections.queries import latest_public_check
from traceapp.models import CheckResult, InspectionItem
from traceapp.public import bp, page_cache, resolver
from traceapp.public.queries import batch_by_code, is_instrument_code, product_by_code, resolve_link
from traceapp.public.verdict import Facts, Verdict, decide, facts_for
from traceapp.supply.chain import batches_in, upstream_tree
from traceapp.web.errors import render_error


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
    if product is None and is_instrument_code(code):
        # Typed from a measuring instrument's sticker on the consumer home: its page is /m/.
        return redirect(url_for("instruments.public_page", code=code))
    if product is None:
        _refuse(
            404,
            _(
                "No product or batch has the code %(code)s. Check the code, or report the product to the ward.",
                code=codes.display(code),
            ),
        )
    return _scan_page(product, batch, code)


@bp.route("/01/<path:rest>", merge_slashes=False)
@bp.route("/01//<path:rest>", merge_slashes=False)  # so that "/01//…" reaches the resolver and gets its 400
@bp.route("/01/", merge_slashes=False)
@bp.route("/01//", merge_slashes=False)
def digital_link(rest: str = ""):
    """The GS1-Conformant resolver (docs/api.md, "GS1 Digital Link resolver"): the request is checked in full
    first, so a malformed one is a 400 and never a cached page, a redirect or a 404."""
    try:
        asked = resolver.parse(_raw_path(), _raw_query())
    except gs1.DigitalLinkError as exc:
        _refuse(400, _("This link is not valid: %(reason)s", reason=str(exc)))
    link = asked.link
    plain = asked.link_type is None and not asked.wants_linkset and not link.item_level
    if plain:
        cached = _from_cache()
        if cached is not None:
            return _with_link_header(cached, resolver.anchor(link, lot=link.lot))
    product, batch = resolve_link(link)
    if product is None:
        _refuse(
            404,
            _("No product with the GTIN %(gtin)s is registered in the ward.", gtin=link.gtin),
            machine=asked.wants_linkset,
        )
    if link.lot and batch is None:
        _refuse(
            404,
            _(
                "%(product)s is registered, but its lot %(lot)s is not. Be careful: ask the seller, or report it.",
                product=product.name,
                lot=link.lot,
            ),
            anchor=resolver.anchor(link),
            machine=asked.wants_linkset,
        )
    anchor = resolver.anchor(link, lot=batch.lot_code if batch else None)
    code = batch.public_code if batch else product.public_code
    if link.item_level:
        # Walked up to the batch (or product) the item belongs to, said plainly, under a 404 for the item itself
        # (docs/api.md): also for ?linkType=, whose links would describe the batch, not the item.
        notice = _item_not_registered(link, product, batch)
        if asked.wants_linkset:
            _refuse(404, notice, anchor=anchor, machine=True)
        return _with_link_header(_scan_page(product, batch, code, notice=notice), anchor)
    if asked.wants_linkset:
        body = json.dumps(resolver.linkset(anchor, product, batch), ensure_ascii=False)
        return _with_link_header(Response(body, mimetype=resolver.LINKSET_TYPE), anchor)
    if asked.link_type is not None:
        return _with_link_header(redirect(resolver.target_of(asked.link_type, product, batch), 307), anchor)
    return _with_link_header(_scan_page(product, batch, code), anchor)


def _item_not_registered(link: gs1.DigitalLink, product, batch) -> str:
    """A serial, third-party serial or variant: the register holds products and batches, never single items."""
    if link.variant and not (link.serial or link.tpx):
        what = _("The variant %(value)s is not registered", value=link.variant)
    else:
        what = _("The serial number %(value)s is not registered", value=link.serial or link.tpx)
    if batch is not None:
        return _(
            "%(what)s: the ward registers batches, not single items. This is batch %(lot)s of %(product)s.",
            what=what,
            lot=batch.lot_code,
            product=product.name,
        )
    return _(
        "%(what)s: the ward registers products and batches, not single items. This is %(product)s.",
        what=what,
        product=product.name,
    )


def _with_link_header(response: BaseResponse, anchor: str) -> BaseResponse:
    response.headers["Link"] = resolver.link_header(anchor)
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    return response


def _raw_query() -> str:
    """The query as sent: a repeated AI or a broken escape must still be visible to the resolver."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw and "?" in raw:
        return raw.split("?", 1)[1]
    return request.query_string.decode("latin-1")


@bp.before_request
def _language_of_the_scanner():
    """A scanner that chose no language here (no ``?lang=``, nothing remembered) gets the one its
    ``Accept-Language`` prefers, Vietnamese or English; ``?lang=en-GB`` counts as English."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang", "")
    primary = chosen.split("-", 1)[0].split("_", 1)[0].lower()
    if chosen and chosen not in languages and primary in languages:
        session["lang"] = primary
        refresh()
    elif not chosen and session.get("lang") not in languages:
        best = request.accept_languages.best_match(languages)
        if best and best != current_app.config["BABEL_DEFAULT_LOCALE"]:
            stack = ExitStack()
            stack.enter_context(force_locale(best))
            g.scanner_language = stack  # closed when the request ends


@bp.teardown_request
def _forget_the_scanner_language(_exc=None):
    stack = g.pop("scanner_language", None)
    if stack is not None:
        stack.close()


def _wants_json() -> bool:
    """``Accept: application/json`` (preferred over HTML) asks for the machine-readable answer; a browser's
    ``text/html,…,*/*`` and a bare ``*/*`` get the page."""
    return request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json"


def _wants_machine_error() -> bool:
    """A JSON or linkset client gets its refusal as JSON, a browser as a page."""
    best = request.accept_mimetypes.best_match(("text/html", "application/json", resolver.LINKSET_TYPE))
    return best in ("application/json", resolver.LINKSET_TYPE)


def _refuse(code: int, message: str, anchor: str | None = None, machine: bool = False) -> NoReturn:
    """The scan URLs' 400 and 404: the error page, or ``{"error": …}`` to a JSON request (or a linkset request,
    ``machine``). ``anchor`` names the less granular identifier the register does know, whose linkset the answer
    then points to."""
    if machine or _wants_machine_error():
        response = jsonify(error=message)
    else:
        body, _code = render_error(code, message)
        response = Response(body, mimetype="text/html")
    response.status_code = code
    response.vary.add("Accept")
    if anchor is not None:
        response.headers["Link"] = resolver.link_header(anchor)
    abort(response)


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
    response.vary.add("Accept-Language")  # without ?lang= or a remembered choice, the browser's language picks
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


def _scan_page(product, batch, code: str, notice: str | None = None):
    """The page, or its JSON answer: either way one scan of the code. With a ``notice`` (an item the register does
    not hold) it is a 404 that still shows what the item belongs to, and it is not cached."""
    scans.record(code, product.id, batch.id if batch else None)
    if notice is not None:
        if _wants_json():
            answer = json.loads(_render_json(product, batch, code))
            response = _answer(json.dumps({"error": notice, **answer}, ensure_ascii=False))
        else:
            response = _answer(_render_scan_page(product, batch, notice=notice))
        response.status_code = 404
        return response
    body = _render_json(product, batch, code) if _wants_json() else _render_scan_page(product, batch)
    if page_cache.usable():
        page_cache.put(_cache_key(), body, code, product.id, batch.id if batch else None)
    return _answer(body)


def _read(product, batch) -> tuple[InspectionItem | None, list, Facts, Verdict]:
    latest_check = latest_public_check(product, batch)
    chain = upstream_tree(batch) if batch is not None else []
    facts = facts_for(product, batch, latest_check=latest_check, chain=chain)
    return latest_check, chain, facts, decide(facts)


def _render_scan_page(product, batch, notice: str | None = None) -> str:
    latest_check, chain, facts, verdict = _read(product, batch)
    return render_template(
        "public/scan.html",
        notice=notice,
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
