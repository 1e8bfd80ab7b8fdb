from flask import Blueprint

bp = Blueprint("public", __name__)

from traceapp.public import scan_lookup, views  # noqa: E402,F401
