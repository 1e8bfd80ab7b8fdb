"""Access control: a role check per view, and an ownership check per object.

What a business may not see answers 404, not 403, so record ids do not leak.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from traceapp.models import Role


def roles_required(*roles: Role):
    """Logged in, and in one of ``roles``; otherwise the login page or 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def current_business_id() -> int:
    """The business of the logged-in owner; a business account without one is a broken account (403)."""
    if current_user.role != Role.BUSINESS or current_user.business_id is None:
        abort(403)
    return current_user.business_id
