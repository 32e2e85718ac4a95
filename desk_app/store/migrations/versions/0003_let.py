"""follow-up letters: rules, templates, print records, shop settings, runs-out dates

Revision ID: 0003_let
Revises: 0002_desk
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_let'
down_revision = '0002_desk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letter_rules',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_letter_rules'))
    )
    op.create_table('letter_rule_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_letter_rule_changes_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_rule_changes'))
    )
    op.create_table('letter_templates',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_letter_templates_operator_id_operators')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_letter_templates'))
    )
    op.create_table('letter_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_key', sa.String(length=120), nullable=False),
    sa.Column('rule_key', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('printed_on', sa.Date(), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('output', sa.String(length=12), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_letter_prints_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_letter_prints_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_prints'))
    )
    with op.batch_alter_table('letter_prints', schema=None) as batch_op:
        batch_op.create_index('ix_letter_prints_customer_day', ['customer_id', 'printed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_prints_letter_key'), ['letter_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_prints_printed_on'), ['printed_on'], unique=False)
    op.create_table('shop_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_shop_settings'))
    )
    with op.batch_alter_table('customer_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_stats_first_order_date'), ['first_order_date'], unique=False)
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runs_out_on', sa.Date(), nullable=True))
    # orders saved before this revision: their lines' runs-out dates from today's catalogue
    # (only lines of products with consumption days; the index comes after, built once)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("""
            UPDATE order_lines SET runs_out_on = (
                SELECT date(o.order_date, '+' || (p.consumption_days * order_lines.quantity)
                            || ' days')
                FROM orders o, products p
                WHERE o.id = order_lines.order_id AND p.id = order_lines.product_id
                  AND p.consumption_days > 0 AND order_lines.quantity > 0)
            WHERE product_id IN (SELECT id FROM products WHERE consumption_days > 0)""")
    else:
        op.execute("""
            UPDATE order_lines l SET runs_out_on = o.order_date + p.consumption_days * l.quantity
            FROM orders o, products p
            WHERE o.id = l.order_id AND p.id = l.product_id
              AND p.consumption_days > 0 AND l.quantity > 0""")
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_runs_out_on'), ['runs_out_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_runs_out_on'))
        batch_op.drop_column('runs_out_on')
    with op.batch_alter_table('customer_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_stats_first_order_date'))
    op.drop_table('shop_settings')
    with op.batch_alter_table('letter_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_prints_printed_on'))
        batch_op.drop_index(batch_op.f('ix_letter_prints_letter_key'))
        batch_op.drop_index('ix_letter_prints_customer_day')
    op.drop_table('letter_prints')
    op.drop_table('letter_templates')
    op.drop_table('letter_rule_changes')
    op.drop_table('letter_rules')
