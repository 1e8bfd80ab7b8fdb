"""The audit trail as officers read it: the history of changes of any audited record (traceapp.audit records it)."""

from flask import Blueprint

bp = Blueprint("audit", __name__)

from traceapp.audit_log import views  # noqa: E402,F401
