"""Query-string parsing for long lists: search text, enum filters, dates and page, never a 500 on bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app, request

from traceapp.extensions import db
from traceapp.text import fold
from traceapp.web.storable import parse_date

# Far past any list's end, and (times a page's length) far inside what an OFFSET takes.
MAX_PAGE = 1_000_000


@dataclass
class ListArgs:
    q: str = ""
    page: int = 1
    filters: dict[str, str] = field(default_factory=dict)

    def like(self, text: str | None = None) -> str:
        """The search text (or ``text``) as a LIKE pattern, with the user's % and _ taken literally."""
        raw = self.q if text is None else text
        escaped = raw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    def folded_like(self) -> str:
        """A pattern for ``search_key`` columns: no accents, lower case."""
        return self.like(fold(self.q))


def page_number(raw: str | None) -> int:
    """``?page=``: a whole number from 1; anything else (``0``, ``-3``, ``x``, ``²``) is the first page. A page past
    the last is an empty page, as far as :data:`MAX_PAGE`: a larger number (twenty digits, or five thousand, which
    ``int()`` itself refuses) is that page, so the offset stays within what the database takes."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    digits = text.lstrip("0") or "0"
    number = MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else int(digits)
    return min(max(number, 1), MAX_PAGE)


def query_date(name: str) -> date | None:
    """A day from the query string (``?from=2026-01-01``) the app can reckon with; otherwise ``None``, ignored
    like an unknown filter (``?to=9999-12-31`` would overflow the day after it)."""
    return parse_date(request.args.get(name))


def parse_list_args(**enums) -> ListArgs:
    """``parse_list_args(status=BusinessStatus)``: unknown filter values are ignored, not an error."""
    q = request.args.get("q", "", type=str).strip()[:100]
    filters = {}
    for name, enum_cls in enums.items():
        value = request.args.get(name, "")
        if value in enum_cls._value2member_map_:
            filters[name] = enum_cls(value)
    return ListArgs(q=q, page=page_number(request.args.get("page")), filters=filters)


def paginate(statement, args: ListArgs):
    return db.paginate(statement, page=args.page, per_page=current_app.config["PER_PAGE"], error_out=False, count=True)
