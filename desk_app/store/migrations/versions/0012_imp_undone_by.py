"""Imports: who undid one, as who made it — the desk's operator, and the OS user (the CLI)

An import records its operator and OS user (``operator_id``, ``created_by``); its undo
recorded only the time (``undone_at``), so 取込の履歴 could not say who removed a shop's
history. Imports undone before this revision keep an empty "who".

Revision ID: 0012_imp
Revises: 0011_calls
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_imp'
down_revision = '0011_calls'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('undone_operator_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('undone_by', sa.String(length=60), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_imports_undone_operator_id_operators'),
                                    'operators', ['undone_operator_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_imports_undone_operator_id_operators'),
                                 type_='foreignkey')
        batch_op.drop_column('undone_by')
        batch_op.drop_column('undone_operator_id')
