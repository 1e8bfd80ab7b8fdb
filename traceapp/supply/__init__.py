"""Supply chain, one step back and one step forward (Thông tư 02/2024/TT-BKHCN, TCVN 12850:2019)."""

from flask import Blueprint

bp = Blueprint("supply", __name__)

from traceapp.supply import views  # noqa: E402,F401
