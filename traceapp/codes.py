"""Public codes printed under each QR: short, random, unambiguous (Crockford base32), easy to type."""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_TYPO_MAP = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CODE_RE = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str:
    """Upper-case, drop spaces and dashes, and read I/L as 1 and O as 0 the way Crockford intends."""
    return re.sub(r"[\s\-.]", "", raw or "").upper().translate(_TYPO_MAP)


def is_well_formed(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def display(code: str) -> str:
    """``ABCD2345`` is printed as ``ABCD-2345``: two groups are easier to read aloud and type."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code
