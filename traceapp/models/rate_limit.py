"""The counters of the request limits (login per address, consumer reports, API tokens), kept in the app's
own database so that every gunicorn worker and process counts together (traceapp/rate_limits.py)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from traceapp.models.base import Base


class RateLimitCounter(Base):
    """One fixed window of one limit for one client: the hits so far and when the window ends (seconds since
    the epoch, so the upsert can add the window's length in SQL on SQLite and PostgreSQL alike)."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)
