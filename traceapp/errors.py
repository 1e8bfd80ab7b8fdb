"""The one domain error: every rule a service applies says "no" with a :class:`DomainError`.

Why one root: a view needs to know only that the register refused, and why, to show it to the person who
asked; the web layer turns any ``DomainError`` into a form error beside ``field`` or a flash
(``traceapp.web.outcomes``). Features keep their own subclasses (``InspectionError``, ``ProductError``, …) so a
test or a caller can still tell them apart, but none is caught one by one in a view.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the request. ``message`` is shown to the user (usually a lazy translation); ``field`` names
    the form field it belongs to, or None for the whole form."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
