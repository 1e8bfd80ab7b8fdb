"""GS1 identifiers: GTIN checking and normalisation, and GS1 Digital Link URIs for our QR codes.

Parsing leans on ``biip`` (GS1 AI patterns, qualifier order, percent-decoding) and ``python-stdnum``
(the GS1 check digit); this module adds the ward's rules and error messages a consumer can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from flask_babel import gettext as _
from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from traceapp.errors import DomainError

GTIN_LENGTHS = (8, 12, 13, 14)
LOT_MAX = 20
# Key qualifiers of a GTIN (GS1 Digital Link URI syntax): any of CPV 22, lot 10 and serial 21, each at most once and
# in this order; or, instead of all three, the third-party-controlled serial extension (TPX) 235 alone.
QUALIFIER_ORDER = ("22", "10", "21")
TPX = "235"
# A percent sign not followed by two hex digits: not a percent-escape, so the path cannot be decoded honestly.
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class GtinError(DomainError, ValueError):
    """A GTIN that is not 8, 12, 13 or 14 digits with a correct GS1 check digit."""


class DigitalLinkError(DomainError, ValueError):
    """A path that is not valid GS1 Digital Link syntax; the message says what is wrong."""


def normalise_gtin(raw: str) -> str:
    """Return the GTIN as 14 digits, or raise GtinError with a message for the form."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not (digits.isascii() and digits.isdigit()):  # "²" and "١" are digits to str.isdigit, not to a barcode
        raise GtinError(_("A GTIN contains digits only."))
    if len(digits) not in GTIN_LENGTHS:
        raise GtinError(_("A GTIN has 8, 12, 13 or 14 digits; this one has %(n)d.", n=len(digits)))
    try:
        ean.validate(digits)
    except InvalidChecksum:
        raise GtinError(_("The check digit of this GTIN is wrong: check the number on the barcode.")) from None
    except (InvalidFormat, InvalidLength, ValidationError):
        raise GtinError(_("This is not a valid GTIN.")) from None
    return digits.zfill(14)


@dataclass(frozen=True)
class DigitalLink:
    gtin: str
    lot: str | None = None
    serial: str | None = None
    variant: str | None = None
    tpx: str | None = None  # AI 235, a serial controlled by a third party

    @property
    def item_level(self) -> bool:
        """Names one item (serial or TPX) or one variant: finer than anything the register holds."""
        return bool(self.serial or self.tpx or self.variant)


def build_path(gtin14: str, lot: str | None = None) -> str:
    """``/01/{gtin14}`` or ``/01/{gtin14}/10/{lot}``, the lot percent-encoded."""
    path = f"/01/{gtin14}"
    if lot:
        path += "/10/" + quote(lot, safe="")
    return path


def parse_path(path: str) -> DigitalLink:
    """Parse a Digital Link path (``/01/...``, still percent-encoded) or raise DigitalLinkError with a readable
    reason. Empty segments and broken percent-escapes are refused: they are not the standard's syntax, and guessing
    what was meant would answer for an identifier nobody printed."""
    if BAD_ESCAPE.search(path):
        raise DigitalLinkError(_("The link contains a percent sign that is not followed by two hexadecimal digits."))
    if path.endswith("/") and not path.endswith("//"):
        path = path[:-1]  # one slash at the end: the URI syntax standard's own examples show it
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    if segments[:1] != ["01"]:
        raise DigitalLinkError(_("A GS1 Digital Link starts with /01/ followed by the GTIN."))
    if "" in segments:
        raise DigitalLinkError(_("The link has an empty part (two slashes in a row)."))
    if len(segments) % 2:
        raise DigitalLinkError(_("Each identifier in the link needs a value after it."))
    gtin = segments[1]
    if not (gtin.isascii() and gtin.isdigit()) or len(gtin) not in GTIN_LENGTHS:
        raise DigitalLinkError(_("The GTIN in the link must have 8, 12, 13 or 14 digits."))
    try:
        gtin14 = normalise_gtin(gtin)
    except GtinError as exc:
        raise DigitalLinkError(str(exc)) from None
    qualifiers = segments[2::2]
    _check_qualifiers(qualifiers)
    try:
        uri = GS1DigitalLinkURI.parse("https://id.example" + path)
    except (ParseError, UnicodeDecodeError) as exc:
        raise DigitalLinkError(_lot_or_generic_message(path, str(exc))) from None
    values = {es.ai.ai: es.value for es in uri.element_strings}
    return DigitalLink(
        gtin=gtin14, lot=values.get("10"), serial=values.get("21"), variant=values.get("22"), tpx=values.get(TPX)
    )


def _check_qualifiers(qualifiers: list[str]) -> None:
    for ai in qualifiers:
        if ai not in (*QUALIFIER_ORDER, TPX):
            raise DigitalLinkError(
                _(
                    "The identifier /%(ai)s/ is not allowed after a GTIN here; use /22/, /10/ (lot) or /21/ (serial).",
                    ai=ai,
                )
            )
    if TPX in qualifiers:
        if qualifiers != [TPX]:
            raise DigitalLinkError(
                _("The third-party serial /235/ stands alone after the GTIN, without /22/, /10/ or /21/.")
            )
        return
    positions = [QUALIFIER_ORDER.index(ai) for ai in qualifiers]
    if positions != sorted(set(positions)) or len(set(positions)) != len(positions):
        raise DigitalLinkError(_("Qualifiers must come in the order /22/, /10/, /21/, each at most once."))


def _lot_or_generic_message(path: str, detail: str) -> str:
    if "(10)" in detail or "(21)" in detail:
        return _("A lot or serial number has 1 to %(n)d characters (letters, digits and simple symbols).", n=LOT_MAX)
    if f"({TPX})" in detail or "(22)" in detail:
        return _("A variant or third-party serial in the link has characters or a length GS1 does not allow.")
    return _("The link is not valid GS1 Digital Link syntax.")
