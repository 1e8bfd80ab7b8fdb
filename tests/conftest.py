"""Fixtures: an app on a database whose schema is built once per test session (per xdist worker) and emptied
after each test (SQLite file, or PostgreSQL when TRACEAPP_TEST_DATABASE_URL is set), a client, a CLI runner,
``login_as`` and ``clock``.

Why truncation rather than a rolled-back outer transaction: the app's services commit, the scan counter and the
record exports open connections of their own, and the browser tests serve the app from another thread; emptying
every table after the test is the one isolation all of those respect. A test that needs no database (GS1 rules,
formatting, periods) asks for no ``app`` and so pays nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import g
from sqlalchemy import create_engine, text

from tests import factories
from traceapp import clock, create_app, scans
from traceapp.config import normalise_database_url
from traceapp.extensions import db
from traceapp.models import Role

PG_URL = os.environ.get("TRACEAPP_TEST_DATABASE_URL")


def make_test_config(tmp_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(PG_URL)
        if PG_URL
        else f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_BASE_URL": "https://truyxuat.ducpho.example",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "QR_CACHE_FOLDER": str(tmp_path / "qr-cache"),
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REPORT_RATE_LIMIT": "1000 per minute",
        "SCAN_FLUSH_SECONDS": 0,
        "SCAN_PAGE_CACHE_SECONDS": 0,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    config.update(overrides)
    return config


def moved_clock() -> datetime | None:
    """The instant ``TRACEAPP_TEST_CLOCK`` (ISO 8601, e.g. ``2026-12-31T17:30:00+00:00``) starts the run at."""
    raw = os.environ.get("TRACEAPP_TEST_CLOCK")
    return datetime.fromisoformat(raw) if raw else None


def pytest_configure(config) -> None:
    """The whole run on a moved clock (tests/at_dates.sh): every "now" of the app and of the tests comes from
    traceapp.clock, so moving it moves them all; it ticks on from the given instant. Runs in every xdist worker."""
    instant = moved_clock()
    if instant is not None:
        clock.set_source(clock.ticking_from(instant))


def pytest_report_header(config) -> str | None:
    instant = moved_clock()
    return f"clock moved to {instant.isoformat()} (TRACEAPP_TEST_CLOCK)" if instant else None


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def shared_database(tmp_path_factory) -> Iterator[dict]:
    """Settings of this worker's database, its schema created once: a SQLite file, or a PostgreSQL schema of
    its own (``search_path``) so that parallel workers never see each other's rows."""
    if not PG_URL:
        path = tmp_path_factory.getbasetemp() / f"shared-{_worker()}.sqlite"
        settings: dict = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
        schema = None
    else:
        schema = f"test_{_worker()}"
        settings = {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(PG_URL),
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
        }
        _postgresql_schema(schema, create=True)
    app = create_app(make_test_config(tmp_path_factory.getbasetemp(), **settings))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield settings
    if schema:
        _postgresql_schema(schema, create=False)


def _postgresql_schema(schema: str, *, create: bool) -> None:
    engine = create_engine(normalise_database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if create:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def empty_all_tables() -> None:
    """Delete every row the test wrote (identities start again at 1 on PostgreSQL, as on a new database)."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")  # checked at commit, when every table is empty
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture(scope="session")
def bare_app(tmp_path_factory):
    """An app that never opens a database, for tests of pure rules whose messages need Flask-Babel's context."""
    return create_app(make_test_config(tmp_path_factory.mktemp("bare"), SQLALCHEMY_DATABASE_URI="sqlite://"))


@pytest.fixture
def app_config(tmp_path):
    """Override in a test module (or parametrize) to change settings before the app is built."""
    return {}


def _user_and_language_from_this_request() -> None:
    """The app context below outlives every request of the test, and with it ``g``, where Flask-Login keeps the
    user it loaded and Flask-Babel the locale it chose: forget both as each request starts, so the request finds
    its user from its own cookies and its language from its own ``?lang=`` and session, as in production (where
    every request has an app context of its own). Without this, a request after a logout, or from a second
    client, ran as whoever the last request had loaded, in the last request's language."""
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)


@pytest.fixture
def app(tmp_path, app_config, shared_database):
    """An app on the worker's shared database, or, when ``app_config`` names a database of its own (the browser
    tests' SQLite file), on that one with its schema created here."""
    own_database = "SQLALCHEMY_DATABASE_URI" in app_config
    settings = {} if own_database else shared_database
    app = create_app(make_test_config(tmp_path, **settings, **app_config))
    app.before_request(_user_and_language_from_this_request)
    with app.app_context():
        if own_database:
            db.create_all()
        try:
            yield app
        finally:
            scans.flush()
            db.session.remove()
            if not own_database:
                empty_all_tables()
            db.engine.dispose()


@pytest.fixture
def clock_at():
    """``clock_at(datetime(..., tzinfo=UTC))`` moves the app's clock (traceapp.clock) to that instant for the test;
    it keeps ticking from there. The clock of the run comes back afterwards."""
    previous = []

    def _set(instant: datetime) -> None:
        replaced = clock.set_source(clock.ticking_from(instant))
        if not previous:
            previous.append(replaced)

    yield _set
    if previous:
        clock.set_source(previous[0])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client):
    """``login_as(Role.OFFICER)`` or ``login_as(user)``: logs the test client in through the real login form."""

    def _login(role_or_user, **user_fields):
        user = (
            role_or_user
            if not isinstance(role_or_user, Role)
            else factories.make_user(role=role_or_user, **user_fields)
        )
        if getattr(client, "logged_in", False):
            client.post("/logout")  # switching users: the login page sends a logged-in user home instead
        response = client.post("/login", data={"identifier": user.phone, "password": factories.PASSWORD})
        client.logged_in = True
        assert response.status_code == 302, "login failed"
        return user

    return _login


@pytest.fixture
def in_english(app):
    """A request in English around a service called directly, so its refusal reads as the msgid."""
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def english(client):
    """Switch the test client to English so assertions can name the English messages."""
    client.get("/?lang=en")
    return client
