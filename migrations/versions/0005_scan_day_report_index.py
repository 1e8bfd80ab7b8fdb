"""Scan days: a covering index (day, product_id, count) for the plan report's sums, replacing the one on day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scan_day', schema=None) as batch_op:
        batch_op.create_index('ix_scan_day_day_product_id_count', ['day', 'product_id', 'count'], unique=False)
        batch_op.drop_index('ix_scan_day_day')


def downgrade():
    with op.batch_alter_table('scan_day', schema=None) as batch_op:
        batch_op.create_index('ix_scan_day_day', ['day'], unique=False)
        batch_op.drop_index('ix_scan_day_day_product_id_count')
