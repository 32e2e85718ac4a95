"""Customer changes: the customer import that made one

A customer master imported after the sales history fills what a matched customer has
empty (フリガナ, 住所, 電話番号 …) and records each filled field in 変更履歴 as a desk's edit
is recorded. ``customer_changes.import_id`` names that import, so undoing it takes back
exactly what it filled (``store.history_import.completing``).

Revision ID: 0013_cchg
Revises: 0012_imp
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_cchg'
down_revision = '0012_imp'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_customer_changes_import_id'), ['import_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_customer_changes_import_id_imports'),
                                    'imports', ['import_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_customer_changes_import_id_imports'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_customer_changes_import_id'))
        batch_op.drop_column('import_id')
