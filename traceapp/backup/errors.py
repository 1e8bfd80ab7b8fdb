"""The refusal of a backup or a restore: a ``DomainError`` whose message says what to do, for the operator at a
terminal (``flask backup`` / ``flask restore`` print it and exit 1)."""

from __future__ import annotations

from traceapp.errors import DomainError


class BackupError(DomainError):
    """A backup could not be written, or a restore refused before (or failed after) writing."""
