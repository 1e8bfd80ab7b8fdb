"""Consumer reports (phản ánh), one feature in one folder: the public form and tracking page, and the staff triage.

Anyone may send a report without an account (``/report``) and follow it with its tracking code
(``/report/track``, ``/report/<code>``); the ward's staff triage them under ``/consumer-reports``. Both sides
change the same record through :mod:`traceapp.consumer_reports.services`, so they agree on its states.
"""

from flask import Blueprint

bp = Blueprint("consumer_reports", __name__)

from traceapp.consumer_reports import public_views, triage_views  # noqa: E402,F401
