"""Text people typed (a business's name, an outside supplier, a document number) must never run as a formula
when an officer opens a download in a spreadsheet (CSV or formula injection)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """For a CSV cell: text that would start a formula gets a leading apostrophe, which spreadsheets show as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def keep_as_text(cells) -> None:
    """For openpyxl cells just written: a string openpyxl took for a formula is stored as the string it is."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"
