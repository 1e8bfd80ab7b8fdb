"""A batch's whole chain as a sortable spreadsheet, on the model of FDA FSMA 204's 24-hour spreadsheet:
one row per recorded link, with lot code, product, quantity and unit, from, to, date and document."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from traceapp.formula_guard import csv_text, keep_as_text
from traceapp.models import Batch, SupplyLink


def headers() -> list[str]:
    return [
        _("Traceability lot code"),
        _("Product"),
        _("Quantity"),
        _("Unit"),
        _("From (shipper)"),
        _("From address"),
        _("To (receiver)"),
        _("To address"),
        _("Date"),
        _("Reference document"),
        _("Status"),
    ]


def _party_batch(batch: Batch | None) -> tuple[str, str]:
    if batch is None:
        return "", ""
    business = batch.product.business
    return f"{business.name} ({_('lot')} {batch.lot_code})", business.address


def rows(links: list[SupplyLink]) -> list[list]:
    result = []
    for link in links:
        lot = link.upstream_batch or link.downstream_batch
        shipper = (
            _party_batch(link.upstream_batch) if link.upstream_batch else (link.upstream_name, link.upstream_address)
        )
        if link.downstream_batch:
            receiver = _party_batch(link.downstream_batch)
        elif link.downstream_business:
            receiver = (link.downstream_business.name, link.downstream_business.address)
        else:
            receiver = (link.downstream_name, link.downstream_address)
        result.append(
            [
                lot.lot_code if lot else "",
                lot.product.name if lot else "",
                float(link.quantity) if link.quantity is not None else None,
                link.unit,
                *shipper,
                *receiver,
                link.shipped_on,
                link.document_ref,
                str(link.status.label),
            ]
        )
    return result


def to_csv(links: list[SupplyLink]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on a ward office PC reads the Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows(links):
        writer.writerow([value.strftime("%d/%m/%Y") if isinstance(value, date) else csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(links: list[SupplyLink], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers())
    for row in rows(links):
        sheet.append(row)
        keep_as_text(sheet[sheet.max_row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet["I"][1:]:
        cell.number_format = "dd/mm/yyyy"
    for index, width in enumerate((14, 30, 10, 8, 34, 34, 34, 34, 12, 18, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
