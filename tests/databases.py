"""A database of a test's own, beside the suite's shared one: a SQLite file, or a PostgreSQL schema that is
dropped afterwards (the test role may not create databases, but it may create schemas)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from traceapp.config import normalise_database_url

PG_URL = os.environ.get("TRACEAPP_TEST_DATABASE_URL")


@contextmanager
def scratch_database(kind: str, tmp_path: Path, prefix: str) -> Iterator[dict]:
    """App settings for an empty database of ``kind`` ("sqlite" or "postgresql"); skips without PostgreSQL."""
    if kind == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / (prefix + '.sqlite')}"}
        return
    if not PG_URL:
        pytest.skip("requires PostgreSQL (set TRACEAPP_TEST_DATABASE_URL)")
    url, schema = normalise_database_url(PG_URL), f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={schema}"},
            },
        }
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
