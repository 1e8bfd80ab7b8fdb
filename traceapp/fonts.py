"""The TrueType fonts every PDF embeds (label sheets, inspection and violation records).

DejaVu Sans Condensed covers every Vietnamese letter with its tone marks; reportlab's built-in fonts do not.
It lives at the bottom of the house so that the features that draw PDFs do not import one another for it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "static" / "fonts"
REGULAR, BOLD = "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"


def register() -> None:
    """Register both faces with reportlab once per process (registering is global to reportlab)."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
