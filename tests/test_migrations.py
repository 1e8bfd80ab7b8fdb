"""Alembic migrations: one head; upgrade from an empty database gives exactly the schema the models
describe (autogenerate finds nothing to do); downgrade to base removes it all again. On SQLite always,
and on PostgreSQL when TRACEAPP_TEST_DATABASE_URL is set (in a schema of its own, so the rest of the
suite's ``public`` schema is left alone)."""

from __future__ import annotations

import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.conftest import make_test_config
from tests.databases import scratch_database
from traceapp import create_app
from traceapp.extensions import db


@pytest.fixture(autouse=True)
def keep_logging():
    """migrations/env.py calls logging.config.fileConfig, which disables every logger that exists and
    replaces the root handlers; put them back so later tests' log capture still works."""
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, logger in logging.root.manager.loggerDict.items():
        if not isinstance(logger, logging.Logger):
            continue
        if name in saved:
            logger.disabled, level, handlers, logger.propagate = saved[name]
            logger.setLevel(level)
            logger.handlers[:] = handlers
        else:
            logger.disabled = False


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A database URL and engine options for an empty database of each kind."""
    with scratch_database(request.param, tmp_path, "migration_check") as settings:
        yield settings


@pytest.fixture
def migrating_app(tmp_path, empty_database):
    app = create_app(make_test_config(tmp_path, **empty_database))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _schema_differences() -> list:
    """What autogenerate would put into a new migration, with the settings migrations/env.py uses."""
    configure_args = current_app.extensions["migrate"].configure_args
    options = {key: value for key, value in configure_args.items() if key in ("compare_type", "render_as_batch")}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def _tables() -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_migrations_have_a_single_head(tmp_path):
    with create_app(make_test_config(tmp_path)).app_context():
        heads = _script_directory().get_heads()
    assert len(heads) == 1, f"several Alembic heads {heads}: merge them (flask db merge heads)"


def test_upgrade_from_empty_matches_the_models_and_downgrade_removes_everything(migrating_app):
    assert _tables() == set()

    upgrade()

    head = _script_directory().get_current_head()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
    model_tables = set(db.metadata.tables)
    assert model_tables <= _tables()
    differences = _schema_differences()
    assert differences == [], (
        "the models and the migrated schema differ; add a migration (flask --app wsgi:app db migrate -m ...):\n"
        + "\n".join(map(str, differences))
    )

    downgrade(revision="base")

    assert _tables() - {"alembic_version"} == set()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is None

    upgrade()  # and back up again: the downgrade left nothing behind that blocks a fresh upgrade
    assert model_tables <= _tables()


def test_a_database_with_data_upgrades_through_table_rebuilds(migrating_app):
    """Upgrading a ward's database that is in use: rows point at the users whose table a migration rebuilds
    (0010 makes a new column NOT NULL, which SQLite does by copying the table), and every row survives."""
    upgrade(revision="0009")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO agency (id, name, short_name, created_at, updated_at)"
                " VALUES (1, 'UBND phường Đức Phổ', 'UBND', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO user_account (id, name, phone, role, agency_id, password_hash, active, created_at,"
                " updated_at) VALUES (1, 'Cán bộ', '0905000001', 'officer', 1, 'x', true, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO plan_report (id, period_kind, period_start, period_end, number, signer_name,"
                " signer_title, state, created_by_id, created_at, updated_at) VALUES (1, 'year', '2025-11-16',"
                " '2026-11-15', '', '', '', 'draft', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )

    upgrade()

    with db.engine.connect() as connection:
        token = connection.execute(text("SELECT session_token FROM user_account WHERE id = 1")).scalar()
        creator = connection.execute(text("SELECT created_by_id FROM plan_report WHERE id = 1")).scalar()
    assert token and creator == 1
