"""Template filters: dates as dd/mm/yyyy in Asia/Ho_Chi_Minh, money in VND, printed codes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale

from traceapp import codes
from traceapp.clock import local_today, to_local


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    return "" if value is None else to_local(value).strftime("%d/%m/%Y %H:%M")


def format_vnd(value: int | Decimal | None) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".") + " ₫"


def format_quantity(value: Decimal | None) -> str:
    """Vietnamese style: 1.250,5 — no trailing zeros."""
    if value is None:
        return ""
    text = f"{value.normalize():,f}" if isinstance(value, Decimal) else f"{value:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def register(app: Flask) -> None:
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_vnd, "vnd")
    app.add_template_filter(format_quantity, "qty")
    app.add_template_filter(codes.display, "code")

    app.add_template_global(page_url)
    app.add_template_global(field_attrs)
    app.add_template_global(lambda: str(get_locale()), "current_locale")

    @app.context_processor
    def globals_for_templates():
        return {
            "today": local_today(),
            "ward_name": current_app.config["WARD_NAME"],
        }


def page_url(page: int) -> str:
    """The current list URL with its search and filters kept, at another page."""
    args: dict[str, Any] = {**request.args.to_dict(), **(request.view_args or {}), "page": page}
    return url_for(request.endpoint or "public.home", **args)


def field_attrs(field, attrs: dict) -> dict:
    """HTML attributes for a form field; an invalid field is marked for screen readers and points at its error."""
    merged = dict(attrs)
    if field.errors:
        merged.update({"aria-invalid": "true", "aria-describedby": f"{field.id}-err"})
    return merged
