"""Error pages in the user's language, and ``abort_with`` for a message written for the user."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

from traceapp.unit_of_work import discard

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have permission to do this."),
    404: _l("We could not find this page."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large. Choose a smaller file."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}


def abort_with(code: int, message: str, **context) -> NoReturn:
    """Abort with a page that shows ``message`` (Werkzeug's English description is never shown)."""
    exc = default_exceptions[code]()
    # Read back by the handler below with getattr: Werkzeug's exceptions have no slot for them.
    setattr(exc, "user_message", message)  # noqa: B010
    setattr(exc, "user_context", context)  # noqa: B010
    raise exc


def render_error(code: int, message=None, **context):
    return render_template("errors/error.html", code=code, message=message or MESSAGES.get(code, ""), **context), code


def register(app: Flask) -> None:
    def handle_http(exc: HTTPException):
        """Our page for every HTTP error, with its own status; Werkzeug's English description is never shown (it
        can name what the client sent), only a message of ours in the user's language."""
        if exc.code is None or exc.code < 400:
            return exc
        code = exc.code
        message = getattr(exc, "user_message", None) or MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500]
        return render_error(code, message, **getattr(exc, "user_context", {}))

    app.register_error_handler(HTTPException, handle_http)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, _l("The form has expired. Please go back, reload the page and try again."))

    @app.errorhandler(500)
    def server_error(exc):
        discard()
        return render_error(500)
