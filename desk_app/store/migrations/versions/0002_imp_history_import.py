"""history import: import records, remembered mappings, aliases; orders and customers
remember the import that brought them

Revision ID: 0002_imp
Revises: 0003_let
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0002_imp'
down_revision = '0003_let'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('skipped_duplicates', sa.Integer(), nullable=False),
    sa.Column('new_customers', sa.Integer(), nullable=False),
    sa.Column('matched_customers', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('orders_written', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=60), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_imports_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_file_hash'), ['file_hash'], unique=False)

    op.create_table('import_mappings',
    sa.Column('header_key', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('header_key', 'kind', name=op.f('pk_import_mappings'))
    )
    op.create_table('import_aliases',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_import_aliases_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_import_aliases_import_id_imports')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_import_aliases'))
    )
    with op.batch_alter_table('import_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_aliases_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_aliases_import_id'), ['import_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_customers_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_customers_import_id_imports'), 'imports', ['import_id'], ['id'])

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('import_key', sa.String(length=160), nullable=True))
        batch_op.create_index(batch_op.f('ix_orders_import_id'), ['import_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_orders_import_key'), ['import_key'])
        batch_op.create_foreign_key(batch_op.f('fk_orders_import_id_imports'), 'imports', ['import_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_orders_import_id_imports'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_orders_import_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_orders_import_id'))
        batch_op.drop_column('import_key')
        batch_op.drop_column('import_id')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_customers_import_id_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_customers_import_id'))
        batch_op.drop_column('import_id')
    op.drop_table('import_aliases')
    op.drop_table('import_mappings')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_file_hash'))
    op.drop_table('imports')
