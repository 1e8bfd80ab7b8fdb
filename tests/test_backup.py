"""``flask backup DEST`` and ``flask restore SRC`` (issue 10, item 6), on SQLite and on PostgreSQL.

Each test builds its own instances (database by the real migrations, upload folder, instance folder holding the
audit key) rather than the suite's shared database: a restore needs an instance that is really empty. On
PostgreSQL the source lives in a schema of its own; the backup is restored into an empty schema of the same name
(pg_dump names its schema), the source having been renamed aside first, so both can be compared afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, inspect, select, text
from werkzeug.datastructures import FileStorage

from tests import factories
from tests.conftest import make_test_config
from tests.test_migrations import keep_logging  # noqa: F401 - autouse: migrations/env.py reconfigures logging
from traceapp import clock, create_app
from traceapp.backup import files as backup_files
from traceapp.backup.errors import BackupError
from traceapp.backup.postgres import find_tools
from traceapp.config import normalise_database_url
from traceapp.extensions import db
from traceapp.models import Product, ProductCategory
from traceapp.products.inputs import BatchInput, ProductInput
from traceapp.products.services import create_product, save_batch, update_product

PG_URL = os.environ.get("TRACEAPP_TEST_DATABASE_URL")
KINDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="requires PostgreSQL (set TRACEAPP_TEST_DATABASE_URL)"),
    ),
]
WAIT = 60  # seconds a test waits for the writer thread at most (the machine may be busy)


class Places:
    """Where a source and a target instance keep their database, for one kind of database."""

    def __init__(self, kind: str, root: Path) -> None:
        self.kind, self.root = kind, root
        self.schema = f"backup_{uuid.uuid4().hex[:10]}"
        self.moved = False
        if kind == "postgresql":
            self._sql(f'CREATE SCHEMA "{self.schema}"')

    def source(self) -> dict:
        if self.kind == "sqlite":
            return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.root / 'source.sqlite'}"}
        return self._postgresql(self.schema + ("_source" if self.moved else ""))

    def empty_target(self) -> dict:
        """An empty database the backup can go into (on PostgreSQL the source's schema is renamed aside)."""
        if self.kind == "sqlite":
            return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.root / 'target.sqlite'}"}
        if not self.moved:
            self._sql(
                f'ALTER SCHEMA "{self.schema}" RENAME TO "{self.schema}_source"', f'CREATE SCHEMA "{self.schema}"'
            )
            self.moved = True
        return self._postgresql(self.schema)

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._sql(
                f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE',
                f'DROP SCHEMA IF EXISTS "{self.schema}_source" CASCADE',
            )

    def _postgresql(self, schema: str) -> dict:
        return {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(PG_URL or ""),
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={schema}"},
            },
        }

    def _sql(self, *statements: str) -> None:
        engine = create_engine(normalise_database_url(PG_URL or ""))
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()


def make_instance(root: Path, name: str, database: dict) -> Flask:
    folder = root / name
    app = create_app(make_test_config(folder, **database, AUDIT_HMAC_KEY=None, AUDIT_HMAC_KEY_FILE=None))
    app.instance_path = str(folder / "instance")  # the audit key file and any *.key go here, not in the checkout
    os.makedirs(app.instance_path, exist_ok=True)
    return app


@pytest.fixture(params=KINDS)
def places(request, tmp_path) -> Iterator[Places]:
    found = Places(request.param, tmp_path)
    yield found
    found.drop()


@pytest.fixture
def source(places, tmp_path) -> Iterator[Flask]:
    """An instance migrated to the head revision, holding a business whose product has a photo, and a batch."""
    app = make_instance(tmp_path, "source", places.source())
    with app.app_context():
        upgrade()
        business = factories.make_business()
        product = create_product(business.id, ProductInput("Nước mắm Sa Huỳnh", ProductCategory.SEAFOOD), photo())
        save_batch(product, BatchInput(lot_code="L2026-001"))
        yield app
        db.session.remove()
        db.engine.dispose()


def photo() -> FileStorage:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 20)).save(buffer, "PNG")
    buffer.seek(0)
    return FileStorage(buffer, filename="anh.png", content_type="image/png")


def run(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of_every_table(app: Flask) -> dict[str, list[tuple]]:
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                present = set(inspect(connection).get_table_names())
                return {
                    table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
                    for table in db.metadata.sorted_tables
                    if table.name in present
                } | {"alembic_version": list(connection.execute(text("SELECT version_num FROM alembic_version")))}
        finally:
            db.engine.dispose()


def uploads_of(app: Flask) -> dict[str, str]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {path.relative_to(root).as_posix(): sha256(path) for path in root.rglob("*") if path.is_file()}


class Writer(threading.Thread):
    """The app at work: creates products with photos and batches, and replaces earlier photos (whose old files are
    then deleted), through the product services, until told to stop."""

    def __init__(self, app: Flask, business_id: int) -> None:
        super().__init__(daemon=True)
        self.app, self.business_id = app, business_id
        self.stop, self.progress = threading.Event(), threading.Condition()
        self.writes = 0
        self.errors: list[BaseException] = []

    def run(self) -> None:
        with self.app.app_context():
            try:
                while not self.stop.is_set():
                    n = self.writes
                    product = create_product(
                        self.business_id, ProductInput(f"Mắm ruốc số {n}", ProductCategory.SEAFOOD), photo()
                    )
                    save_batch(product, BatchInput(lot_code=f"W{n:05d}"))
                    if n % 2:
                        earlier = db.session.scalars(select(Product).order_by(Product.id).limit(1).offset(n // 2))
                        for replaced in earlier:
                            update_product(replaced, ProductInput(replaced.name, replaced.category), photo())
                    with self.progress:
                        self.writes += 1
                        self.progress.notify_all()
            except BaseException as exc:  # reported by the test, which would otherwise wait in vain
                self.errors.append(exc)
                with self.progress:
                    self.progress.notify_all()
            finally:
                db.session.remove()

    def wait_for(self, more: int) -> None:
        """Block until the writer has committed ``more`` further writes."""
        with self.progress:
            target = self.writes + more
            assert self.progress.wait_for(lambda: self.writes >= target or self.errors, timeout=WAIT)
        assert not self.errors, self.errors


def test_a_backup_taken_while_the_app_writes_is_consistent_and_restores(places, source, tmp_path, monkeypatch):
    business_id = db.session.scalar(select(Product.business_id))
    writer = Writer(source, business_id)
    # Make the app write (new photos, replaced photos deleted) at the moments a backup is exposed: after the database
    # snapshot is fixed and before the database is copied, and while the uploads are copied.
    take_links, copy_file = backup_files.UploadLinks.take, backup_files.copy_and_hash

    def links_then_writes(links):
        take_links(links)
        writer.wait_for(2)

    def copy_while_writing(source_path, target_path):
        if not copy_while_writing.waited:
            copy_while_writing.waited = True
            writer.wait_for(2)
        return copy_file(source_path, target_path)

    copy_while_writing.waited = False
    monkeypatch.setattr(backup_files.UploadLinks, "take", links_then_writes)
    monkeypatch.setattr(backup_files, "copy_and_hash", copy_while_writing)
    writer.start()
    try:
        writer.wait_for(2)
        result = run(source, "backup", str(tmp_path / "nightly"))
        writer.wait_for(2)
    finally:
        writer.stop.set()
        writer.join(WAIT)
    assert not writer.errors, writer.errors
    assert result.exit_code == 0, result.output
    assert "SHA-256 of manifest.json" in result.output and "Warning" not in result.output
    backup = tmp_path / "nightly"
    assert [path.name for path in Path(source.config["UPLOAD_FOLDER"]).parent.glob(".uploads*")] == []
    manifest = json.loads((backup / "manifest.json").read_text())

    # Every file listed is there with its sum, and the database copy is sound.
    for name, item in manifest["files"].items():
        assert sha256(backup / name) == item["sha256"], name
    assert any(name.startswith("instance/") and name.endswith(".key") for name in manifest["files"])
    if places.kind == "sqlite":
        copy = sqlite3.connect(f"file:{backup / 'database.sqlite'}?mode=ro", uri=True)
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        copy.close()
    # The backup caught the app mid-stream: writes before it are in, the ones after are not.
    live_products = db.session.scalar(select(db.func.count()).select_from(Product))
    assert 3 <= manifest["database"]["rows"]["product"] < live_products
    db.session.remove()
    db.engine.dispose()

    target = make_instance(tmp_path, "target", places.empty_target())
    with target.app_context():
        result = run(target, "restore", str(backup))
        assert result.exit_code == 0, result.output
        assert "chain intact" in result.output
        restored = db.session.scalars(select(Product)).all()
        assert len(restored) == manifest["database"]["rows"]["product"]
        photos = Path(target.config["UPLOAD_FOLDER"]) / "products"
        for product in restored:  # every photo a restored product shows came back, byte for byte
            assert product.image_name is not None
            assert (photos / product.image_name).is_file(), f"the photo of product #{product.id} is missing"
            assert sha256(photos / product.image_name) == sha256(backup / "uploads/products" / product.image_name)
        assert run(target, "audit", "verify").exit_code == 0
        db.session.remove()
        db.engine.dispose()


def test_restore_into_an_empty_instance_gives_back_the_same_rows_and_files(places, source, tmp_path):
    factories.make_batch(product=factories.make_product(business=factories.make_business(name="Hợp tác xã Phổ An")))
    result = run(source, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    db.session.remove()
    db.engine.dispose()

    target = make_instance(tmp_path, "target", places.empty_target())
    with target.app_context():
        upgrade()  # as an operator may have done first: empty tables do not make an instance "not empty"
        result = run(target, "restore", str(tmp_path / "backup"))
        assert result.exit_code == 0, result.output
        assert "Audit trail verified" in result.output
        db.session.remove()
        db.engine.dispose()

    original = make_instance(tmp_path, "source", places.source())
    before, after = rows_of_every_table(original), rows_of_every_table(target)
    assert after == before
    assert len(after["product"]) == 2 and len(after["audit_entry"]) >= 5
    assert uploads_of(target) == uploads_of(original) != {}
    keys = sorted(Path(original.instance_path).glob("*.key"))
    assert [path.read_bytes() for path in keys] == [
        (Path(target.instance_path) / path.name).read_bytes() for path in keys
    ]


def test_restore_refuses_an_instance_that_holds_data_and_writes_nothing(places, source, tmp_path):
    assert run(source, "backup", str(tmp_path / "backup")).exit_code == 0
    factories.make_product(business=factories.make_business())  # the instance moves on after the backup
    db.session.remove()
    rows, files = rows_of_every_table(source), uploads_of(source)

    result = run(source, "restore", str(tmp_path / "backup"))

    assert result.exit_code == 1
    assert "not empty" in result.output and "product" in result.output
    assert rows_of_every_table(source) == rows
    assert uploads_of(source) == files


def tamper_upload(backup: Path) -> str:
    photo_file = next((backup / "uploads").rglob("*.jpg"))
    data = bytearray(photo_file.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit: the size stays the same
    photo_file.write_bytes(bytes(data))
    return photo_file.relative_to(backup).as_posix()


def tamper_database(backup: Path) -> str:
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    with open(database, "r+b") as handle:
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
        handle.seek(-1, os.SEEK_END)
        handle.write(bytes([last[0] ^ 0x01]))
    return database.name


def add_a_file(backup: Path) -> str:
    (backup / "uploads" / "products" / "extra.jpg").write_bytes(b"not from this instance")
    return "uploads/products/extra.jpg"


def name_a_file_outside(backup: Path) -> str:
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"]["uploads/../../escaped.txt"] = {"sha256": "0" * 64, "size": 0}
    (backup / "manifest.json").write_text(json.dumps(manifest))
    return "uploads/../../escaped.txt"


@pytest.mark.parametrize("tamper", [tamper_upload, tamper_database, add_a_file, name_a_file_outside])
def test_restore_refuses_a_changed_backup_and_writes_nothing(places, source, tmp_path, tamper):
    backup = tmp_path / "backup"
    assert run(source, "backup", str(backup)).exit_code == 0
    db.session.remove()
    db.engine.dispose()
    named = tamper(backup)

    target = make_instance(tmp_path, "target", places.empty_target())
    with target.app_context():
        result = run(target, "restore", str(backup))
        assert result.exit_code == 1
        assert named in result.output
        with db.engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        db.engine.dispose()
    assert not Path(target.config["UPLOAD_FOLDER"]).exists()
    assert list(Path(target.instance_path).iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_refuses_a_backup_from_a_newer_version_of_the_app(places, source, tmp_path):
    backup = tmp_path / "backup"
    assert run(source, "backup", str(backup)).exit_code == 0
    db.session.remove()
    db.engine.dispose()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["database"]["revision"] = "0999"
    (backup / "manifest.json").write_text(json.dumps(manifest))

    target = make_instance(tmp_path, "target", places.empty_target())
    with target.app_context():
        result = run(target, "restore", str(backup))
        assert result.exit_code == 1
        assert "'0999'" in result.output and "Update the app first" in result.output
        with db.engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        db.engine.dispose()


def test_a_backup_of_an_older_version_is_migrated_up_on_restore(places, tmp_path):
    old = make_instance(tmp_path, "old", places.source())
    with old.app_context():
        scripts = ScriptDirectory.from_config(old.extensions["migrate"].migrate.get_config())
        latest = scripts.get_current_head()
        previous = scripts.get_revision(latest).down_revision
        upgrade(revision=previous)
        db.session.execute(
            text("INSERT INTO agency (name, short_name, created_at, updated_at) VALUES (:name, 'CA', :at, :at)"),
            {"name": "Công an phường Đức Phổ", "at": clock.utcnow()},
        )
        db.session.commit()
        assert run(old, "backup", str(tmp_path / "old-backup")).exit_code == 0
        db.session.remove()
        db.engine.dispose()

    target = make_instance(tmp_path, "target", places.empty_target())
    with target.app_context():
        result = run(target, "restore", str(tmp_path / "old-backup"))
        assert result.exit_code == 0, result.output
        assert f"Migrated from revision {previous} to {latest}" in result.output
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == latest
        assert db.session.scalar(text("SELECT name FROM agency")) == "Công an phường Đức Phổ"
        db.session.remove()
        db.engine.dispose()


def test_a_failed_backup_leaves_no_folder_that_looks_whole(tmp_path, monkeypatch):
    app = make_instance(tmp_path, "source", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    with app.app_context():
        upgrade()
        create_product(factories.make_business().id, ProductInput("Mắm nêm", ProductCategory.SEAFOOD), photo())
        copied = backup_files.copy_and_hash

        def disk_full(source: Path, target: Path):
            if "uploads" in target.parts:
                raise OSError(28, "No space left on device")
            return copied(source, target)

        monkeypatch.setattr(backup_files, "copy_and_hash", disk_full)
        result = run(app, "backup", str(tmp_path / "nightly"))
        assert result.exit_code != 0
        assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("nightly")) == []

        monkeypatch.setattr(backup_files, "copy_and_hash", copied)
        assert run(app, "backup", str(tmp_path / "nightly")).exit_code == 0
        again = run(app, "backup", str(tmp_path / "nightly"))
        assert again.exit_code == 1 and "already exists" in again.output
        db.session.remove()
        db.engine.dispose()


def test_pg_dump_older_than_the_server_is_refused_with_what_to_install(bare_app, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        script = tmp_path / tool
        script.write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) 13.9'\n")
        script.chmod(0o755)
    with bare_app.app_context():
        bare_app.config["BACKUP_PG_BINDIR"] = str(tmp_path)
        try:
            with pytest.raises(BackupError, match="PostgreSQL 15 or newer.*found: 13.*postgresql-client-15"):
                find_tools(15)
            assert find_tools(13).dump == str(tmp_path / "pg_dump")
        finally:
            bare_app.config["BACKUP_PG_BINDIR"] = None


def test_the_backup_folder_can_be_checked_without_the_app(tmp_path):
    """SHA256SUMS is in ``sha256sum -c`` format, so an operator can check a copy on any machine."""
    app = make_instance(tmp_path, "source", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    with app.app_context():
        upgrade()
        create_product(factories.make_business().id, ProductInput("Mắm nêm", ProductCategory.SEAFOOD), photo())
        assert run(app, "backup", str(tmp_path / "b")).exit_code == 0
        db.session.remove()
        db.engine.dispose()
    lines = (tmp_path / "b" / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    assert {"database.sqlite", "manifest.json"} <= set(listed)
    assert all(sha256(tmp_path / "b" / name) == digest for name, digest in listed.items())
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=tmp_path / "b").returncode == 0
