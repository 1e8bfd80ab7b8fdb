"""Measuring instruments used in trade (phương tiện đo nhóm 2), and the instrument a checked item is about.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measuring_instrument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_code", sa.String(length=16), nullable=False),
        sa.Column("business_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("place_name", sa.String(length=200), nullable=False),
        sa.Column("stall", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("manufacturer", sa.String(length=120), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("serial_number", sa.String(length=80), nullable=False),
        sa.Column("accuracy_class", sa.String(length=8), nullable=False),
        sa.Column("max_capacity", sa.Numeric(precision=14, scale=6), nullable=True),
        sa.Column("scale_interval", sa.Numeric(precision=14, scale=6), nullable=True),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("certificate_number", sa.String(length=60), nullable=False),
        sa.Column("stamp_number", sa.String(length=60), nullable=False),
        sa.Column("verified_by", sa.String(length=200), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("stated_until", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("is_reference_scale", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["business.id"], name=op.f("fk_measuring_instrument_business_id_business")
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["user_account.id"], name=op.f("fk_measuring_instrument_declared_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["user_account.id"], name=op.f("fk_measuring_instrument_confirmed_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measuring_instrument")),
        sa.UniqueConstraint("public_code", name=op.f("uq_measuring_instrument_public_code")),
    )
    op.create_index(op.f("ix_measuring_instrument_business_id"), "measuring_instrument", ["business_id"])
    op.create_index(op.f("ix_measuring_instrument_due_on"), "measuring_instrument", ["due_on"])
    with op.batch_alter_table("inspection_item") as batch:
        batch.add_column(sa.Column("instrument_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_inspection_item_instrument_id"), ["instrument_id"])
        batch.create_foreign_key(
            batch.f("fk_inspection_item_instrument_id_measuring_instrument"),
            "measuring_instrument",
            ["instrument_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_item") as batch:
        batch.drop_constraint(batch.f("fk_inspection_item_instrument_id_measuring_instrument"), type_="foreignkey")
        batch.drop_index(batch.f("ix_inspection_item_instrument_id"))
        batch.drop_column("instrument_id")
    op.drop_index(op.f("ix_measuring_instrument_due_on"), table_name="measuring_instrument")
    op.drop_index(op.f("ix_measuring_instrument_business_id"), table_name="measuring_instrument")
    op.drop_table("measuring_instrument")
