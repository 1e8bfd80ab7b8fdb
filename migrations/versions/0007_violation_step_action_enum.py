"""Violation steps: the action is a ViolationStepAction, stored like every other enum column (String(20)).

The stored values do not change ("recorded", "remedy_reported", … at most 16 characters), so existing rows fit
the narrower column and keep their values; downgrade widens it back to String(30).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('violation_step', schema=None) as batch_op:
        batch_op.alter_column(
            'action',
            existing_type=sa.String(length=30),
            type_=sa.String(length=20),
            existing_nullable=False,
        )


def downgrade():
    with op.batch_alter_table('violation_step', schema=None) as batch_op:
        batch_op.alter_column(
            'action',
            existing_type=sa.String(length=20),
            type_=sa.String(length=30),
            existing_nullable=False,
        )
