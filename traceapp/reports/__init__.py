"""The plan report (section III of the ward's plan): figures by task and period, department inputs, the Word
report, spreadsheets and data packages for the provincial Department of Science and Technology."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from traceapp.reports import export_views, plan_views, views  # noqa: E402,F401
