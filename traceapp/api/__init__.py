"""The read-only JSON API for the province (``/api/v1``): token-authenticated, no cookies, no writes."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from traceapp.api import guard, views  # noqa: E402,F401
