"""Query-string parsing for long lists: search text, enum filters and page, never a 500 on bad input."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request

from traceapp.extensions import db
from traceapp.text import fold


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


def parse_list_args(**enums) -> ListArgs:
    """``parse_list_args(status=BusinessStatus)``: unknown filter values are ignored, not an error."""
    q = request.args.get("q", "", type=str).strip()[:100]
    page = request.args.get("page", 1, type=int)
    filters = {}
    for name, enum_cls in enums.items():
        value = request.args.get(name, "")
        if value in enum_cls._value2member_map_:
            filters[name] = enum_cls(value)
    return ListArgs(q=q, page=max(page, 1), filters=filters)


def paginate(statement, args: ListArgs):
    return db.paginate(statement, page=args.page, per_page=current_app.config["PER_PAGE"], error_out=False, count=True)
