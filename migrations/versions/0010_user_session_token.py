"""Users: a session token, part of what the session and remember-me cookies hold.

A cookie logs in only while it names the user's current token; logging out, changing the password and being
deactivated give the user a new one, which ends every session of that user on the server. Existing users each
get a random token here, so the cookies issued before this revision (which hold only the id) no longer log in:
everybody logs in once more after the upgrade.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:30:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))

    users = sa.table("user_account", sa.column("id", sa.Integer()), sa.column("session_token", sa.String()))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id).values(session_token=secrets.token_urlsafe(24)))

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_token")
