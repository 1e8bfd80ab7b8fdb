"""Inspections, violations, recalls and the triage of consumer reports (plan task 5)."""

from flask import Blueprint

bp = Blueprint("inspections", __name__)

from traceapp.inspections import recall_views, record_views, report_views, views, violation_views, work_views  # noqa: E402,F401
