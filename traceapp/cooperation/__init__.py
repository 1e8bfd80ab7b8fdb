"""Cooperation with businesses (plan task 6): dialogues, forums, conferences and trainings, and the technology
each business applies."""

from flask import Blueprint

bp = Blueprint("cooperation", __name__)

from traceapp.cooperation import event_views, technology_views  # noqa: E402,F401
