"""The Word report to the province, "Báo cáo kết quả thực hiện Kế hoạch", in the layout of Decree 30/2020/NĐ-CP.

A4 with margins of 20 mm top and bottom, 30 mm left and 15 mm right; Times New Roman 13 pt, set on the Normal
style for Latin and East Asian text alike (without ``w:eastAsia`` Word may pick another font for Vietnamese);
the page number centred in the top margin from page 2 on (a PAGE field; page 1 has an empty header of its own);
the two-column header (the issuing body in full and the number; national name, motto, place and date), the
title with the report's summary under it (a báo cáo has no "V/v" line: that belongs to letters), the body
under the plan's headings with the figures in sentences and tables, the departments' inputs, the recipients
and the signature block. Built inside ``force_locale("vi")``: a legal document is in Vietnamese whatever the
reader's language; the officer opens it in Word, checks it and sends it unchanged in form.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from traceapp.clock import local_midnight
from traceapp.documents import issuing_body, place_and_date, place_of_writing
from traceapp.models import (
    BusinessKind,
    Department,
    EventKind,
    InspectionKind,
    PlanReport,
    TechnologyKind,
    ViolationCategory,
)
from traceapp.reports import plan, rows
from traceapp.reports.figures import Figures
from traceapp.reports.metrology_figures import Metrology
from traceapp.web.formatting import format_date

FONT = "Times New Roman"
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_MM = 210 - 30 - 15
BODY_PT, TITLE_PT, SMALL_PT = 13, 14, 12
# What may follow w:pBdr in w:pPr, and w:tblHeader in w:trPr (ECMA-376 order; Word rejects elements out of order).
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


# --- document, styles and small pieces -------------------------------------------------------------------


def _set_fonts(element, name: str) -> None:
    """Every script slot of a run or style's fonts, East Asian included."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _new_document() -> WordDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element, FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    document.core_properties.language = "vi-VN"
    return document


def _paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float | None = None,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _centred(cell, text: str, *, bold: bool = False, italic: bool = False, size: float = BODY_PT, after: float = 0):
    return _paragraph(cell, text, bold=bold, italic=italic, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, after=after)


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """The short line under the issuing body and under the motto: a tiny paragraph's bottom border."""
    paragraph = _paragraph(cell, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    margin = Mm(max((cell_mm - width_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = margin
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _layout_table(document, widths_mm: Sequence[float], rows_count: int = 1):
    table = document.add_table(rows=rows_count, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths_mm)
    return table


def _widths(table, widths_mm: Sequence[float]) -> None:
    """Both the grid (LibreOffice reads it) and every cell (Word reads those)."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _drop_empty_first(cell) -> None:
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


# --- the parts of the document -------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _place_and_date(report: PlanReport) -> str:
    """The day it was sent once recorded, else the day it was locked; dots to fill in by hand while a draft."""
    place = place_of_writing()
    if report.sent_on is not None:
        return place_and_date(place, local_midnight(report.sent_on))
    if report.is_locked and report.locked_at is not None:
        return place_and_date(place, report.locked_at)
    return _("%(place)s, %(day)s/%(month)s/%(year)s", place=place, day="....", month="....", year="........")


def _period_words(report: PlanReport) -> str:
    return _("from %(start)s to %(end)s", start=format_date(report.period_start), end=format_date(report.period_end))


def _page_numbers(document) -> None:
    """Decree 30: the page number in Arabic figures, Times New Roman 13 upright, centred in the top margin, and
    not on page 1. A PAGE field in the default header, and ``w:titlePg`` with an empty first-page header of its
    own, so Word and LibreOffice number the pages themselves however the text flows."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # defines the empty header page 1 shows
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _field(paragraph, "PAGE", size=BODY_PT)


def _field(paragraph, instruction: str, *, size: float) -> None:
    """A field the reader computes (begin, instruction, separate, end), with no stale result cached in it."""
    parts: list[tuple[str, str]] = [("begin", ""), ("", f" {instruction} "), ("separate", ""), ("end", "")]
    for char_type, text in parts:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if char_type:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), char_type)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _header(document, report: PlanReport) -> None:
    """Issuing body (in full, two lines) and number on the left; national name, motto, place and date on the right.
    A báo cáo's summary goes under its title (``_title``), so there is no "V/v" line under the number."""
    left_mm, right_mm = 64, TEXT_MM - 64
    table = _layout_table(document, [left_mm, right_mm])
    left, right = table.rows[0].cells
    for line in issuing_body():
        _centred(left, line, bold=True)
    _rule(left, 22, left_mm)
    number = report.number or "      /BC-UBND"
    _centred(left, _("Number: %(number)s", number=number), after=0)
    _centred(right, _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, size=SMALL_PT)
    _centred(right, _("Independence - Freedom - Happiness"), bold=True)
    _rule(right, 52, right_mm)
    _centred(right, _place_and_date(report), italic=True, after=0)
    for cell in (left, right):
        _drop_empty_first(cell)


def _title(document, report: PlanReport) -> None:
    _paragraph(document, "", after=6)
    _paragraph(document, _("REPORT"), bold=True, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(
        document,
        _(
            "Results of carrying out the Plan on standards, metrology and quality in %(ward)s",
            ward=_lower_first(current_app.config["WARD_NAME"]),
        ),
        bold=True,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _paragraph(document, "(" + _period_words(report) + ")", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def _heading(document, text: str) -> None:
    paragraph = _paragraph(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.keep_with_next = True


def _figure_table(document, section: rows.Section) -> None:
    """Figure | this period | previous period | change; breakdowns indented under their figure."""
    widths = [81, 28, 28, 28]
    table = document.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    heads = (_("Figure"), _("This period"), _("Previous period"), _("Change"))
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        _run(cell.paragraphs[0], text, bold=True, size=SMALL_PT)
    repeat = OxmlElement("w:tblHeader")  # the head row again on each page the table runs over
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(repeat, *_AFTER_TBLHEADER)
    for line in section.lines:
        values = (line.label, line.shown, line.shown_before, line.change)
        for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                paragraph.paragraph_format.left_indent = Mm(4 * line.level)
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text, size=SMALL_PT, bold=line.level == 0 and index == 0, italic=line.unit == rows.HEADING)
    _widths(table, widths)
    _paragraph(document, "", after=2)


def _in_sentence(label: str) -> str:
    """ "Hộ kinh doanh" becomes "hộ kinh doanh" inside a sentence; "HACCP", "VietGAP", "ISO 9001" stay."""
    word = label.split(" ", 1)[0]
    return label[:1].lower() + label[1:] if word[1:] == word[1:].lower() else label


def _listing(parts: Mapping[str, int], labels: dict[str, str]) -> str:
    """ "2 hộ kinh doanh, 1 hợp tác xã": the values with a count, in the enum's order."""
    return ", ".join(f"{rows.number(n)} {_in_sentence(labels[key])}" for key, n in parts.items() if n and key in labels)


def _labels(enum_cls) -> dict[str, str]:
    return {member.value: str(member.label) for member in enum_cls}


def _task4(document, figures: Figures, report: PlanReport) -> None:
    t = figures.task4
    n = rows.number
    kinds = _listing(t.businesses_by_kind, _labels(BusinessKind))
    _paragraph(
        document,
        _(
            "By %(end)s, %(total)s businesses had registered in the ward's traceability register (%(kinds)s), of which "
            "%(verified)s verified by the ward; %(new)s registered during the period.",
            end=format_date(report.period_end),
            total=n(t.businesses_total),
            kinds=kinds or "0",
            verified=n(t.businesses_verified),
            new=n(t.businesses_new),
        ),
        indent=True,
    )
    _paragraph(
        document,
        _(
            "%(products)s products (%(products_new)s new in the period, %(gtin)s with a GS1 barcode) and %(batches)s "
            "batches (%(batches_new)s new) carry a traceability code; %(labels)s QR labels were printed in the period "
            "and consumers scanned the codes %(scans)s times. %(tracing)s businesses apply QR traceability.",
            products=n(t.products_total),
            products_new=n(t.products_new),
            gtin=n(t.products_with_gtin),
            batches=n(t.batches_total),
            batches_new=n(t.batches_new),
            labels=n(t.qr_labels),
            scans=n(t.scans_total),
            tracing=n(t.businesses_with_traceability),
        ),
        indent=True,
    )
    if t.top_products:
        top = "; ".join(
            _(
                "%(product)s (%(business)s): %(scans)s scans",
                product=p.name,
                business=p.business,
                scans=n(p.scans),
            )
            for p in t.top_products[:5]
        )
        _paragraph(document, _("Most scanned products: %(list)s.", list=top), indent=True)


def _task5(document, figures: Figures) -> None:
    t = figures.task5
    n = rows.number
    _paragraph(
        document,
        _(
            "During the period the ward's forces carried out %(total)s inspections (%(kinds)s) at %(places)s "
            "establishments; %(items)s goods were checked, of which %(failed)s did not conform (%(share)s).",
            total=n(t.inspections_total),
            kinds=_listing(t.inspections_by_kind, _labels(InspectionKind)) or "0",
            places=n(t.establishments_inspected),
            items=n(t.items_checked),
            failed=n(t.items_nonconformant),
            share=rows.number(t.nonconformant_share, rows.SHARE),
        ),
        indent=True,
    )
    categories = _listing(t.violations_by_category, _labels(ViolationCategory))
    _paragraph(
        document,
        _(
            "%(violations)s violations were found%(categories)s; fines of %(fines)s VND were decided and goods worth "
            "%(seized)s VND were seized; %(recalls)s products or batches were recalled.",
            violations=n(t.violations_total),
            categories=f" ({categories})" if categories else "",
            fines=n(t.fines_vnd),
            seized=n(t.seized_value_vnd),
            recalls=n(t.recalls),
        ),
        indent=True,
    )
    _metrology_paragraph(document, t.metrology)
    median = t.median_days_to_resolve
    _paragraph(
        document,
        _(
            "%(received)s consumer reports were received and %(resolved)s resolved%(median)s.",
            received=n(t.reports_received),
            resolved=n(t.reports_resolved),
            median=_(", in a median of %(days)s days", days=rows.number(median, rows.DAYS))
            if median is not None
            else "",
        ),
        indent=True,
    )


def _metrology_paragraph(document, m: Metrology | None) -> None:
    """Metrology: the register at the period's end, the checks in it (none in a report locked before 1.2)."""
    if m is None:
        return
    n = rows.number
    _paragraph(
        document,
        _(
            "Metrology: %(registered)s measuring instruments used in trade are registered, %(in_date)s with their "
            "verification in date and %(overdue)s overdue; %(checked)s instruments were checked, of which "
            "%(failed)s failed; %(lots)s prepackaged lots were checked for quantity, of which %(lots_failed)s "
            "failed; %(violations)s violations in measurement were found.",
            registered=n(m.instruments_registered),
            in_date=n(m.instruments_in_date),
            overdue=n(m.instruments_overdue),
            checked=n(m.instruments_checked),
            failed=n(m.instruments_failed),
            lots=n(m.prepackaged_lots_checked),
            lots_failed=n(m.prepackaged_lots_failed),
            violations=n(m.violations),
        ),
        indent=True,
    )


def _task6(document, figures: Figures) -> None:
    t = figures.task6
    n = rows.number
    _paragraph(
        document,
        _(
            "The ward held %(events)s dialogues, forums, conferences and trainings with businesses (%(kinds)s), with "
            "%(participants)s participants; %(attending)s businesses attended.",
            events=n(t.events_total),
            kinds=_listing(t.events_by_kind, _labels(EventKind)) or "0",
            participants=n(t.participants),
            attending=n(t.businesses_attending),
        ),
        indent=True,
    )
    labels = _labels(TechnologyKind)
    technology = ", ".join(
        _("%(technology)s (%(count)s businesses)", technology=_in_sentence(labels[key]), count=rows.number(count))
        for key, count in t.technology.items()
        if count and key in labels
    )
    _paragraph(
        document,
        _(
            "At the end of the period %(qr)s businesses apply QR traceability; technology and management systems "
            "verified by the ward: %(technology)s.",
            qr=n(t.businesses_with_qr),
            technology=technology or _("none yet"),
        ),
        indent=True,
    )


def _inputs(document, report: PlanReport, attribute: str, empty: str) -> None:
    """Each department's text under the heading, in the plan's order of departments."""
    written = 0
    for department in Department:
        item = plan.input_of(report, department)
        text = (getattr(item, attribute) or "").strip() if item else ""
        if not text:
            continue
        written += 1
        paragraph = _paragraph(document, indent=True)
        _run(paragraph, f"- {department.label}: ", bold=True)
        lines = text.splitlines()
        _run(paragraph, lines[0])
        for extra in lines[1:]:
            if extra.strip():
                _paragraph(document, extra.strip(), indent=True)
    if not written:
        _paragraph(document, empty, indent=True)


def _recipients_and_signature(document, report: PlanReport) -> None:
    table = _layout_table(document, [80, TEXT_MM - 80])
    left, right = table.rows[0].cells
    _paragraph(left, _("Recipients:"), bold=True, italic=True, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    for line in (
        _("- Provincial Department of Science and Technology of Quảng Ngãi;"),
        _("- Standing Committee of the Party Committee and People's Council of the ward;"),
        _("- Chairman and Vice-chairmen of the ward People's Committee;"),
        _("- Filed: Clerical office, Culture and Society Office."),
    ):
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _centred(right, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), bold=True)
    if report.signer_title == "vice_chair":
        _centred(right, _("FOR THE CHAIRMAN"), bold=True)
        _centred(right, _("VICE-CHAIRMAN"), bold=True)
    else:
        _centred(right, _("CHAIRMAN"), bold=True)
    for _blank in range(4):
        _centred(right, "")
    _centred(right, report.signer_name, bold=True)
    for cell in (left, right):
        _drop_empty_first(cell)


def _audit_head(document, report: PlanReport) -> None:
    """One small line under the signature of a locked report: the audit trail's head when it was locked, which
    anyone holding the paper can check against the ward's trail (``flask audit verify --head COUNT:HASH``)."""
    head = plan.audit_head_of(report)
    if head is not None:
        text = _("Audit trail seal at locking: %(count)s entries, hash %(hash)s", count=head.count, hash=head.grouped)
        _paragraph(document, text, italic=True, size=9, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)


def plan_report_docx(report: PlanReport, figures: Figures, previous: Figures) -> bytes:
    """The DOCX of ``report`` with ``figures`` (locked ones once locked) beside the ``previous`` period's."""
    with force_locale("vi"):
        document = _new_document()
        _page_numbers(document)
        _header(document, report)
        _title(document, report)
        ward = _lower_first(current_app.config["WARD_NAME"])
        _paragraph(
            document,
            _(
                "Carrying out the Plan of the People's Committee on standards, metrology and quality, the People's "
                "Committee of %(ward)s reports the results %(period)s as follows:",
                ward=ward,
                period=_period_words(report),
            ),
            indent=True,
        )
        sections = {section.key: section for section in rows.sections(figures, previous, links=False)}
        _heading(document, _("I. RESULTS"))
        _heading(document, _("1. Task 4: building the data and digitising (registration, QR codes, traceability)"))
        _task4(document, figures, report)
        _figure_table(document, sections["task4"])
        _heading(document, _("2. Task 5: inspection and supervision of goods quality, measurement and labels"))
        _task5(document, figures)
        _figure_table(document, sections["task5"])
        _heading(document, _("3. Task 6: cooperation with businesses; standards and technology"))
        _task6(document, figures)
        _figure_table(document, sections["task6"])
        _heading(document, _("4. Results reported by the departments"))
        _inputs(document, report, "progress", _("No department has reported progress."))
        _heading(document, _("II. DIFFICULTIES AND OBSTACLES"))
        _inputs(document, report, "difficulties", _("None."))
        _heading(document, _("III. PROPOSALS AND RECOMMENDATIONS"))
        _inputs(document, report, "proposals", _("None."))
        _paragraph(
            document,
            _(
                "Above is the report on the results of carrying out the Plan of the People's Committee of %(ward)s./.",
                ward=ward,
            ),
            indent=True,
            after=12,
        )
        _recipients_and_signature(document, report)
        _audit_head(document, report)
        document.core_properties.title = _("Report on the results of carrying out the Plan")
        document.core_properties.author = " ".join(issuing_body())
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
