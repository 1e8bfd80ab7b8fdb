"""Inspection items: no result until every checklist line is answered.

A checklist line no longer starts as "pass", so an item saved as a draft with a line unanswered (and none
failed) has no result yet: ``inspection_item.result`` becomes nullable. Stored rows keep their values; the
answers themselves (``inspection_item.checks``, JSON key -> "pass" / "fail" / "na") keep their format, so no
data moves. Downgrade gives a still-undecided item of a draft the old default, "pass", before the column is
made NOT NULL again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.alter_column("result", existing_type=sa.String(length=20), nullable=True)


def downgrade():
    op.execute("UPDATE inspection_item SET result = 'pass' WHERE result IS NULL")
    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.alter_column("result", existing_type=sa.String(length=20), nullable=False)
