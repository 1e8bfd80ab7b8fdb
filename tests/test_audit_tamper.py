"""The audit trail catches every kind of tamper (issue 10, item 5): ``flask audit verify`` exits 1 and names what
was touched when someone with access to the database, but not to the audit key, edits, deletes or inserts
entries, cuts entries off the end (against a head published earlier), or changes, deletes or inserts an audited
record behind the app's back. Legitimate work through the app keeps verifying. Runs on SQLite and PostgreSQL.

The six kinds of tamper, one test each: an entry's payload edited; an entry edited with the chain recomputed with
plain SHA-256; an entry deleted in the middle; the last entries deleted (caught with ``--head``); an audited record
changed by a direct UPDATE; an audited record deleted directly. Then: a record inserted directly, an entry
inserted, the whole chain rewritten, the key (its own, never SECRET_KEY; a wrong key said as such), the migration
path of a trail written before the chain was keyed, and the head on locked plan reports and data packages.
"""

from __future__ import annotations

import io
import json
import logging
import os
import stat
import threading

import pytest
import sqlalchemy as sa
from docx import Document
from flask_migrate import upgrade
from sqlalchemy import select, text

from tests.conftest import make_test_config
from tests.factories import make_business, make_product
from tests.test_migrations import empty_database, keep_logging  # noqa: F401 -- fixtures for the migration test
from traceapp import create_app
from traceapp.audit import head, keys, rekey, trail
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.models import AuditEntry, Certification, CertificationKind, Department, PlanReport, Product, Role

ENTRIES = AuditEntry.__table__
PRODUCT = {
    "name": "Nước mắm cá cơm Sa Huỳnh 40 độ đạm",
    "category": "seafood",
    "gtin": "",
    "origin": "Sa Huỳnh, phường Đức Phổ",
    "net_quantity": "500 ml",
}


def _entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _verify(runner, *options: str):
    db.session.commit()  # end the test's own transaction, as a separate `flask` process would have none
    return runner.invoke(args=["audit", "verify", *options])


def _broken(result) -> str:
    assert result.exit_code == 1, result.output
    return result.output


def _sql(statement: str, **params) -> None:
    """A change made in the database directly, as someone bypassing the app would."""
    db.session.execute(text(statement), params)
    db.session.commit()


def _plain_sha256(entry: AuditEntry, prev_hash: str, after: dict | None) -> str:
    """What someone without the key can compute: the entry's hash as the chain was before it was keyed."""
    return trail.entry_hash(
        prev_hash=prev_hash,
        at=entry.at,
        user_id=entry.user_id,
        user_name=entry.user_name,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        before=entry.before,
        after=after,
    )


def _rechain_without_key(entries: list[AuditEntry], start: int, edit=None, scheme: str | None = None) -> None:
    """Edit entry ``start`` (``edit`` gives its new ``after``) and recompute its hash and every later one with plain
    SHA-256, optionally labelling them ``scheme``: the best a forger without the key can do."""
    prev = entries[start - 1].hash if start else head.GENESIS
    for index, entry in enumerate(entries[start:]):
        after = edit(entry.after) if index == 0 and edit else entry.after
        digest = _plain_sha256(entry, prev, after)
        values = {"after": after, "prev_hash": prev, "hash": digest, **({"scheme": scheme} if scheme else {})}
        db.session.execute(sa.update(ENTRIES).where(ENTRIES.c.id == entry.id).values(**values))
        prev = digest
    db.session.commit()


@pytest.fixture
def products(app) -> list[Product]:
    """Three products, each with its business: six entries, all written by the app."""
    made = [make_product() for _ in range(3)]
    assert len(_entries()) == 6
    return made


# --- intact -----------------------------------------------------------------------------------------------------


def test_an_intact_trail_verifies_and_prints_its_head(products, runner):
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    last = _entries()[-1]
    assert "6 entries, chain intact." in result.output
    assert "Every audited record matches its last entry." in result.output
    assert f"Head: 6:{last.hash}" in result.output
    assert last.scheme == f"hmac-sha256:{keys.current().key_id}"

    printed = runner.invoke(args=["audit", "head"])
    assert printed.exit_code == 0
    assert "Entries:    6" in printed.output
    assert f"Last hash:  {last.hash[:4]} {last.hash[4:8]} " in printed.output
    assert f"flask audit verify --head 6:{last.hash}" in printed.output


def test_work_through_the_app_keeps_verifying(client, login_as, runner, english):
    """Creating, editing, deciding, deleting and locking a report through the app: every record still matches."""
    owner = login_as(Role.BUSINESS, name="Nguyễn Thị Năm")
    assert client.post("/products/new", data=PRODUCT).status_code == 302
    product = db.session.scalar(select(Product))
    edited = dict(PRODUCT, name="Nước mắm nhĩ Sa Huỳnh", origin="Phổ Thạnh, Đức Phổ")
    assert client.post(f"/products/{product.id}/edit", data=edited).status_code == 302
    cert = Certification(product=product, kind=CertificationKind.HACCP, number="HACCP-0917", issuer="QUACERT")
    db.session.add(cert)
    db.session.commit()
    assert client.post(f"/products/{product.id}/certifications/{cert.id}/delete").status_code == 302

    login_as(Role.OFFICER)
    client.post(f"/businesses/{owner.business_id}/suspend", data={"reason": "Kiểm tra điều kiện sản xuất"})
    today = local_today()
    report_form = {"kind": "month", "year": str(today.year), "n": str(today.month), "from": "", "to": ""}
    response = client.post(
        "/reports/plan/new", data={**report_form, "signer_name": "Võ Văn A", "signer_title": "chair"}
    )
    assert response.status_code == 302
    report_id = int(response.location.rsplit("/", 1)[1])
    for department in Department:
        client.post(f"/reports/plan/{report_id}/inputs/{department.value}/no-content", data={"mark": "yes"})
    assert client.post(f"/reports/plan/{report_id}/lock", data={"confirm": "y"}).status_code == 302
    assert db.session.get(PlanReport, report_id).is_locked

    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "Every audited record matches its last entry." in result.output
    assert {entry.action for entry in _entries()} == {"create", "update", "delete"}


def test_verify_while_the_app_is_writing_raises_no_false_alarm(app, products):
    """A nightly check may run during office hours: it reads one snapshot, so a change committed between reading
    the entries and reading the records is never taken for a tamper."""
    ids, done, edits, errors = [product.id for product in products], threading.Event(), [0], []

    def keep_editing() -> None:
        with app.app_context():
            try:
                while not done.is_set():
                    product = db.session.get(Product, ids[edits[0] % len(ids)])
                    product.name = f"Nước mắm Sa Huỳnh, lần sửa {edits[0]}"
                    db.session.commit()
                    edits[0] += 1
            except Exception as exc:  # noqa: BLE001 -- reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    writer = threading.Thread(target=keep_editing)
    writer.start()
    try:
        results = [trail.verify() for _ in range(8)]
    finally:
        done.set()
        writer.join(30)
    assert errors == [] and edits[0] > 0
    assert results == [None] * 8
    assert trail.verify() is None


# --- the six kinds of tamper ------------------------------------------------------------------------------------


def test_1_an_entry_edited_in_the_database_is_found(products, runner):
    target = _entries()[3]
    forged = dict(target.after, name="Nước mắm giả mạo")
    db.session.execute(sa.update(ENTRIES).where(ENTRIES.c.id == target.id).values(after=forged))
    db.session.commit()

    output = _broken(_verify(runner))
    assert f"entry #{target.id} was changed after it was written" in output
    assert trail.verify() == trail.Break(target.id, trail.CHANGED)


@pytest.mark.parametrize("scheme", [None, trail.LEGACY], ids=["keeping-the-keyed-label", "labelled-unkeyed"])
def test_2_an_entry_edited_with_the_chain_recomputed_without_the_key_is_found(products, runner, scheme):
    """The forger recomputes the edited entry's hash and every later one with plain SHA-256 (all a forger without
    the key can do), keeping each entry's label, or labelling them as written before the chain was keyed."""
    entries = _entries()
    _rechain_without_key(entries, 3, lambda after: dict(after, name="Nước mắm giả mạo"), scheme)

    output = _broken(_verify(runner))
    if scheme is None:
        assert f"entry #{entries[3].id} was changed after it was written" in output
    else:
        assert f"entry #{entries[3].id} is not keyed: it was forged" in output


def test_3_an_entry_deleted_in_the_middle_is_found(products, runner):
    ids = [entry.id for entry in _entries()]
    _sql("DELETE FROM audit_entry WHERE id = :id", id=ids[2])

    output = _broken(_verify(runner))
    assert f"entry #{ids[3]} does not follow the entry before it" in output

    # The first entries removed: the new first one no longer starts the chain.
    _sql("DELETE FROM audit_entry WHERE id <= :id", id=ids[3])
    assert trail.verify() == trail.Break(ids[4], trail.BROKEN_LINK)


def test_4_the_last_entries_deleted_are_found_against_a_published_head(products, runner):
    """Cutting off the end leaves a well-linked chain; even with the records those entries describe removed too,
    only a head noted earlier shows it. The head is typed back from `flask audit head`'s printout (grouped)."""
    printed = runner.invoke(args=["audit", "head"]).output
    count = printed.split("Entries:")[1].split()[0]
    grouped = printed.split("Last hash:")[1].split("\n")[0].strip()
    noted = f"{count}:{grouped}"
    assert _verify(runner, "--head", noted).exit_code == 0

    later = make_product(business=products[0].business, name="Mắm ruốc Sa Huỳnh")
    assert _verify(runner, "--head", noted).exit_code == 0  # the chain grew: the head is still in it
    # The last three entries cut off, with the records they created: the later product, then the third product
    # and its business (two entries of the noted chain).
    cut = [(entry.entity, entry.entity_id) for entry in _entries()[-3:]]
    assert cut == [("business", products[2].business_id), ("product", products[2].id), ("product", later.id)]
    for entity, entity_id in reversed(cut):
        _sql(f"DELETE FROM {entity} WHERE id = :id", id=entity_id)
        _sql("DELETE FROM audit_entry WHERE id = :id", id=_entries()[-1].id)

    assert _verify(runner).exit_code == 0  # without a head nothing inside the database can tell
    output = _broken(_verify(runner, "--head", noted))
    assert "the chain has 4 entries, but 6 were noted" in output
    assert trail.verify(head=head.parse(noted)).reason == trail.CUT_OFF


def test_5_an_audited_record_changed_by_a_direct_update_is_found(products, runner):
    product, name = products[1], products[1].name
    _sql("UPDATE product SET name = :name WHERE id = :id", name="Nước mắm giả mạo", id=product.id)

    output = _broken(_verify(runner))
    created = next(e for e in _entries() if (e.entity, e.entity_id) == ("product", product.id))
    assert f"product #{product.id} differs from its last audit entry (entry #{created.id}) in name" in output
    assert "bypassing the app" in output
    assert _verify(runner, "--chain-only").exit_code == 0  # the entries themselves are untouched

    # Put back by hand, it verifies again; a status changed the same way is found too.
    _sql("UPDATE product SET name = :name WHERE id = :id", name=name, id=product.id)
    assert _verify(runner).exit_code == 0
    _sql("UPDATE business SET status = 'suspended' WHERE id = :id", id=products[0].business_id)
    assert trail.verify() == trail.Break(
        _entries()[0].id, trail.ROW_CHANGED, "business", products[0].business_id, "status"
    )


def test_6_an_audited_record_deleted_directly_is_found(products, runner):
    product_id = products[2].id
    _sql("DELETE FROM product WHERE id = :id", id=product_id)

    output = _broken(_verify(runner))
    assert f"product #{product_id} is missing, but its last audit entry" in output
    assert "deleted in the database, bypassing the app" in output


# --- more ways in -----------------------------------------------------------------------------------------------


def test_a_record_inserted_directly_is_found(products, runner):
    """A copy of a product inserted with SQL (a new id and code): no entry created it."""
    columns = [column.name for column in Product.__table__.columns if column.name not in ("id", "public_code")]
    copied = ", ".join(columns)
    _sql(
        f"INSERT INTO product ({copied}, public_code) SELECT {copied}, 'ZZZZ9999' FROM product WHERE id = :id",
        id=products[0].id,
    )
    inserted = db.session.scalar(select(Product.id).where(Product.public_code == "ZZZZ9999"))
    output = _broken(_verify(runner))
    assert f"product #{inserted} exists, but no audit entry created it" in output


def test_an_entry_appended_without_the_key_is_found(products, runner):
    """A forged entry at the end (to make a direct change look recorded) cannot carry a keyed hash."""
    last = _entries()[-1]
    forged = {
        "at": last.at,
        "user_id": None,
        "user_name": trail.SYSTEM,
        "action": trail.UPDATE,
        "entity": "product",
        "entity_id": products[2].id,
        "before": {"name": products[2].name},
        "after": {"name": "Nước mắm giả mạo"},
    }
    digest = trail.entry_hash(prev_hash=last.hash, **forged)
    db.session.execute(sa.insert(ENTRIES).values(**forged, prev_hash=last.hash, hash=digest, scheme=last.scheme))
    _sql("UPDATE product SET name = 'Nước mắm giả mạo' WHERE id = :id", id=products[2].id)
    output = _broken(_verify(runner))
    assert f"entry #{last.id + 1} was changed after it was written" in output


def test_the_whole_chain_rewritten_without_the_key_is_found(products, runner):
    """Every entry rewritten with plain SHA-256 and labelled as written before the chain was keyed: the first
    entry already fails, and a head published earlier no longer matches either."""
    noted = head.current(db.session()).token
    entries = _entries()
    _rechain_without_key(entries, 0, lambda after: dict(after, name="Cơ sở giả mạo"), trail.LEGACY)

    assert f"entry #{entries[0].id} is not keyed" in _broken(_verify(runner))
    assert _verify(runner, "--chain-only", "--head", noted).exit_code == 1


# --- the key ----------------------------------------------------------------------------------------------------


def _use_key(app, value: str | None) -> None:
    app.config["AUDIT_HMAC_KEY"] = value
    app.extensions.pop("traceapp.audit_key", None)


def test_a_trail_checked_with_another_key_says_so(app, products, runner):
    written_with = keys.current().key_id
    _use_key(app, "another-key-0123456789abcdef0123456789abcdef")
    output = _broken(_verify(runner))
    assert (
        f"entry #{_entries()[0].id} was written with audit key {written_with}, not with this instance's key" in output
    )


def test_the_audit_key_is_its_own_secret(app):
    _use_key(app, app.config["SECRET_KEY"] * 4)
    app.config["SECRET_KEY"] = app.config["AUDIT_HMAC_KEY"]
    with pytest.raises(keys.AuditKeyError, match="must not be SECRET_KEY"):
        keys.current()
    _use_key(app, "too-short")
    with pytest.raises(keys.AuditKeyError, match="at least 32 characters"):
        keys.current()
    _use_key(app, 12345678901234567890123456789012345)  # TRACEAPP_AUDIT_HMAC_KEY that parsed as a number
    with pytest.raises(keys.AuditKeyError, match="must be text"):
        keys.current()


def test_without_a_key_one_is_made_in_a_private_file_and_production_is_warned(tmp_path, caplog):
    path = tmp_path / "secrets" / "audit.key"
    settings = make_test_config(
        tmp_path, SQLALCHEMY_DATABASE_URI="sqlite://", AUDIT_HMAC_KEY=None, AUDIT_HMAC_KEY_FILE=str(path)
    )
    production = create_app({**settings, "TESTING": False})
    with production.app_context(), caplog.at_level(logging.WARNING):
        first = keys.current()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and len(path.read_text().strip()) == 64
    assert "AUDIT_HMAC_KEY is not set" in caplog.text and "TRACEAPP_AUDIT_HMAC_KEY" in caplog.text

    again = create_app(settings)  # another process: the same key, read from the file
    with again.app_context():
        assert keys.current() == first
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


# --- a trail written before the chain was keyed -----------------------------------------------------------------


def _as_before_the_upgrade() -> str:
    """Rewrite the trail as version 0011 left it (plain SHA-256, "sha256"); return the head it had then."""
    _rechain_without_key(_entries(), 0, scheme=trail.LEGACY)
    return head.current(db.session()).token


def test_the_unkeyed_trail_is_keyed_once_and_a_head_noted_before_still_verifies(products, runner):
    old_head = _as_before_the_upgrade()
    contents = [(e.id, e.action, e.entity, e.entity_id, e.after) for e in _entries()]
    assert f"entry #{contents[0][0]} is not keyed" in _broken(_verify(runner))

    result = runner.invoke(args=["audit", "rekey"])
    assert result.exit_code == 0, result.output
    assert f"Re-keyed 6 entries. The head before was {old_head}." in result.output
    entries = _entries()
    assert [(e.id, e.action, e.entity, e.entity_id, e.after) for e in entries[:-1]] == contents
    assert entries[-1].action == trail.REKEY and entries[-1].after["old_head"] == old_head.split(":")[1]

    assert _verify(runner).exit_code == 0
    assert _verify(runner, "--head", old_head).exit_code == 0
    assert runner.invoke(args=["audit", "rekey"]).output.startswith("Every entry is already keyed")
    # Afterwards an unkeyed forgery is refused like any other.
    _rechain_without_key(_entries(), 2, lambda after: dict(after, name="Nước mắm giả mạo"), trail.LEGACY)
    assert _verify(runner).exit_code == 1


def test_a_broken_unkeyed_trail_is_keyed_only_when_that_is_accepted(products, runner):
    _as_before_the_upgrade()
    tampered = _entries()[2]
    db.session.execute(sa.update(ENTRIES).where(ENTRIES.c.id == tampered.id).values(after={"name": "x"}))
    db.session.commit()

    refused = runner.invoke(args=["audit", "rekey"])
    assert refused.exit_code == 1 and f"entry #{tampered.id} does not verify as it stands" in refused.output
    assert {e.scheme for e in _entries()} == {trail.LEGACY}  # nothing changed

    accepted = runner.invoke(args=["audit", "rekey", "--accept-broken"])
    assert accepted.exit_code == 0 and f"entry #{tampered.id} and the entries after it" in accepted.output
    assert _entries()[-1].after["unverified_from"] == tampered.id  # the chain keeps that fact
    assert _verify(runner, "--chain-only").exit_code == 0


def test_migration_0012_keys_an_existing_trail(empty_database, tmp_path):  # noqa: F811 -- the imported fixture
    app = create_app(make_test_config(tmp_path, **empty_database))
    with app.app_context():
        upgrade(revision="0011")
        fields = {
            "at": utcnow(),
            "user_id": None,
            "user_name": "system",
            "action": "create",
            "entity": "business",
            "entity_id": 1,
            "before": None,
            "after": {"name": "Hộ kinh doanh Mắm"},
        }
        old_hash = trail.entry_hash(prev_hash=head.GENESIS, **fields)
        columns = [column for column in rekey.ENTRIES.c if column.name not in ("id", "scheme")]  # as of 0011
        legacy = sa.table("audit_entry", *(sa.column(column.name, column.type) for column in columns))
        db.session.execute(sa.insert(legacy).values(**fields, prev_hash=head.GENESIS, hash=old_hash))
        db.session.commit()

        upgrade()
        rows = db.session.execute(text("SELECT action, scheme, hash FROM audit_entry ORDER BY id")).all()
        assert [row.action for row in rows] == ["create", trail.REKEY]
        assert {row.scheme for row in rows} == {f"hmac-sha256:{keys.current().key_id}"}
        assert rows[0].hash != old_hash
        assert trail.verify(records=False) is None
        assert trail.verify(head=head.Head(1, old_hash), records=False) is None
        db.session.remove()
        db.engine.dispose()


# --- the head where the data leaves the ward --------------------------------------------------------------------


def test_a_locked_plan_report_prints_the_head_it_was_locked_at(client, login_as, runner, english):
    make_product()
    login_as(Role.OFFICER)
    today = local_today()
    period = {"kind": "month", "year": str(today.year), "n": str(today.month), "from": "", "to": ""}
    response = client.post("/reports/plan/new", data={**period, "signer_name": "Võ Văn A", "signer_title": "chair"})
    report_id = int(response.location.rsplit("/", 1)[1])
    for department in Department:
        client.post(f"/reports/plan/{report_id}/inputs/{department.value}/no-content", data={"mark": "yes"})
    before_lock = head.current(db.session())
    assert client.post(f"/reports/plan/{report_id}/lock", data={"confirm": "y"}).status_code == 302

    report = db.session.get(PlanReport, report_id)
    assert (report.audit_head_count, report.audit_head_hash) == (before_lock.count, before_lock.hash)
    page = client.get(f"/reports/plan/{report_id}").get_data(as_text=True)
    assert "Audit trail seal" in page and f"{before_lock.count} entries, hash {before_lock.grouped}" in page
    document = Document(io.BytesIO(client.get(f"/reports/plan/{report_id}/report.docx").data))
    assert any(before_lock.grouped in paragraph.text for paragraph in document.paragraphs)
    assert _verify(runner, "--head", f"{before_lock.count}:{before_lock.grouped}").exit_code == 0


def test_a_draft_report_has_no_head(client, login_as, english):
    login_as(Role.OFFICER)
    today = local_today()
    period = {"kind": "month", "year": str(today.year), "n": str(today.month), "from": "", "to": ""}
    response = client.post("/reports/plan/new", data={**period, "signer_name": "Võ Văn A", "signer_title": "chair"})
    report_id = int(response.location.rsplit("/", 1)[1])
    assert "Audit trail seal" not in client.get(f"/reports/plan/{report_id}").get_data(as_text=True)


def test_the_data_package_carries_the_head(client, login_as, runner):
    make_business()
    login_as(Role.OFFICER)
    now = head.current(db.session())
    data = json.loads(client.get("/reports/export/package.json").data)
    assert data["audit_head"] == {"entries": now.count, "hash": now.hash, "at": now.at.isoformat()}
    assert _verify(runner, "--head", f"{now.count}:{now.hash}").exit_code == 0


def test_a_head_that_cannot_be_read_is_refused(app, runner):
    result = runner.invoke(args=["audit", "verify", "--head", "12:xyz"])
    assert result.exit_code == 2 and "a head is COUNT:HASH" in result.output
