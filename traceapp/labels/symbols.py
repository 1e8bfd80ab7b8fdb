"""The QR symbol a label carries: what text it holds and how that text is packed, for the fewest modules.

A label must scan at 2 cm from an ordinary phone, where the whole symbol is 60–90 camera pixels wide: every
module saved makes each one bigger in the photo (issue 12). Three things keep the symbol small:

- **Capitals where the URL allows them.** The scheme and host are written in capitals
  (``HTTPS://TRUYXUAT.EXAMPLE/…``): RFC 3986 makes both case-insensitive, so the phone opens the same server,
  and capitals, digits and ``/ : . - %`` are QR's alphanumeric set, 5.5 bits a character instead of 8. The path
  is case-sensitive and is kept exactly as the resolver reads it: a GS1 Digital Link path is digits, slashes and
  the lot percent-encoded by :func:`traceapp.gs1.build_path`; a lowercase lot letter and the ``q`` of ``/q/`` stay
  lowercase and cost a byte-mode segment.
- **The optimal split into segments.** The text is cut into numeric, alphanumeric and byte segments where the
  switch pays for its header (the dynamic programme of ISO/IEC 18004 Annex J, as in Nayuki's QR generator), not
  python-qrcode's split, which only looks at runs of 20 characters or more.
- **Error correction chosen by measurement** (:data:`ERROR_CORRECTION`): see there and docs/benchmarks.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

# Chosen by measurement (bench/labels.py; the table is in docs/benchmarks.md): simulated phone photos of 20-mm
# labels (blur, tilt, perspective, uneven light, noise, JPEG) decoded with zxing-cpp at 60, 70 and 80 px. At a
# given width in the photo fewer modules win: at 70 px the product's code decodes in 98 % of photos at L
# (25 × 25), 78–88 % at M or Q (29 × 29), 51 % at H (33 × 33); the lot's 73 % at L (29 × 29), 40–56 % at M or Q.
# So the smallest symbol at L, then the strongest level that fits that same size: most failed photos are
# checksum errors, which more error correction would repair, but it is worth having only where it adds no module.
ERROR_CORRECTION = ERROR_CORRECT_L
QUIET_ZONE = 4  # modules of light margin on every side, as ISO/IEC 18004 asks for QR codes

Matrix = list[list[bool]]
Mode = Literal[1, 2, 4]  # python-qrcode's numeric, alphanumeric and byte modes

NUMERIC: Mode = 1  # util.MODE_NUMBER
ALPHANUMERIC: Mode = 2  # util.MODE_ALPHA_NUM
BYTE: Mode = 4  # util.MODE_8BIT_BYTE
_MODES: tuple[Mode, ...] = (NUMERIC, ALPHANUMERIC, BYTE)
_ALPHANUMERIC_SET = frozenset(util.ALPHA_NUM.decode())
# Versions 1–9, 10–26 and 27–40 write the character count of a segment with a different number of bits.
_VERSION_GROUPS = ((9, util.MODE_SIZE_SMALL), (26, util.MODE_SIZE_MEDIUM), (40, util.MODE_SIZE_LARGE))
_STRONGER = {
    ERROR_CORRECT_L: (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M),
    ERROR_CORRECT_M: (ERROR_CORRECT_H, ERROR_CORRECT_Q),
    ERROR_CORRECT_Q: (ERROR_CORRECT_H,),
    ERROR_CORRECT_H: (),
}


def content(url: str) -> str:
    """The text the symbol holds: ``url`` with its scheme and host in capitals (an ASCII host only: a
    non-ASCII one is kept as typed), the rest unchanged."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc or not parts.netloc.isascii():
        return url
    head = len(parts.scheme) + 3 + len(parts.netloc)  # "scheme://netloc"
    return url[:head].upper() + url[head:]


def _char_cost(char: str, mode: Mode) -> int | None:
    """Bits times six for one character in ``mode`` (a numeric digit is 10/3 bits, alphanumeric 11/2), or None
    where the mode cannot hold it."""
    if mode == NUMERIC:
        return 20 if char in "0123456789" else None
    if mode == ALPHANUMERIC:
        return 33 if char in _ALPHANUMERIC_SET else None
    return 48 * len(char.encode())


def segments(text: str, count_bits: Mapping[Literal[1, 2, 4, 8], int] | None = None) -> list[tuple[Mode, str]]:
    """``text`` as ``(mode, part)`` segments of the fewest bits, for the character-count widths ``count_bits``
    (versions 1–9 unless told)."""
    widths = count_bits or util.MODE_SIZE_SMALL
    header = {mode: (4 + widths[mode]) * 6 for mode in _MODES}
    # costs[mode]: the fewest bits (times six) for the text so far with a segment in ``mode`` open at its end.
    costs: dict[Mode, int] = {mode: header[mode] for mode in _MODES}
    # came_from[i][mode]: the mode character i is written in when the segment open after it is ``mode``.
    came_from: list[dict[Mode, Mode]] = []
    for char in text:
        step: dict[Mode, int] = {}
        origin: dict[Mode, Mode] = {}
        for mode in _MODES:
            cost = _char_cost(char, mode)
            if cost is not None:
                step[mode], origin[mode] = costs[mode] + cost, mode
        for to in _MODES:
            for source in list(step):
                switched = math.ceil(step[source] / 6) * 6 + header[to]
                if to not in step or switched < step[to]:
                    step[to], origin[to] = switched, source
        costs = step
        came_from.append(origin)
    mode = min(_MODES, key=lambda m: costs[m])
    modes: list[Mode] = []
    for origin in reversed(came_from):
        mode = origin[mode]
        modes.append(mode)
    modes.reverse()
    result: list[tuple[Mode, str]] = []
    for char, mode in zip(text, modes, strict=True):
        if result and result[-1][0] == mode:
            result[-1] = (mode, result[-1][1] + char)
        else:
            result.append((mode, char))
    return result


def _sized(text: str, level: int) -> qrcode.QRCode:
    """The smallest version at ``level`` holding ``text`` in its optimal segments (the modules not yet drawn)."""
    for top, count_bits in _VERSION_GROUPS:
        code = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
        for mode, part in segments(text, count_bits):
            code.add_data(util.QRData(part.encode(), mode=mode))
        if code.best_fit() <= top:
            return code
    return code  # pragma: no cover - a URL of thousands of characters; best_fit() has raised DataOverflowError


def make(url: str, level: int = ERROR_CORRECTION) -> qrcode.QRCode:
    """The symbol for ``url``: the smallest at ``level``, then the strongest level that fits the same size."""
    text = content(url)
    chosen = _sized(text, level)
    for stronger_level in _STRONGER[level]:
        stronger = _sized(text, stronger_level)
        if stronger.version == chosen.version:
            chosen = stronger
            break
    chosen.make(fit=False)
    return chosen


def matrix(url: str) -> Matrix:
    """The modules row by row, quiet zone included; True is dark."""
    return [[bool(module) for module in row] for row in make(url).get_matrix()]
