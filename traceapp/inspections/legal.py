"""The legal basis cited for each category of violation, in one place for the printed record and the forms.

Short citations of the rules a ward inspector applies: goods labels (Decree 43/2017, amended by Decree
111/2021), standards, metrology and quality (Laws of 2007 and 2011; sanctions in Decree 119/2017), and
counterfeit, expired or untraceable goods (sanctions in Decree 98/2020, amended by Decree 17/2022). A measuring
instrument or a prepackaged lot that fails its check cites the articles of Decree 119/2017 (as amended by Decree
126/2021) that ``metrology/legal.py`` keeps with its sources.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from traceapp.metrology.legal import INSTRUMENT_SANCTIONS, PREPACKAGED_SANCTIONS
from traceapp.models import ViolationCategory

_CONFORMITY_SANCTIONS = _l("Decree 119/2017/NĐ-CP")
_TRADE_SANCTIONS = _l("Decree 98/2020/NĐ-CP (amended by Decree 17/2022/NĐ-CP)")

# Lazy strings: each is read in the language of the page or document that shows it.
LEGAL_BASIS: dict[ViolationCategory, str] = {
    ViolationCategory.LABELS: _l("Decree 43/2017/NĐ-CP (amended by Decree 111/2021/NĐ-CP); Decree 119/2017/NĐ-CP"),
    ViolationCategory.MEASUREMENT: INSTRUMENT_SANCTIONS,
    ViolationCategory.PREPACKAGED_QUANTITY: PREPACKAGED_SANCTIONS,
    ViolationCategory.QUALITY: _l("Law on Product and Goods Quality 2007; Decree 119/2017/NĐ-CP"),
    ViolationCategory.EXPIRED: _TRADE_SANCTIONS,
    ViolationCategory.COUNTERFEIT: _TRADE_SANCTIONS,
    ViolationCategory.UNKNOWN_ORIGIN: _TRADE_SANCTIONS,
    ViolationCategory.NO_CONFORMITY: _CONFORMITY_SANCTIONS,
    # Not _l(""): gettext of an empty string returns the catalogue's header.
    ViolationCategory.OTHER: "",
}
