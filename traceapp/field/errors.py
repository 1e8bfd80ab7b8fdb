"""What the sync endpoint refuses before any service runs: a payload no page of ours would send."""

from __future__ import annotations

from traceapp.errors import DomainError


class SyncError(DomainError):
    """A malformed or foreign sync request; answered 400 (or 404 for a record the user may not see)."""


class NotYours(SyncError):
    """The client id names a record this user may not see: answered as if it did not exist."""
