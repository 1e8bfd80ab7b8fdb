"""Weighing tests and prepackaged quantity checks made during an inspection (issue 14, items 4 and 5).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "weighing_test",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("load", sa.Numeric(precision=14, scale=6), nullable=False),
        sa.Column("reading", sa.Numeric(precision=14, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inspection_item.id"],
            name=op.f("fk_weighing_test_item_id_inspection_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weighing_test")),
    )
    op.create_index(op.f("ix_weighing_test_item_id"), "weighing_test", ["item_id"])
    op.create_table(
        "prepackaged_lot_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("nominal", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("lot_size", sa.Integer(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("allowed_over_t", sa.Integer(), nullable=False),
        sa.Column("tolerable_deficiency", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("over_t", sa.Integer(), nullable=False),
        sa.Column("over_2t", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("mean_limit", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inspection_item.id"],
            name=op.f("fk_prepackaged_lot_check_item_id_inspection_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepackaged_lot_check")),
        sa.UniqueConstraint("item_id", name=op.f("uq_prepackaged_lot_check_item_id")),
    )
    op.create_table(
        "prepackaged_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_check_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("gross", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("tare", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("net", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_check_id"],
            ["prepackaged_lot_check.id"],
            name=op.f("fk_prepackaged_sample_lot_check_id_prepackaged_lot_check"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepackaged_sample")),
    )
    op.create_index(op.f("ix_prepackaged_sample_lot_check_id"), "prepackaged_sample", ["lot_check_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_prepackaged_sample_lot_check_id"), table_name="prepackaged_sample")
    op.drop_table("prepackaged_sample")
    op.drop_table("prepackaged_lot_check")
    op.drop_index(op.f("ix_weighing_test_item_id"), table_name="weighing_test")
    op.drop_table("weighing_test")
