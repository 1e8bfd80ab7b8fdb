from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from traceapp.admin import api_tokens, views  # noqa: E402,F401
