"""QR codes and printed labels: what a code holds, its PNG and SVG images, the A4 label sheets and their pages.

``targets`` says which URL a code carries, ``images`` draws it (python-qrcode), ``sheets`` lays labels out on
A4 with reportlab, ``services`` counts printed sheets, ``views`` serves it all to a business and to staff.
"""

from flask import Blueprint

bp = Blueprint("labels", __name__)

from traceapp.labels import views  # noqa: E402,F401
