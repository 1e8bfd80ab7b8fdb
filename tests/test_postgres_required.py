"""The suite runs on the database it was asked for: SQLite by default, PostgreSQL when
TRACEAPP_TEST_DATABASE_URL is set. ``tests/ci_guard.py`` requires, in CI's PostgreSQL pass, that
``test_suite_runs_on_the_configured_database`` passed there with ``database_dialect=postgresql``."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from traceapp.extensions import db

PG_URL = os.environ.get("TRACEAPP_TEST_DATABASE_URL")
requires_postgresql = pytest.mark.skipif(not PG_URL, reason="requires PostgreSQL (set TRACEAPP_TEST_DATABASE_URL)")


def test_suite_runs_on_the_configured_database(app, record_property):
    dialect = db.engine.dialect.name
    record_property("database_dialect", dialect)
    assert dialect == ("postgresql" if PG_URL else "sqlite")


@requires_postgresql
def test_postgresql_server_keeps_vietnamese_text_and_time_zones(app):
    assert db.session.scalar(text("SHOW server_encoding")) == "UTF8"
    assert db.session.scalar(text("SELECT CAST(:s AS text)"), {"s": "Nước mắm Đức Phổ"}) == "Nước mắm Đức Phổ"
    offset = db.session.scalar(
        text("SELECT EXTRACT(HOUR FROM (TIMESTAMPTZ '2026-11-15 00:00:00+00' AT TIME ZONE 'Asia/Ho_Chi_Minh'))")
    )
    assert int(offset) == 7
