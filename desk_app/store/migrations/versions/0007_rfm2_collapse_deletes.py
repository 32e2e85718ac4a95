"""analysis_changes: a run of deletes is logged once (any delete makes the analysis cache
rebuild, so one row says all; undoing an import of millions of orders wrote a row each)

Revision ID: 0007_rfm2
Revises: 0006_rfm2
Create Date: 2026-12-01
"""
from alembic import op

revision = '0007_rfm2'
down_revision = '0006_rfm2'
branch_labels = None
depends_on = None

# the newest log row is already a delete: nothing more to say
LAST_IS_DELETE = ("(SELECT deleted FROM analysis_changes ORDER BY seq DESC LIMIT 1)")

SQLITE = {
    "trg_analysis_orders_del": f"""
        CREATE TRIGGER trg_analysis_orders_del AFTER DELETE ON orders
        WHEN COALESCE({LAST_IS_DELETE}, 0) = 0
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, 1);
        END""",
    "trg_analysis_customers_del": f"""
        CREATE TRIGGER trg_analysis_customers_del AFTER DELETE ON customers
        WHEN COALESCE({LAST_IS_DELETE}, 0) = 0
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.id, 1);
        END""",
}
SQLITE_BEFORE = {
    "trg_analysis_orders_del": """
        CREATE TRIGGER trg_analysis_orders_del AFTER DELETE ON orders
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, 1);
        END""",
    "trg_analysis_customers_del": """
        CREATE TRIGGER trg_analysis_customers_del AFTER DELETE ON customers
        BEGIN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.id, 1);
        END""",
}


def _pg_function(collapse: bool) -> str:
    guard = (f"IF COALESCE({LAST_IS_DELETE}, false) THEN RETURN NULL; END IF;"
             if collapse else "")
    return f"""
CREATE OR REPLACE FUNCTION analysis_log_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        {guard}
        IF TG_TABLE_NAME = 'orders' THEN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, true);
        ELSE
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.id, true);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'orders' THEN
        INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.customer_id, false);
        IF OLD.customer_id <> NEW.customer_id THEN
            INSERT INTO analysis_changes (customer_id, deleted) VALUES (OLD.customer_id, false);
        END IF;
    ELSE
        INSERT INTO analysis_changes (customer_id, deleted) VALUES (NEW.id, false);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def _swap(triggers: dict[str, str], collapse: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_function(collapse))
        return
    for name, sql in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(sql)


def upgrade() -> None:
    _swap(SQLITE, True)


def downgrade() -> None:
    _swap(SQLITE_BEFORE, False)
