"""Login lockout, and a rate-limit store every worker shares.

``login_failure`` counts failed logins per account (and per unknown identifier, so that an unknown one is
answered the same way): after a few the account is slowed down, after more it is locked for a while.
``account_lock`` records each lockout and its unlocking by an administrator (it is audited).
``rate_limit_counter`` holds the request limits' counters (login per address, consumer reports, API) in the app's
own database, so every gunicorn worker and process counts together without an extra service.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_failure",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_login_failure_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failure_user_id"), ["user_id"], unique=False)

    op.create_table(
        "account_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unlocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unlocked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unlocked_by_id"], ["user_account.id"], name=op.f("fk_account_lock_unlocked_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_account_lock_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_lock")),
    )
    with op.batch_alter_table("account_lock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_lock_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counter")),
    )
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_counter_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counter_expires_at"))
    op.drop_table("rate_limit_counter")
    with op.batch_alter_table("account_lock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_lock_user_id"))
    op.drop_table("account_lock")
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_user_id"))
    op.drop_table("login_failure")
