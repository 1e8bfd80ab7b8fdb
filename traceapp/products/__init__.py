from flask import Blueprint

bp = Blueprint("products", __name__)

from traceapp.products import qr_views, views  # noqa: E402,F401
