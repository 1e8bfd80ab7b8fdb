"""A keyed audit chain and its published head.

``audit_entry.scheme`` says how each entry's hash was made: "sha256" for the entries written so far, then
"hmac-sha256:<key id>" (HMAC-SHA256 under the audit key, traceapp/audit/keys.py). The existing entries are then
re-keyed here, once, if their chain verifies (traceapp/audit/rekey.py): their content stays, their hashes become
keyed, and a "rekey" entry records the head they had, so a head noted before the upgrade still verifies. A chain
already broken is left unkeyed, with a warning: `flask audit verify` names it until someone investigates and runs
`flask audit rekey --accept-broken`. This needs the audit key: AUDIT_HMAC_KEY, or the key file, created in the
instance folder if there is none.

``plan_report.audit_head_count`` / ``audit_head_hash``: the chain's head when the report was locked, printed on
the report so ``flask audit verify --head COUNT:HASH`` can later show nothing was cut off since. Reports locked
before this revision have none. A downgrade drops both; the older code then cannot verify keyed entries.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00

"""

import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scheme", sa.String(length=24), nullable=False, server_default="sha256"))
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.alter_column("scheme", existing_type=sa.String(length=24), server_default=None)
    with op.batch_alter_table("plan_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audit_head_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("audit_head_hash", sa.String(length=64), nullable=True))
    _key_existing_entries()


def _key_existing_entries():
    connection = op.get_bind()
    if connection.scalar(sa.text("SELECT count(*) FROM audit_entry")) == 0:
        return  # nothing to key (and no key needed yet)
    from traceapp.audit import rekey

    try:
        done = rekey.rekey(connection)
    except rekey.ChainBroken as exc:
        logging.getLogger("alembic.runtime.migration").warning(
            "The audit chain was already broken (%s): its entries stay unkeyed. Investigate with `flask audit "
            "verify`, then `flask audit rekey --accept-broken`.",
            exc,
        )
        return
    if done is not None:
        logging.getLogger("alembic.runtime.migration").info(
            "Audit trail keyed: %s entries; the head before was %s:%s.", done.entries, done.entries, done.old_head
        )


def downgrade():
    with op.batch_alter_table("plan_report", schema=None) as batch_op:
        batch_op.drop_column("audit_head_hash")
        batch_op.drop_column("audit_head_count")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("scheme")
