"""The one refusal of the metrology rules: a rule was given something its table does not cover."""

from __future__ import annotations

from traceapp.errors import DomainError


class MetrologyError(DomainError):
    """Bad input to a rule (a negative load, an unknown accuracy class, a nominal quantity outside the table, a
    sample of the wrong size). ``field`` names the input it is about, for a form to show it beside."""
