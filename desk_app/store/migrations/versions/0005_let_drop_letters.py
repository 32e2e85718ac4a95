"""drop the old letters table: letters are derived from orders and rules; what was printed
is in letter_prints (0003_let)

Revision ID: 0005_let
Revises: 0004_rfm
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0005_let'
down_revision = '0004_rfm'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a letter the old desk marked printed stays on record as printed (never comes again)
    op.execute("""
        INSERT INTO letter_prints (letter_key, rule_key, customer_id, channel, due_date,
                                   reason, printed_on, printed_at, operator_id, output, reprint)
        SELECT 'thanks:' || customer_id || ':' || 'first', 'thanks', customer_id, 'letter',
               due_date,
               '', due_date, printed_at, NULL, 'letters', false
        FROM letters WHERE printed_at IS NOT NULL AND kind = 'thanks'""")
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_due_date'))
        batch_op.drop_index(batch_op.f('ix_letters_customer_id'))
    op.drop_table('letters')


def downgrade() -> None:
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_letters_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_letters_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_due_date'), ['due_date'], unique=False)
