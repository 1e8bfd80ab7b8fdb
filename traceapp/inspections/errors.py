"""The refusals of the inspection register, kept apart so that the team rule and the services can share them."""

from __future__ import annotations

from traceapp.errors import DomainError


class InspectionError(DomainError):
    """A rule of this feature refused the request."""


class NotOnTheTeam(InspectionError):
    """The user may read the inspection (or not even that) but is not on its team, so may not change it."""
