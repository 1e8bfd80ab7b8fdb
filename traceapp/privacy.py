"""Personal data in text a consumer typed, masked before the text leaves the ward (data package, CSVs, workbook,
the province's API). Staff pages keep the full text: they need it to follow a report up.

``mask_personal_data`` replaces, with fixed markers a machine can recognise (not translated: the data package
reads the same whoever downloads it):

- e-mail addresses → ``[email]``;
- Vietnamese phone numbers → ``[số điện thoại]``: 10 or 11 digits starting with 0 (mobile 09x/03x/07x/08x/05x,
  landline 02xx, the old 01xx mobiles), or +84 / (+84) / 84 followed by the number without its 0; groups may be
  separated by spaces, dots or dashes (``0912 345 678``, ``0912.345.678``, ``+84 912-345-678``);
- citizen ID numbers (CCCD) → ``[số CCCD]``: 12 digits whose first three are a province code (001–096), written
  whole or in groups of three or four. A GTIN-12 (UPC-A) starting 001–096 looks the same and is masked too:
  a consumer rarely types one, the report names its product by id, and a leak is worse than a lost barcode;
- old ID card numbers (CMND) → ``[số CMND]``: 9 digits, whole or in groups, unless written as an amount
  (``120.000.000``: groups of three after dots or commas, not starting with 0) or followed by a currency unit
  (``120000000 đồng``).

Not masked: product codes and lot numbers joined to letters (``L2026-11``, ``SP123456789``), GTIN-8/13/14,
prices (``120.000 đồng``), dates (``15/11/2026``, ``15.11.2026``), quantities. Names and home addresses cannot be
told apart from other words reliably and are not masked.
"""

from __future__ import annotations

import re

PHONE_MASK, EMAIL_MASK, CCCD_MASK, CMND_MASK = "[số điện thoại]", "[email]", "[số CCCD]", "[số CMND]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Not inside a longer word or number, nor joined to one by a dot, dash or slash (a lot code ``L2026-123456789``).
_START, _END = r"(?<![\w+])(?<!\d[.\-/])", r"(?!\w|[.\-/]\d)"


def _digits(count: str, group: int) -> str:
    """``count`` digits, each group of at least ``group`` digits parted from the one before by a space, a dot or
    a dash (so a phone number followed by a quantity, ``0912345678 2 hộp``, does not swallow it)."""
    return rf"(?:(?:[ .\-](?=\d{{{group}}}))?\d){{{count}}}"


_PHONE_INTERNATIONAL = re.compile(
    rf"(?:\(\+84\)|{_START}\+84)[ .\-]?(?:\(0\)|0)?[ .\-]?[1-9]{_digits('8,9', 2)}{_END}"
    rf"|{_START}84[1-9]\d{{8,9}}{_END}"
)
_CCCD = re.compile(rf"{_START}0\d\d{_digits('9', 3)}{_END}")
_PHONE = re.compile(rf"{_START}0{_digits('9,10', 2)}{_END}")
_CMND = re.compile(
    rf"{_START}\d{_digits('8', 3)}{_END}(?!\s*(?:đồng|đ|₫|vnđ|vnd|k|nghìn|ngàn|triệu|tỷ)(?!\w))", re.IGNORECASE
)
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")


def _cccd(match: re.Match[str]) -> str:
    return CCCD_MASK if 1 <= int(match.group()[:3]) <= 96 else match.group()


def _cmnd(match: re.Match[str]) -> str:
    return match.group() if _AMOUNT.fullmatch(match.group()) else CMND_MASK


def mask_personal_data(text: str | None) -> str | None:
    """``text`` with e-mail addresses, phone numbers and ID card numbers replaced by markers; None stays None."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _PHONE_INTERNATIONAL.sub(PHONE_MASK, text)
    text = _CCCD.sub(_cccd, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _CMND.sub(_cmnd, text)
