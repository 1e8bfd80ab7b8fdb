"""The audit trail, one feature in one package: the session listeners that record every change in a hash chain
(``trail``), the history pages officers read (``views``, ``display``) and ``flask audit verify`` (``commands``).

``register()`` installs the listeners; the app factory calls it once, before any request or command writes.
"""

from flask import Blueprint

from traceapp.audit.trail import register

bp = Blueprint("audit", __name__)

from traceapp.audit import views  # noqa: E402,F401

__all__ = ["bp", "register"]
