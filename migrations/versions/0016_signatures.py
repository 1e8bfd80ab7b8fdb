"""Signatures on inspection and violation records (placeholder).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 03:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
