"""Folding Vietnamese text for search: "Nước Mắm Đức Phổ" and "nuoc mam duc pho" find each other."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, without diacritics (đ becomes d), single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip().lower()
