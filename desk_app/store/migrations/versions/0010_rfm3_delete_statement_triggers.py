"""analysis_changes on PostgreSQL: each DELETE statement logs the customers it touched
(statement triggers with transition tables), instead of one row per run of deletes

0007_rfm2's run of deletes said nothing for a delete after a delete row. A cache written
at that row (right after a delete, or on a shared store while another desk's transaction
was still deleting) never saw the later delete: a customer with no orders stayed in the
figures. And the look-back over rows committed late (rfm_load.changes_since) read again
only the first customer of the run. Now one statement, however many rows it deletes,
writes one row per customer: what an import undo costs is its customers, not its orders,
and nothing is left out.

SQLite has no statement triggers: it keeps 0007's run of deletes, and a change marker is
never taken on it (rfm_load.change_marker puts a row after it first). Nothing changes in
a SQLite store.

Revision ID: 0010_rfm3
Revises: 0009_let4
Create Date: 2026-12-01
"""
from alembic import op

revision = '0010_rfm3'
down_revision = '0009_let4'
branch_labels = None
depends_on = None

DELETE_TRIGGERS = {"trg_analysis_orders_del": "orders",
                   "trg_analysis_customers_del": "customers"}

UPDATES_FUNCTION = """
CREATE OR REPLACE FUNCTION analysis_log_change() RETURNS trigger AS $$
BEGIN
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

DELETES_FUNCTION = """
CREATE OR REPLACE FUNCTION analysis_log_deletes() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'orders' THEN
        INSERT INTO analysis_changes (customer_id, deleted)
            SELECT DISTINCT customer_id, true FROM gone;
    ELSE
        INSERT INTO analysis_changes (customer_id, deleted) SELECT id, true FROM gone;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""

# 0007_rfm2's function, for the downgrade: the row triggers of both events call it
RUN_FUNCTION = """
CREATE OR REPLACE FUNCTION analysis_log_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF COALESCE((SELECT deleted FROM analysis_changes ORDER BY seq DESC LIMIT 1), false)
        THEN RETURN NULL; END IF;
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DELETES_FUNCTION)
    for name, table in DELETE_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"CREATE TRIGGER {name} AFTER DELETE ON {table} REFERENCING OLD TABLE "
                   f"AS gone FOR EACH STATEMENT EXECUTE FUNCTION analysis_log_deletes()")
    op.execute(UPDATES_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(RUN_FUNCTION)
    for name, table in DELETE_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"CREATE TRIGGER {name} AFTER DELETE ON {table} FOR EACH ROW "
                   f"EXECUTE FUNCTION analysis_log_change()")
    op.execute("DROP FUNCTION IF EXISTS analysis_log_deletes()")
