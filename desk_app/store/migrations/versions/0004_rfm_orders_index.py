"""RFM: a covering index for the analysis engine's one pass over the active orders

The engine reads customer, date and total of every active order; through this index SQLite
scans a few hundred MB of index instead of the whole orders table (ship-to, memo, …),
which at 6M orders is the difference between seconds and half a minute on a cold cache.

Revision ID: 0004_rfm
Revises: 0002_imp
Create Date: 2026-12-01
"""
from alembic import op

revision = '0004_rfm'
down_revision = '0002_imp'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_orders_rfm', 'orders', ['status', 'customer_id', 'order_date', 'total'])


def downgrade() -> None:
    op.drop_index('ix_orders_rfm', table_name='orders')
