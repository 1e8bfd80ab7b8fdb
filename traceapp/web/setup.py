"""Binding extensions, blueprints, template helpers, error pages and CLI commands to an app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter, Map

from traceapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from traceapp.models.types import render_item
from traceapp.web.storable import MAX_ID, whole_number


class StorableIntegerConverter(IntegerConverter):
    """``<int:...>`` as Werkzeug's, except that a number past what an id column holds does not match the rule, so
    ``/products/9223372036854775808`` (or ``/products/2147483648`` on PostgreSQL, whose ids are 32-bit) is a 404
    like any other id that is not there, not an overflow."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = None) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max)


def register_url_converters(app: Flask) -> None:
    """Before any blueprint adds its rules: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = StorableIntegerConverter


def select_locale() -> str:
    """Vietnamese unless the user picked English (``?lang=en`` is remembered in the session); outside a request
    (the command line, the demo loader) the default language."""
    from flask import current_app, has_request_context

    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    remembered = session.get("lang")
    return str(remembered) if remembered in languages else str(current_app.config["BABEL_DEFAULT_LOCALE"])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, and use WAL so scans do not block readers."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"

    from traceapp.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        """A session or remember-me cookie holds ``"<id>:<session token>"`` (``User.get_id``): it logs in only while
        the token is the user's current one and the account is active (older cookies with a bare id do not)."""
        key, _sep, token = user_id.partition(":")
        number = whole_number(key)
        if number is None or not token:
            return None
        user = db.session.get(User, number)
        return user if user is not None and user.holds_session(token) else None


def register_request_guard(app: Flask) -> None:
    """First of the before-request functions: text no person types is refused before anything reads it."""
    from traceapp.web import request_guard

    request_guard.register(app)


def register_template_helpers(app: Flask) -> None:
    from traceapp.web import formatting, navigation, template_globals, template_i18n

    formatting.register(app)
    navigation.register(app)
    template_globals.register(app)
    template_i18n.register(app)


def register_error_handlers(app: Flask) -> None:
    from traceapp.web import errors

    errors.register(app)


def register_cli(app: Flask) -> None:
    from traceapp import cli

    cli.register(app)


def register_security(app: Flask) -> None:
    from traceapp.web import security

    security.register(app)


def trust_proxies(app: Flask) -> None:
    """Behind nginx (``PROXY_COUNT = 1``) the client's address comes from X-Forwarded-For; without this every
    consumer would share the proxy's address and so one login and report rate limit."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
