"""Vietnamese phone numbers, kept in one national form (0xxxxxxxxx) so either spelling logs in."""

from __future__ import annotations

import re

_VN_MOBILE = re.compile(r"^0\d{9,10}$")


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def is_valid_phone(raw: str) -> bool:
    return bool(_VN_MOBILE.match(normalise_phone(raw)))
