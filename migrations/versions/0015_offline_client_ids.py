"""Client-made ids for records made offline: the field kit's phone gives every inspection, item, photo and
violation a UUID, so a sync that is retried or sent twice finds the record it made before (traceapp/field/).

Nullable: records made online have none; unique: one id, one record.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("inspection", "inspection_item", "inspection_photo", "violation")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("client_id", sa.String(length=36), nullable=True))
            batch_op.create_unique_constraint(f"uq_{table}_client_id", ["client_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_client_id", type_="unique")
            batch_op.drop_column("client_id")
