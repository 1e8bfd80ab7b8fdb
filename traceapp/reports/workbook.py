"""The period's XLSX workbook for officers: a summary sheet with the plan's figures beside the previous period,
then one sheet per record type with frozen headers, filters, real dates and VND formatted.

XlsxWriter in constant-memory mode: rows go to disk as they are written, and number formats are set per column
rather than per cell, so a year of 100,000 inspections is written at the library's full speed (openpyxl took
five times as long; see docs/benchmarks.md).
"""

from __future__ import annotations

import io
import re

import xlsxwriter
from flask_babel import gettext as _

from traceapp.reports import columns, records, rows
from traceapp.reports.figures import Figures
from traceapp.reports.periods import Period
from traceapp.web.formatting import format_date

UNIT_FORMATS = {rows.VND: columns.VND_FORMAT, rows.SHARE: "0.0%", rows.DAYS: "0.0", rows.COUNT: "#,##0"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return _BAD_SHEET_CHARS.sub(" ", text)[:31]


class _Formats:
    """Formats are workbook-wide objects in XlsxWriter: made once, shared by every sheet."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#DDE7F0", "text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.bold, self.italic = book.add_format({"bold": True}), book.add_format({"italic": True})
        self._numbers: dict[str, object] = {}

    def number(self, pattern: str):
        if pattern not in self._numbers:
            self._numbers[pattern] = self.book.add_format({"num_format": pattern})
        return self._numbers[pattern]


def _summary(book: xlsxwriter.Workbook, formats: _Formats, period: Period, now: Figures, before: Figures) -> None:
    sheet = book.add_worksheet(sheet_title(_("Summary")))
    sheet.set_column(0, 0, 70)
    sheet.set_column(1, 2, 16)
    sheet.write(0, 0, _("Results of the plan on standards, metrology and quality"), formats.title)
    previous = period.previous()
    sheet.write(
        1,
        0,
        _(
            "Period: %(start)s – %(end)s; previous period: %(pstart)s – %(pend)s.",
            start=format_date(period.start),
            end=format_date(period.end),
            pstart=format_date(previous.start),
            pend=format_date(previous.end),
        ),
    )
    sheet.write_row(2, 0, [_("Figure"), _("This period"), _("Previous period")], formats.header)
    sheet.freeze_panes(3, 0)
    row = 3
    for section in rows.sections(now, before, links=False):
        sheet.write(row, 0, section.title, formats.bold)
        row += 1
        for line in section.lines:
            label = ("    " * line.level) + line.label
            if line.unit == rows.HEADING:
                sheet.write(row, 0, label, formats.italic)
            else:
                sheet.write(row, 0, label)
                number = formats.number(UNIT_FORMATS[line.unit])
                for column, value in ((1, line.now), (2, line.before)):
                    if value is not None:
                        sheet.write_number(row, column, value, number)
            row += 1


def _records(book: xlsxwriter.Workbook, formats: _Formats, name: str, days: records.Range) -> int:
    """One sheet of a record type; how many rows it holds (the header not counted)."""
    sheet = book.add_worksheet(sheet_title(str(columns.SHEET_TITLES[name])))
    fields, convert, written = None, [], 0  # convert: (column, converter) where a value needs one
    for row in records.stream(records.RECORD_TYPES[name], days):
        if fields is None:
            fields = list(row)
            convert = [(index, fn) for index, field in enumerate(fields) if (fn := columns.converter(field))]
            for index, field in enumerate(fields):
                pattern = columns.column_format(field)
                sheet.set_column(
                    index, index, 12 if field.endswith("id") else 22, formats.number(pattern) if pattern else None
                )
            sheet.write_row(0, 0, [columns.label(name, field) for field in fields], formats.header)
            sheet.freeze_panes(1, 0)
        written += 1
        values = list(row.values())
        for index, to_cell in convert:
            if values[index] is not None:
                values[index] = to_cell(values[index])
        sheet.write_row(written, 0, values)
    if fields is None:
        sheet.write(0, 0, _("No records in this period."))
    else:
        sheet.autofilter(0, 0, written, len(fields) - 1)
    return written


def workbook(period: Period, now: Figures, before: Figures) -> bytes:
    """The workbook of ``period`` (``now`` and ``before`` are ``figures.compute`` of it and the previous one)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    formats = _Formats(book)
    _summary(book, formats, period, now, before)
    for name in records.EXPORTED:
        _records(book, formats, name, (period.start, period.end))
    book.close()
    return out.getvalue()
