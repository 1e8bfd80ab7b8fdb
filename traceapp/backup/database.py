"""What both database kinds share: the facts a manifest records about a copy, and whether an instance is empty."""

from __future__ import annotations

from sqlalchemy import Connection, func, inspect, select, table, text
from sqlalchemy.orm import Session

from traceapp.audit import trail
from traceapp.backup.manifest import DatabaseFacts
from traceapp.extensions import db
from traceapp.models import AuditEntry

ALEMBIC_TABLE = "alembic_version"


def read_facts(session: Session, *, schema: str | None = None, server_version: str | None = None) -> DatabaseFacts:
    """Revision, row count of every table and the audit trail's head, as ``session`` sees the database."""
    names = sorted(inspect(session.connection()).get_table_names())
    rows = {name: session.scalar(select(func.count()).select_from(table(name))) or 0 for name in names}
    revision = session.scalar(text(f"SELECT version_num FROM {ALEMBIC_TABLE}")) if ALEMBIC_TABLE in names else None
    entries, last_hash = trail.summary(session) if AuditEntry.__tablename__ in names else (0, None)
    return DatabaseFacts(
        revision=revision,
        rows=rows,
        audit_entries=entries,
        audit_last_hash=last_hash,
        schema=schema,
        server_version=server_version,
    )


def tables_with_rows(connection: Connection) -> list[str]:
    """The app's tables that hold a row (an instance after ``flask db upgrade`` alone has none)."""
    present = set(inspect(connection).get_table_names())
    return [
        model_table.name
        for model_table in db.metadata.sorted_tables
        if model_table.name in present and connection.scalar(select(1).select_from(model_table).limit(1)) is not None
    ]


def app_tables_present(connection: Connection) -> list[str]:
    """The app's tables (and Alembic's) that exist, empty or not."""
    present = set(inspect(connection).get_table_names())
    return [name for name in [*db.metadata.tables, ALEMBIC_TABLE] if name in present]
