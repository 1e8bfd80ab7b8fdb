"""A4 sheets of QR labels, drawn as vectors with reportlab so the codes stay sharp on any printer.

Each label is a rectangle twice as wide as it is tall: the QR square on the left (with its quiet zone),
the product, the business, the printed code and the call to scan on the right. ``size_mm`` is the
label's height, i.e. the side of the QR square, which is what a sticker sheet is chosen by.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from traceapp import fonts
from traceapp.errors import DomainError
from traceapp.fonts import BOLD, REGULAR
from traceapp.labels import images

SIZES_MM = (25, 30, 40, 50)
MAX_LABELS = 1000
_PAGE_W, _PAGE_H = A4


class LayoutError(DomainError, ValueError):
    """The chosen size, margins and gap leave no room for a single label on an A4 page."""


@dataclass(frozen=True)
class LabelText:
    """What is printed beside the QR; ``details`` are short extra lines (lot, expiry)."""

    url: str
    product: str
    business: str
    code: str
    call_to_scan: str
    details: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Layout:
    size_mm: float
    count: int
    margin_mm: float = 10.0
    gap_mm: float = 2.0
    cut_lines: bool = True

    @property
    def label_w(self) -> float:
        return 2 * self.size_mm * mm

    @property
    def label_h(self) -> float:
        return self.size_mm * mm

    def _fit(self, page: float, cell: float) -> int:
        usable = page - 2 * self.margin_mm * mm
        return max(0, math.floor((usable + self.gap_mm * mm) / (cell + self.gap_mm * mm) + 1e-9))

    @property
    def columns(self) -> int:
        return self._fit(_PAGE_W, self.label_w)

    @property
    def rows(self) -> int:
        return self._fit(_PAGE_H, self.label_h)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def pages(self) -> int:
        return math.ceil(self.count / self.per_page) if self.per_page else 0

    def positions(self) -> Iterator[tuple[int, float, float]]:
        """Page index and bottom-left corner of each label, filling rows from the top left."""
        if not self.per_page:
            raise LayoutError(_l("No label fits on an A4 page with this size, margin and gap."))
        left = self.margin_mm * mm
        top = _PAGE_H - self.margin_mm * mm
        step_x, step_y = self.label_w + self.gap_mm * mm, self.label_h + self.gap_mm * mm
        for index in range(self.count):
            page, slot = divmod(index, self.per_page)
            row, column = divmod(slot, self.columns)
            yield page, left + column * step_x, top - row * step_y - self.label_h


def _draw_qr(canvas: Canvas, modules: images.Matrix, x: float, y: float, side: float) -> None:
    """Dark modules (quiet zone included in ``modules``) as one path of horizontal runs."""
    unit = side / len(modules)
    path = canvas.beginPath()
    for row, start, length in images.dark_runs(modules):
        path.rect(x + start * unit, y + side - (row + 1) * unit, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)


def _lines(text: str, font: str, size: float, width: float, limit: int) -> list[str]:
    lines = simpleSplit(text, font, size, width) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _draw_text(canvas: Canvas, label: LabelText, x: float, y: float, width: float, height: float) -> None:
    """Text block right of the QR, shrunk in proportion to the label so a 25 mm label stays legible."""
    body = height / mm * 0.24  # 6 pt on a 25 mm label, 12 pt on a 50 mm one
    leading = body * 1.2
    blocks = [
        (BOLD, body, _lines(label.product, BOLD, body, width, 2)),
        (REGULAR, body * 0.85, _lines(label.business, REGULAR, body * 0.85, width, 2)),
        *((REGULAR, body * 0.85, _lines(detail, REGULAR, body * 0.85, width, 1)) for detail in label.details),
        (BOLD, body * 1.05, [label.code]),
        (REGULAR, body * 0.8, _lines(label.call_to_scan, REGULAR, body * 0.8, width, 2)),
    ]
    cursor = y + height - leading
    for font, size, lines in blocks:
        canvas.setFont(font, size)
        for line in lines:
            if cursor < y:
                return
            canvas.drawString(x, cursor, line)
            cursor -= size * 1.2


def render_sheet(label: LabelText, layout: Layout, *, title: str = "") -> bytes:
    """The PDF bytes of ``layout.count`` copies of ``label``."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title or label.product)
    canvas.setCreator("traceapp")
    modules = images.matrix(label.url)
    pad = min(1.5 * mm, layout.label_h * 0.06)
    current_page = 0
    for page, x, y in layout.positions():
        if page != current_page:
            canvas.showPage()
            current_page = page
        if layout.cut_lines:
            canvas.setStrokeGray(0.8)
            canvas.setLineWidth(0.3)
            canvas.rect(x, y, layout.label_w, layout.label_h, stroke=1, fill=0)
        canvas.setFillGray(0)
        _draw_qr(canvas, modules, x, y, layout.label_h)
        _draw_text(
            canvas, label, x + layout.label_h, y + pad, layout.label_w - layout.label_h - pad, layout.label_h - 2 * pad
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
