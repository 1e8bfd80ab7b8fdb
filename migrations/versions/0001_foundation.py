"""Foundation: agencies, users, businesses, products, certifications, batches, scan counts.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 23:11:03.216820

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('name', name=op.f('uq_agency_name'))
    )
    op.create_table('business',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('registration_number', sa.String(length=20), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('quarter', sa.String(length=100), nullable=False),
    sa.Column('sector', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_changed_by_id', sa.Integer(), nullable=True),
    sa.Column('search_key', sa.String(length=600), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business')),
    sa.UniqueConstraint('registration_number', name=op.f('uq_business_registration_number'))
    )
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_status'), ['status'], unique=False)

    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('public_code', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('ingredients', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('net_quantity', sa.String(length=50), nullable=False),
    sa.Column('shelf_life', sa.String(length=50), nullable=False),
    sa.Column('standard_applied', sa.String(length=100), nullable=False),
    sa.Column('conformity_declaration', sa.String(length=200), nullable=False),
    sa.Column('image_name', sa.String(length=80), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('search_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_product_business_id_business')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('gtin', name=op.f('uq_product_gtin')),
    sa.UniqueConstraint('public_code', name=op.f('uq_product_public_code'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_name'), ['name'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('business_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_user_account_agency_id_agency')),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_user_account_business_id_business')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email')),
    sa.UniqueConstraint('phone', name=op.f('uq_user_account_phone'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_business_id'), ['business_id'], unique=False)

    # business <-> user_account refer to each other; the second key is added once both tables exist.
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_business_status_changed_by_id_user_account'), 'user_account', ['status_changed_by_id'], ['id']
        )

    op.create_table('batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('lot_code', sa.String(length=20), nullable=False),
    sa.Column('production_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=14, scale=3), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('public_code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_batch_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch')),
    sa.UniqueConstraint('product_id', 'lot_code', name=op.f('uq_batch_product_id_lot_code')),
    sa.UniqueConstraint('public_code', name=op.f('uq_batch_public_code'))
    )
    with op.batch_alter_table('batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batch_product_id'), ['product_id'], unique=False)

    op.create_table('certification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=True),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_certification_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification'))
    )
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_product_id'), ['product_id'], unique=False)

    op.create_table('scan_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_code', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batch.id'], name=op.f('fk_scan_day_batch_id_batch')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_scan_day_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_day')),
    sa.UniqueConstraint('public_code', 'day', name=op.f('uq_scan_day_public_code_day'))
    )
    with op.batch_alter_table('scan_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_day_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_day_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_day_product_id'), ['product_id'], unique=False)



def downgrade():
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_business_status_changed_by_id_user_account'), type_='foreignkey')

    with op.batch_alter_table('scan_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_day_product_id'))
        batch_op.drop_index(batch_op.f('ix_scan_day_day'))
        batch_op.drop_index(batch_op.f('ix_scan_day_batch_id'))

    op.drop_table('scan_day')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_product_id'))

    op.drop_table('certification')
    with op.batch_alter_table('batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batch_product_id'))

    op.drop_table('batch')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_business_id'))
        batch_op.drop_index(batch_op.f('ix_user_account_agency_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_name'))
        batch_op.drop_index(batch_op.f('ix_product_business_id'))

    op.drop_table('product')
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_status'))
        batch_op.drop_index(batch_op.f('ix_business_phone'))
        batch_op.drop_index(batch_op.f('ix_business_name'))

    op.drop_table('business')
    op.drop_table('agency')
