"""analysis_changes: the log of order/customer updates and deletes the analysis cache
checks itself against (written by triggers, so every writer is covered: the desk, the CLI,
imports, another desk on the same PostgreSQL, a hand-made UPDATE); indexes on
customer_stats' order count and total for the RFM quintile bounds

Revision ID: 0006_rfm2
Revises: 0005_let
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_rfm2'
down_revision = '0005_let'
branch_labels = None
depends_on = None

# (trigger, table, event, columns of UPDATE OF, the rows logged)
SQLITE_TRIGGERS = {
    "trg_analysis_orders_upd": """
        CREATE TRIGGER trg_analysis_orders_upd
        AFTER UPDATE OF customer_id, order_date, status, total ON orders
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.customer_id, 0);
            INSERT INTO analysis_changes (customer_id, deleted)
                SELECT OLD.customer_id, 0 WHERE OLD.customer_id <> NEW.customer_id;
        END""",
    "trg_analysis_orders_del": """
        CREATE TRIGGER trg_analysis_orders_del AFTER DELETE ON orders
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, 1);
        END""",
    "trg_analysis_customers_upd": """
        CREATE TRIGGER trg_analysis_customers_upd AFTER UPDATE OF created_at ON customers
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.id, 0);
        END""",
    "trg_analysis_customers_del": """
        CREATE TRIGGER trg_analysis_customers_del AFTER DELETE ON customers
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.id, 1);
        END""",
}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION analysis_log_change() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'orders' THEN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, true);
        ELSE
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.customer_id, false);
            IF OLD.customer_id <> NEW.customer_id THEN
                INSERT INTO analysis_changes (customer_id, deleted)
                VALUES (OLD.customer_id, false);
            END IF;
        END IF;
    ELSE
        IF TG_OP = 'DELETE' THEN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.id, true);
        ELSE
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.id, false);
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""

PG_TRIGGERS = {
    "trg_analysis_orders_upd": "AFTER UPDATE OF customer_id, order_date, status, total "
                               "ON orders",
    "trg_analysis_orders_del": "AFTER DELETE ON orders",
    "trg_analysis_customers_upd": "AFTER UPDATE OF created_at ON customers",
    "trg_analysis_customers_del": "AFTER DELETE ON customers",
}


def upgrade() -> None:
    op.create_table(
        'analysis_changes',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
    )
    # the RFM quintile bounds of one-customer screens read these in order (rfm_bounds.py)
    op.create_index('ix_customer_stats_orders_count', 'customer_stats', ['orders_count'])
    op.create_index('ix_customer_stats_total_amount', 'customer_stats', ['total_amount'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for name, when in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW "
                       f"EXECUTE FUNCTION analysis_log_change()")
    else:
        for sql in SQLITE_TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, when in PG_TRIGGERS.items():
            table = when.rsplit(" ", 1)[1]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS analysis_log_change()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index('ix_customer_stats_total_amount', table_name='customer_stats')
    op.drop_index('ix_customer_stats_orders_count', table_name='customer_stats')
    op.drop_table('analysis_changes')
