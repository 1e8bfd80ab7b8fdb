"""The instrument list as an XLSX workbook for the verification organisation: one row per instrument with its
owner, place, identification, Max and e, and its verification, due date and state, as real numbers and dates.

openpyxl (already a dependency): a ward's list is hundreds of rows, not the plan report's hundred thousand, so
the simpler library is enough. Every text people typed goes through ``formula_guard.keep_as_text``, so a stall
called ``=HYPERLINK(…)`` stays text when the organisation opens the file.
"""

from __future__ import annotations

import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from traceapp.formula_guard import keep_as_text
from traceapp.instruments.kinds import unit_label
from traceapp.instruments.verdict import due_state
from traceapp.models import MeasuringInstrument

DATE_FORMAT = "DD/MM/YYYY"
NUMBER_FORMAT = "#,##0.######"


def _headers() -> list[str]:
    return [
        _("Code"),
        _("Business"),
        _("Business address"),
        _("Kind of instrument"),
        _("Market or shop"),
        _("Stall number"),
        _("Address"),
        _("Manufacturer"),
        _("Model"),
        _("Serial number"),
        _("Accuracy class"),
        _("Max"),
        _("e"),
        _("Unit"),
        _("Verification certificate number"),
        _("Verification stamp number"),
        _("Verified by"),
        _("Verified on"),
        _("Valid until"),
        _("Verification state"),
        _("Reference scale"),
        _("Status in the register"),
    ]


def _row(instrument: MeasuringInstrument, today: date) -> list:
    business = instrument.business
    return [
        instrument.public_code,
        business.name,
        business.address,
        str(instrument.kind.label),
        instrument.place_name,
        instrument.stall,
        instrument.address,
        instrument.manufacturer,
        instrument.model,
        instrument.serial_number,
        instrument.accuracy_class,
        instrument.max_capacity,
        instrument.scale_interval,
        unit_label(instrument.unit),
        instrument.certificate_number,
        instrument.stamp_number,
        instrument.verified_by,
        instrument.verified_on,
        instrument.due_on,
        str(due_state(instrument.due_on, today).label),
        _("yes") if instrument.is_reference_scale else "",
        str(instrument.status.label),
    ]


DATE_COLUMNS = (18, 19)  # 1-based: verified on, valid until
NUMBER_COLUMNS = (12, 13)  # Max, e


def workbook_bytes(instruments: list[MeasuringInstrument], today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Instruments")[:31]
    headers = _headers()
    sheet.append(headers)
    for instrument in instruments:
        sheet.append(_row(instrument, today))
    for cells in sheet.iter_rows(min_row=2):
        keep_as_text(cells)
        for cell in cells:
            if cell.column in DATE_COLUMNS and cell.value is not None:
                cell.number_format = DATE_FORMAT
            elif cell.column in NUMBER_COLUMNS and cell.value is not None:
                cell.number_format = NUMBER_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) + 4))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
