"""Column types: enums stored as short strings (portable, readable in SQL) and loaded back as members."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class StrEnumType(TypeDecorator):
    impl = String(20)
    cache_ok = True

    def __init__(self, enum_cls, length: int = 20):
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_cls(value)


def render_item(type_, obj, autogen_context):
    """Alembic autogenerate: write enum columns as plain ``sa.String`` so migrations never import the app."""
    if type_ == "type" and isinstance(obj, StrEnumType):
        return f"sa.String(length={obj.impl.length})"
    return False
