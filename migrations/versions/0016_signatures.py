"""Signatures on inspection and violation records: drawn on the screen, or refused with a reason and a witness.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.String(length=40), nullable=True),
        sa.Column("signer_kind", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_position", sa.String(length=120), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("refusal_reason", sa.Text(), nullable=False),
        sa.Column("witness_name", sa.String(length=120), nullable=False),
        sa.Column("witness_image", sa.LargeBinary(), nullable=True),
        sa.Column("witness_image_sha256", sa.String(length=64), nullable=False),
        sa.Column("captured_by_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_record_signature_inspection_id_inspection")
        ),
        sa.ForeignKeyConstraint(
            ["violation_id"], ["violation.id"], name=op.f("fk_record_signature_violation_id_violation")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["inspection_member.id"], name=op.f("fk_record_signature_member_id_inspection_member")
        ),
        sa.ForeignKeyConstraint(
            ["captured_by_id"], ["user_account.id"], name=op.f("fk_record_signature_captured_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["user_account.id"], name=op.f("fk_record_signature_voided_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_signature")),
        sa.UniqueConstraint("slot", name=op.f("uq_record_signature_slot")),
    )
    op.create_index(op.f("ix_record_signature_inspection_id"), "record_signature", ["inspection_id"])
    op.create_index(op.f("ix_record_signature_violation_id"), "record_signature", ["violation_id"])
    op.create_index(op.f("ix_record_signature_member_id"), "record_signature", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_record_signature_member_id"), table_name="record_signature")
    op.drop_index(op.f("ix_record_signature_violation_id"), table_name="record_signature")
    op.drop_index(op.f("ix_record_signature_inspection_id"), table_name="record_signature")
    op.drop_table("record_signature")
