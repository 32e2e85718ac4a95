"""the call desk as clerks use it: customer edits with history, payments, gifts, notes on
unknown numbers

- customers: caution_flags (代引不可 / DM不可), company, department
- orders: noshi_kind (内のし / 外のし), sender_name (ご依頼主), exported_at (no 同梱 after it)
- notes: customer_id may be empty while a note belongs to an unknown number; number;
  done_by_id (who marked it 対応済み)
- customer_changes: 変更履歴 (who changed which field when, old and new value)
- payments: 入金 (amount, day, who recorded it)

Revision ID: 0002_desk
Revises: 0002_rfm
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0002_desk'
down_revision = '0002_rfm'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('caution_flags', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('company', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('department', sa.String(length=60), nullable=True))

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('noshi_kind', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('sender_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.alter_column('customer_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('number', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('done_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notes_done_by_id_operators'), 'operators',
                                    ['done_by_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_notes_number'), ['number'], unique=False)

    op.create_table('customer_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=30), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_changes_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_customer_changes_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_changes'))
    )
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.create_index('ix_customer_changes_customer_at', ['customer_id', 'changed_at'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_payments_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_payments_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_paid_on'), ['paid_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_paid_on'))
        batch_op.drop_index(batch_op.f('ix_payments_order_id'))
    op.drop_table('payments')
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_changes_customer_at')
    op.drop_table('customer_changes')
    op.execute("DELETE FROM notes WHERE customer_id IS NULL")
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_number'))
        batch_op.drop_constraint(batch_op.f('fk_notes_done_by_id_operators'), type_='foreignkey')
        batch_op.drop_column('done_by_id')
        batch_op.drop_column('number')
        batch_op.alter_column('customer_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('exported_at')
        batch_op.drop_column('sender_name')
        batch_op.drop_column('noshi_kind')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('department')
        batch_op.drop_column('company')
        batch_op.drop_column('caution_flags')
