"""Fixtures: an app on a fresh database per test (SQLite file, or PostgreSQL when
TRACEAPP_TEST_DATABASE_URL is set), a client, a CLI runner and ``login_as``."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from tests import factories
from traceapp import create_app, scans
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


def _reset_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.create_all()


@pytest.fixture
def app_config(tmp_path):
    """Override in a test module (or parametrize) to change settings before the app is built."""
    return {}


@pytest.fixture
def app(tmp_path, app_config):
    app = create_app(make_test_config(tmp_path, **app_config))
    with app.app_context():
        _reset_schema()
        yield app
        scans.flush()
        db.session.remove()
        db.engine.dispose()


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
def english(client):
    """Switch the test client to English so assertions can name the English messages."""
    client.get("/?lang=en")
    return client
