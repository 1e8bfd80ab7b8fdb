"""The GS1-Conformant resolver's rules for a ``/01/…`` request: what the URI asks for, and the links we answer with.

A request is checked in full before anything is looked up, so that a malformed one is a 400 with its reason
(GS1 Digital Link URI syntax) and never a redirect, a 404 or a cached page:

- the path: key qualifiers of the GTIN in the standard's order (``gs1.parse_path``), no empty segment, no broken
  percent-escape;
- the query: a numeric key is a GS1 Application Identifier, so it must be one GS1 defines, be a data attribute
  (a key or key qualifier belongs in the path), appear once, and have its AI's format (``biip`` knows the table
  and the date rules); other keys (``linkType``, ``lang``, ``context``, ``utm_…``) are the client's business.

The links (RFC 9264 linkset, GS1 link types) all lead to the scan page, at the part that answers the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString
from flask import request, url_for
from flask_babel import gettext as _

from traceapp import gs1
from traceapp.gs1 import DigitalLink, DigitalLinkError
from traceapp.models import Batch, Product

GS1_VOC = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
# ``linkType`` values asking for every link rather than one (``all`` is the standard's; ``linkset`` is common).
ALL_LINKS = ("all", "linkset")
# GS1 identification keys and key qualifiers: in a Digital Link they are path segments, never query attributes.
PATH_ONLY_AIS = frozenset(
    {"00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018"}
    | {"10", "21", "22", "235", "254", "7040", "8011", "8019", "8020"}
)


@dataclass(frozen=True)
class ResolverRequest:
    """A valid request: the identifier, the data attributes it carried, and the link type asked for."""

    link: DigitalLink
    attributes: dict[str, str] = field(default_factory=dict)  # AI → value, e.g. {"17": "261231"}
    link_type: str | None = None  # None, "all", or a full link-type URI such as https://gs1.org/voc/pip

    @property
    def wants_linkset(self) -> bool:
        if self.link_type == "all":
            return True
        best = request.accept_mimetypes.best_match((LINKSET_TYPE, "text/html", "application/json"))
        return best == LINKSET_TYPE


def parse(raw_path: str, raw_query: str) -> ResolverRequest:
    """The request as the resolver reads it, or DigitalLinkError with the reason for a 400."""
    link = gs1.parse_path(raw_path)
    attributes: dict[str, str] = {}
    link_type: str | None = None
    for part in raw_query.split("&") if raw_query else ():
        if not part:
            continue  # "?a=1&" or "?&a=1": harmless
        raw_key, _sep, raw_value = part.partition("=")
        key, value = _decode(raw_key), _decode(raw_value)
        if key.isascii() and key.isdigit():
            if key in attributes:
                raise DigitalLinkError(_("The attribute %(ai)s appears twice in the link.", ai=key))
            attributes[key] = _checked_attribute(key, value)
        elif key == "linkType" and link_type is None:
            link_type = _link_type(value)
    return ResolverRequest(link, attributes, link_type)


def _decode(text: str) -> str:
    if gs1.BAD_ESCAPE.search(text):
        raise DigitalLinkError(_("The link contains a percent sign that is not followed by two hexadecimal digits."))
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise DigitalLinkError(_("The link contains percent-escapes that are not UTF-8 text.")) from None


def _checked_attribute(ai: str, value: str) -> str:
    try:
        known = GS1ApplicationIdentifier.extract(ai)
    except ParseError:
        known = None
    if known is None or known.ai != ai:  # extract() matches a prefix: "999" would come back as (99)
        raise DigitalLinkError(_("%(ai)s is not a GS1 Application Identifier.", ai=ai))
    if ai in PATH_ONLY_AIS:
        raise DigitalLinkError(
            _("The identifier %(ai)s belongs in the path of the link (/%(ai)s/…), not after the “?”.", ai=ai)
        )
    expected = known.format.split("+", 1)[-1]
    try:
        parsed = GS1ElementString.extract(ai + value)
    except ParseError:
        parsed = None
    if parsed is None or parsed.value != value:  # extract() stops where the pattern does: "261231XX" is not a date
        raise DigitalLinkError(
            _(
                "The value of attribute %(ai)s (%(title)s) is not valid: expected %(format)s, got “%(value)s”.",
                ai=ai,
                title=known.data_title,
                format=expected,
                value=value[:40],
            )
        )
    return value


def _link_type(value: str) -> str:
    """``gs1:pip`` and ``https://gs1.org/voc/pip`` name the same link type; ``all`` asks for the linkset."""
    if value in ALL_LINKS:
        return "all"
    if value.startswith("gs1:"):
        return GS1_VOC + value[4:]
    if value.startswith("https://ref.gs1.org/voc/"):
        return GS1_VOC + value.removeprefix("https://ref.gs1.org/voc/")
    return value


# --- the links ------------------------------------------------------------------------------------------------


def anchor(link: DigitalLink, *, lot: str | None = None) -> str:
    """The canonical Digital Link URI of what the register knows: the GTIN, and the lot when it is known."""
    return request.host_url.rstrip("/") + gs1.build_path(link.gtin, lot)


def linkset_url(anchor_uri: str) -> str:
    return anchor_uri + "?linkType=all"


def link_header(anchor_uri: str) -> str:
    """Every answer points to its linkset (GS1-Conformant resolver; RFC 9264 §6)."""
    return f'<{linkset_url(anchor_uri)}>; rel="linkset"; type="{LINKSET_TYPE}"'


def links(product: Product, batch: Batch | None) -> dict[str, list[dict]]:
    """The link types we serve, each a list of target objects (RFC 9264 §4.2.2), all on the scan page."""
    code = batch.public_code if batch is not None else product.public_code
    page = url_for("public.by_code", code=code, _external=True)
    title = f"{product.name} – {batch.lot_code}" if batch is not None else product.name

    def target(href: str, text: str, media: str = "text/html") -> dict:
        return {"href": href, "title": text, "type": media, "hreflang": ["vi", "en"]}

    found = {
        GS1_VOC + "pip": [target(page, title)],
        GS1_VOC + "defaultLink": [target(page, title)],
        GS1_VOC + "recallStatus": [target(page + "#verdict", _("Recall and safety status: %(name)s", name=title))],
    }
    if product.certifications:
        found[GS1_VOC + "certificationInfo"] = [target(page + "#certs", _("Certifications: %(name)s", name=title))]
    if batch is not None:
        found[GS1_VOC + "traceability"] = [target(page + "#lot", _("Batch and its origin: %(name)s", name=title))]
    found["describedby"] = [target(page, title, "application/json")]
    return found


def linkset(anchor_uri: str, product: Product, batch: Batch | None) -> dict:
    """The RFC 9264 JSON linkset: one context object, anchored at the Digital Link URI."""
    return {"linkset": [{"anchor": anchor_uri, **links(product, batch)}]}


def target_of(link_type: str, product: Product, batch: Batch | None) -> str:
    """Where ``?linkType=…`` leads: that link where we serve it, the scan page (the default link) where not."""
    served = links(product, batch)
    chosen = served.get(link_type) or served[GS1_VOC + "defaultLink"]
    return chosen[0]["href"]
