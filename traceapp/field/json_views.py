"""What the field kit's JSON endpoints share: who may call them, from where, and how a refusal is answered.

A fetch that follows the login redirect would read the login page as the answer, so an expired session is a 401
in JSON; the phone then asks the user to log in again and keeps every record. A refusal of a service is a 422
with its message, which the phone shows beside the record it keeps.

CSRF: the sync is a cookie-authenticated POST, so it is not exempted. Flask-WTF's CSRFProtect checks the
``X-CSRFToken`` header the page sends (read from its ``csrf-token`` meta tag, refreshed from ``session.json``
before each send); on top, a request another site started (``Origin`` or ``Sec-Fetch-Site`` not ours) is
refused, and the JSON answers carry no CORS headers, so no other origin can read a token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.errors import DomainError
from traceapp.field import bp
from traceapp.field.errors import NotYours, SyncError
from traceapp.models import Role


def json_roles_required(*roles: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return jsonify(error=_("Your session has ended: log in again to send."), login=True), 401
            if current_user.role not in roles:
                return jsonify(error=_("You may not use this page.")), 403
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_same_origin() -> None:
    """Refuse a request started by another site, whatever cookie it carries."""
    origin = request.headers.get("Origin")
    own = urlsplit(request.host_url)
    if origin is not None and urlsplit(origin)[:2] != own[:2]:
        abort(403)
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        abort(403)


@bp.errorhandler(DomainError)
def refused(exc: DomainError):
    status = 404 if isinstance(exc, NotYours) else 400 if isinstance(exc, SyncError) else 422
    return jsonify(error=str(exc), field=exc.field), status
