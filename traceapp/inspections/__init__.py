"""Inspections, violations and recalls (plan task 5); consumer reports are their own package."""

from flask import Blueprint

bp = Blueprint("inspections", __name__)

from traceapp.inspections import (  # noqa: E402,F401
    metrology_views,
    recall_views,
    record_views,
    signature_views,
    views,
    violation_views,
    work_views,
)
