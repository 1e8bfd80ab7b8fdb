from flask import Blueprint

bp = Blueprint("products", __name__)

from traceapp.products import views  # noqa: E402,F401
