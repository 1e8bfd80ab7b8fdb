"""The administrative layout of a printed record (biên bản), after the conventions of Decree 30/2020/NĐ-CP.

A4 with 20 mm top and bottom, 30 mm left (for binding) and 15 mm right margins; a two-column header with
the issuing body and the record number on the left, the national name and motto on the right; signature
blocks side by side at the end. The pieces are content-free so both records (inspection, violation) share
them; the caller renders inside ``force_locale("vi")`` because a record is a legal document in Vietnamese.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from traceapp.clock import to_local
from traceapp.fonts import BOLD, FONT_DIR, REGULAR

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
WIDTH = PAGE_W - LEFT - RIGHT
PHOTOS_PER_ROW = 3
_GRID = colors.Color(0.35, 0.35, 0.35)


def _style(name: str, size: float = 11, *, font: str = REGULAR, align=TA_JUSTIFY, before=0, after=3, **kw):
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=size * 1.32,
        alignment=align,
        spaceBefore=before,
        spaceAfter=after,
        **kw,
    )


STYLES = {
    "body": _style("body"),
    "head": _style("head", align=TA_CENTER, after=0),
    "motto": _style("motto", 11.5, font=BOLD, align=TA_CENTER, after=0),
    "title": _style("title", 14, font=BOLD, align=TA_CENTER, before=14, after=2),
    "subtitle": _style("subtitle", 11.5, font=BOLD, align=TA_CENTER, after=10),
    "section": _style("section", font=BOLD, align=TA_LEFT, before=7, after=3, keepWithNext=1),
    "cell": _style("cell", 9.5, align=TA_LEFT, after=0),
    "cell_head": _style("cell_head", 9.5, font=BOLD, align=TA_CENTER, after=0),
    "caption": _style("caption", 8.5, align=TA_CENTER, after=0),
    "sign": _style("sign", font=BOLD, align=TA_CENTER, after=0),
    "sign_hint": _style("sign_hint", 10, align=TA_CENTER, after=0),
    "draft": _style("draft", 10, font=BOLD, align=TA_CENTER, after=4, textColor=colors.red),
}


def register_fonts() -> None:
    """DejaVu (vendored) covers Vietnamese; the family mapping lets ``<b>`` in a paragraph pick the bold face."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    # No oblique face is shipped: italic falls back to upright rather than failing.
    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def esc(text: object) -> str:
    """User text inside paragraph markup: ``<`` and ``&`` escaped, line breaks kept."""
    return escape(str(text or "")).replace("\n", "<br/>")


def clock(value: datetime) -> str:
    """The time of day first, as records state it: 09 giờ 30 phút ngày 24/11/2026."""
    value = to_local(value)
    return _(
        "%(hour)s h %(minute)s on %(date)s",
        hour=f"{value.hour:02d}",
        minute=f"{value.minute:02d}",
        date=value.strftime("%d/%m/%Y"),
    )


def vnd(amount: int | None) -> str:
    return "" if amount is None else _("%(amount)s VND", amount=f"{int(amount):,}".replace(",", "."))


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, STYLES[style])


def line(label: str, value: object) -> Paragraph:
    """A "label: value" line of the record; the value is user text and is escaped."""
    return para(f"{esc(label)}: {esc(value)}")


def header(issuer: str, agency: str, number: str, place_date: str) -> Table:
    """Issuing body, agency and number on the left; national name, motto and place-date on the right."""
    motto = _("Independence - Freedom - Happiness")
    left = [
        para(esc(issuer), "head"),
        para(f"<b>{esc(agency)}</b>", "head"),
        HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=2, spaceAfter=0),
    ]
    right = [
        para(esc(_("SOCIALIST REPUBLIC OF VIET NAM")), "motto"),
        para(esc(motto), "motto"),
        HRFlowable(
            width=pdfmetrics.stringWidth(motto, BOLD, 11.5),
            thickness=0.6,
            color=colors.black,
            spaceBefore=1,
            spaceAfter=0,
        ),
    ]
    rows = [[left, right], [para(esc(number), "head"), para(esc(place_date), "head")]]
    table = Table(rows, colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def grid(head: list[str], rows: list[list[str]], widths_mm: list[float]) -> Table:
    """A ruled table; cells are user text (escaped here), the head row repeats on a new page."""
    data = [[para(esc(text), "cell_head") for text in head]]
    data += [[para(esc(text), "cell") for text in row] for row in rows]
    scale = WIDTH / (sum(widths_mm) * mm)
    table = Table(data, colWidths=[w * mm * scale for w in widths_mm], repeatRows=1, spaceBefore=2, spaceAfter=5)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _photo(path: str, caption: str, width: float, height: float) -> list:
    try:
        iw, ih = ImageReader(path).getSize()
    except OSError:  # missing or unreadable: the caption still says a photo was taken
        return [para(esc(_("(photo file missing)")), "caption"), para(esc(caption), "caption")]
    scale = min(width / iw, height / ih)
    return [Image(path, iw * scale, ih * scale), Spacer(1, 1.5 * mm), para(esc(caption), "caption")]


def photo_grid(photos: list[tuple[str, str]]) -> Table:
    """``(path, caption)`` pairs, a few to a row, each scaled to fit its cell without distortion."""
    cell_w = WIDTH / PHOTOS_PER_ROW
    cells: list[Any] = [_photo(path, caption, cell_w - 4 * mm, 48 * mm) for path, caption in photos]
    rows = [cells[i : i + PHOTOS_PER_ROW] for i in range(0, len(cells), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    table = Table(rows, colWidths=[cell_w] * PHOTOS_PER_ROW)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def photo_path(upload_folder: str, file_name: str) -> str:
    return os.path.join(upload_folder, "inspections", os.path.basename(file_name))


SIGN_SPACE = 24 * mm  # the room left for a signature by hand, and the box a drawn one is scaled into
SIGN_BOX_W = 62 * mm


def signature_image(png: bytes, width: float = SIGN_BOX_W, height: float = SIGN_SPACE) -> Image:
    """A signature drawn on the screen, scaled to fit its block with its aspect kept."""
    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    scale = min(width / iw, height / ih)
    return Image(io.BytesIO(png), iw * scale, ih * scale)


def signatures(
    closing: str,
    left: list[str],
    right: list[str],
    right_name: str,
    *,
    left_name: str = "",
    marks: tuple[list | None, list | None] = (None, None),
    refusal: str = "",
    more: list[tuple[list[str], str, list | None]] | None = None,
) -> KeepTogether:
    """The closing sentence, the line for a refusal to sign, and the signature blocks, kept on one page.

    ``marks`` fill the left and right blocks' space (a drawn signature, or a refusal); a block without one keeps
    the blank space for signing on paper. ``refusal`` is the reason written on the refusal line (dots when none);
    ``more`` adds blocks (titles, name, mark) two to a row below, one for each other member of the team."""
    hint = _("(Sign and write the full name)")

    def space(mark: list) -> Table:
        """The mark centred in the room a hand signature would have, so the names below stay in line."""
        box = Table([[mark]], colWidths=[WIDTH / 2 - 12], minRowHeights=[SIGN_SPACE])
        box.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return box

    def block(titles: list[str], name: str, mark: list | None) -> list:
        return [
            *(para(esc(t), "sign") for t in titles),
            para(esc(hint), "sign_hint"),
            space(mark) if mark else Spacer(1, SIGN_SPACE),
            para(f"<b>{esc(name)}</b>", "sign_hint"),
        ]

    rows: list[list[Any]] = [[block(left, left_name, marks[0]), block(right, right_name, marks[1])]]
    extra: list[Any] = [block(titles, name, mark) for titles, name, mark in more or []]
    rows += [(extra[i : i + 2] + [""])[:2] for i in range(0, len(extra), 2)]
    table = Table(rows, colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 1), (-1, -1), 5 * mm)]))
    reason = esc(refusal) if refusal else "." * 90
    refusal_line = esc(_("Reason for refusing to sign (if any):")) + " " + reason
    return KeepTogether([para(esc(closing)), para(refusal_line), Spacer(1, 4 * mm), table])


def _numbered_canvas(footer: str, draft: bool):
    """A canvas that holds its pages back until the end, so each footer can say "page x of n"."""

    class RecordCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self.setFont(REGULAR, 8.5)
                self.setFillGray(0.3)
                self.drawString(LEFT, 11 * mm, footer)
                self.drawRightString(PAGE_W - RIGHT, 11 * mm, _("Page %(page)d of %(pages)d", page=number, pages=total))
                if draft:
                    self.setFont(BOLD, 9)
                    self.setFillColor(colors.red)
                    self.drawCentredString(
                        LEFT + WIDTH / 2, PAGE_H - 11 * mm, _("DRAFT — not submitted, of no legal effect")
                    )
                super().showPage()
            super().save()

    return RecordCanvas


def _watermark(canvas: Canvas, _doc) -> None:
    """Drawn before the page's content, so the text stays readable over it."""
    canvas.saveState()
    canvas.setFont(BOLD, 96)
    canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.12))
    canvas.translate(PAGE_W / 2, PAGE_H / 2)
    canvas.rotate(50)
    canvas.drawCentredString(0, -30, _("DRAFT"))
    canvas.restoreState()


def build(story: list, *, title: str, author: str, footer: str, draft: bool) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        creator="traceapp",
        lang="vi",
    )
    on_page = _watermark if draft else (lambda canvas, doc: None)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_numbered_canvas(footer, draft))
    return buffer.getvalue()
