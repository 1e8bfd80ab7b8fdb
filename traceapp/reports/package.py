"""The period's data for machines: the JSON data package for the provincial TĐC database, and a CSV per record
type. Both carry the record rows as the API does (English field names, codes, ISO dates, UTC times).

The package follows ``docs/schema/tdc-package-1.2.json`` (documented in ``docs/data-package.md``); a change to
its shape is a new ``SCHEMA_VERSION``. It carries the audit trail's head when it was made (``audit_head``), so the
province can later have the ward prove nothing was cut off the trail since (``flask audit verify --head``). Both
are produced a chunk of rows at a time so a year streams out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from flask import current_app

from traceapp.audit import head as audit_head
from traceapp.clock import utcnow
from traceapp.extensions import db
from traceapp.formula_guard import csv_text
from traceapp.reports import records
from traceapp.reports.figures import Figures
from traceapp.reports.periods import Period

SCHEMA_VERSION = "1.2"
SCHEMA_ID = f"urn:traceapp:tdc-package:{SCHEMA_VERSION}"  # the schema file's $id


def dumps(value) -> str:
    return json.dumps(records.jsonable(value), ensure_ascii=False, separators=(",", ":"))


def header(period: Period, figures: Figures) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "ward": current_app.config["WARD_NAME"],
        "province": current_app.config["PROVINCE_NAME"],
        "period": {"kind": period.kind.value, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "generated_at": records.jsonable(utcnow()),
        "audit_head": audit_head.current(db.session()).as_dict(),
        "figures": figures.as_dict(),
    }


def package_chunks(period: Period, figures: Figures) -> Iterator[str]:
    """The package as JSON text, in pieces: the header, then ``"records"`` with each type's rows in id order."""
    head = dumps(header(period, figures))
    yield head[:-1] + ',"records":{'
    days = (period.start, period.end)
    for index, name in enumerate(records.EXPORTED):
        yield ("," if index else "") + json.dumps(name) + ":["
        for number, row in enumerate(records.stream(records.RECORD_TYPES[name], days)):
            yield ("," if number else "") + dumps(row)
        yield "]"
    yield "}}"


def _csv_value(value) -> str:
    value = records.jsonable(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(csv_text(value))


def csv_chunks(name: str, period: Period) -> Iterator[str]:
    """One record type as CSV: a BOM (so Excel reads the Vietnamese as UTF-8), the field names, a line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff"
    fields = None
    for row in records.stream(records.RECORD_TYPES[name], (period.start, period.end)):
        if fields is None:
            fields = list(row)
            writer.writerow(fields)
        writer.writerow([_csv_value(row[field]) for field in fields])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if fields is None:  # no rows: still name the columns, from an empty row of the type
        writer.writerow(records.RECORD_TYPES[name].fields)
    yield buffer.getvalue()
