"""What every API request goes through: read methods only, a bearer token, a rate limit per token, JSON errors.

The session cookie is never looked at, so a logged-in browser (or a page on another site riding on its cookies)
gets nothing; that is also why the blueprint is exempt from CSRF. Routes accept every method so that a write is
answered here with a JSON 405, not with the HTML error page the router would give.
"""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from traceapp.api import bp, tokens
from traceapp.extensions import limiter
from traceapp.unit_of_work import discard

READ_METHODS = ("GET", "HEAD")
ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REALM = 'Bearer realm="traceapp"'
MESSAGES = {
    400: "Bad request.",
    401: "A valid API token is required.",
    404: "Not found.",
    405: "The API is read-only: use GET.",
    429: "Too many requests for this token.",
    500: "Internal error.",
}


def error(status: int, message: str, **headers: str):
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers)
    return response


def bearer() -> str | None:
    """The token of ``Authorization: Bearer <token>``; None when the header is missing or of another kind."""
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def rate_key() -> str:
    """Counted per token (its hash, so the secret is not kept in the limiter's storage), else per address."""
    secret = bearer()
    return f"api-token:{tokens.digest(secret)}" if secret else f"api-address:{get_remote_address()}"


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


limiter.shared_limit(_rate_limit, scope="api", key_func=rate_key)(bp)


@bp.before_request
def require_token():
    if request.method not in READ_METHODS:
        return error(405, MESSAGES[405], Allow=", ".join(READ_METHODS))
    secret = bearer()
    if secret is None:
        return error(401, "Send the API token as 'Authorization: Bearer <token>'.", **{"WWW-Authenticate": REALM})
    token = tokens.authenticate(secret)
    if token is None:
        return error(
            401,
            "The API token is unknown, revoked or expired.",
            **{"WWW-Authenticate": REALM + ', error="invalid_token"'},
        )
    tokens.touch(token)
    g.api_token = token
    return None


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    code = exc.code or 500
    if code >= 500:
        discard()
    message = MESSAGES.get(code, exc.name)
    if code == 429:
        message = f"{message} Limit: {exc.description}."
    return error(code, message)
