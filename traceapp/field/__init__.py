"""The field kit: the installable app (manifest, service worker) and inspections recorded with no signal, kept on
the phone and sent later through the inspection services (issue 13). See docs/architecture.md, "Offline work and
sync", for the conflict rule."""

from flask import Blueprint

bp = Blueprint("field", __name__)

from traceapp.field import app_views, views  # noqa: E402,F401
