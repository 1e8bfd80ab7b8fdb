"""The refusals of the instrument register: one ``DomainError`` subclass, so a caller can tell them apart."""

from __future__ import annotations

from traceapp.errors import DomainError


class InstrumentError(DomainError):
    """A rule of the instrument register refused the request; ``field`` names the form field it belongs to."""


class NotAllowed(InstrumentError):
    """The user may see the instrument but not do this to it (a business another's, a role without the right)."""
