from flask import Blueprint

bp = Blueprint("public", __name__)

from traceapp.public import report_views, views  # noqa: E402,F401
