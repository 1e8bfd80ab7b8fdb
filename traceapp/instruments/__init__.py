"""The register of measuring instruments used in trade (issue 14): businesses declare them, the ward's officer
confirms them, inspectors add the ones they find; each carries a QR sticker that opens a public page saying
whether its verification (kiểm định) is in date, and the due dates are listed and exported so none is missed.

``views`` are the staff's and the business's pages, ``public_views`` the pages a consumer opens (``/m/<code>``,
the market's reference scales), ``services`` the writes, ``queries`` the reads, ``verdict`` what a consumer is
told, ``export`` the XLSX for the verification organisation.
"""

from flask import Blueprint

bp = Blueprint("instruments", __name__)

from traceapp.instruments import public_views, views  # noqa: E402,F401
