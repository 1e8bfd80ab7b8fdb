"""Plan reports: "no content to report" marks on department inputs, and the date a locked report was sent.

A department's input may be marked by the officer as having nothing to report (who, when), so the report can be
locked; after locking, the officer records the day it was sent (the number is the report's own ``number``) and
the state becomes "sent". Existing rows keep NULLs: locked reports stay "locked" until someone records the
sending.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("department_input", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_content_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("no_content_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_department_input_no_content_by_id_user_account"),
            "user_account",
            ["no_content_by_id"],
            ["id"],
        )

    with op.batch_alter_table("plan_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sent_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_plan_report_sent_by_id_user_account"), "user_account", ["sent_by_id"], ["id"]
        )


def downgrade():
    # A sent report goes back to "locked": the state column has no value for "sent" before this revision.
    op.execute("UPDATE plan_report SET state = 'locked' WHERE state = 'sent'")
    with op.batch_alter_table("plan_report", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_plan_report_sent_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("sent_by_id")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("sent_on")

    with op.batch_alter_table("department_input", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_department_input_no_content_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("no_content_by_id")
        batch_op.drop_column("no_content_at")
