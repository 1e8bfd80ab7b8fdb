"""A4 sheets of QR labels, drawn as vectors with reportlab so the codes stay sharp on any printer.

Each label is a rectangle twice as wide as it is tall: the QR square on the left (with its quiet zone),
the product, the business, the printed code and the call to scan on the right. ``size_mm`` is the
label's height, i.e. the side of the QR square, which is what a sticker sheet is chosen by.

Every label of a sheet is the same, so it is drawn once, as a PDF form (XObject), and placed on the page as
many times as asked: a sheet of 1,000 labels takes a fraction of a second and its PDF stays small.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from traceapp import fonts
from traceapp.errors import DomainError
from traceapp.fonts import BOLD, REGULAR
from traceapp.labels import images, symbols

SIZES_MM = (20, 25, 30, 40, 50)
MAX_LABELS = 1000
# The smallest printed module (one square of the QR code), in mm: GS1 General Specifications §5.12.3.1 allow
# 0.396 mm to 0.990 mm for a GS1 Digital Link QR code that consumers and tills scan. Below it, a phone held
# close has too few camera pixels a module, and an office laser or thermal printer smears the squares.
MIN_MODULE_MM = 0.396
_PAGE_W, _PAGE_H = A4
_FORM = "label"


class LayoutError(DomainError, ValueError):
    """The chosen size, margins and gap leave no room for a single label on an A4 page, or the QR code's
    modules would print smaller than :data:`MIN_MODULE_MM`."""


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


def module_mm(modules: symbols.Matrix, size_mm: float) -> float:
    """The printed side of one module on a label ``size_mm`` high (the square holds the quiet zone too)."""
    return size_mm / len(modules)


def smallest_size_mm(modules: symbols.Matrix) -> int | None:
    """The smallest label size whose modules are at least :data:`MIN_MODULE_MM`, or None if none is."""
    return next((size for size in SIZES_MM if module_mm(modules, size) >= MIN_MODULE_MM - 1e-9), None)


def check_module_size(modules: symbols.Matrix, size_mm: float) -> None:
    """Refuse a size whose modules would print below :data:`MIN_MODULE_MM`, naming the size that works."""
    if module_mm(modules, size_mm) >= MIN_MODULE_MM - 1e-9:
        return
    smallest = smallest_size_mm(modules)
    if smallest is None:
        message = _l(
            "This QR code has %(modules)s × %(modules)s squares: too many for any label size here. Shorten the "
            "lot code or the public address of the site.",
            modules=len(modules) - 2 * symbols.QUIET_ZONE,
        )
    else:
        message = _l(
            "On a %(size)s mm label the squares of this QR code would be %(side)s mm wide, smaller than the "
            "%(min)s mm phones need. Choose %(smallest)s mm or larger.",
            size=format_decimal(size_mm),
            side=format_decimal(round(module_mm(modules, size_mm), 2)),
            min=format_decimal(MIN_MODULE_MM),
            smallest=smallest,
        )
    raise LayoutError(message, field="size")


def _draw_qr(canvas: Canvas, modules: symbols.Matrix, x: float, y: float, side: float) -> None:
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


def draw_label(canvas: Canvas, label: LabelText, modules: symbols.Matrix, layout: Layout, x: float, y: float) -> None:
    """One label with its bottom-left corner at ``(x, y)``: cutting line, QR square, text."""
    fonts.register()
    if layout.cut_lines:
        canvas.setStrokeGray(0.8)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, layout.label_w, layout.label_h, stroke=1, fill=0)
    canvas.setFillGray(0)
    _draw_qr(canvas, modules, x, y, layout.label_h)
    pad = min(1.5 * mm, layout.label_h * 0.06)
    _draw_text(
        canvas, label, x + layout.label_h, y + pad, layout.label_w - layout.label_h - pad, layout.label_h - 2 * pad
    )


def render_sheet(label: LabelText, layout: Layout, *, title: str = "") -> bytes:
    """The PDF bytes of ``layout.count`` copies of ``label``: drawn once as a form, placed on every slot."""
    modules = symbols.matrix(label.url)
    check_module_size(modules, layout.size_mm)
    positions = list(layout.positions())
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title or label.product)
    canvas.setCreator("traceapp")
    # The form's box leaves room for the half of the cutting line's width that falls outside the label.
    canvas.beginForm(_FORM, lowerx=-1, lowery=-1, upperx=layout.label_w + 1, uppery=layout.label_h + 1)
    draw_label(canvas, label, modules, layout, 0, 0)
    canvas.endForm()
    current_page = 0
    for page, x, y in positions:
        if page != current_page:
            canvas.showPage()
            current_page = page
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(_FORM)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
