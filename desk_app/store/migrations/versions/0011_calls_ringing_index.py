"""Calls: a partial index on the calls still ringing, for the desk's start

At start the desk turns the rings a closed or crashed desk left "ringing" into "missed"
(``store.calls.close_stale_rings``), on the database queue that the first ring's lookup
waits on. ``calls.outcome`` has no index, so that read walked every call older than ten
minutes through the ``received_at`` index: the whole call history, growing every day.
This index holds only the ringing calls (a handful), so the read costs what there is to
close. The query names the outcome as a literal, as the index's WHERE does, or the planner
cannot use it (the model declares the same index: ``models.Call``).

Revision ID: 0011_calls
Revises: 0010_rfm3
Create Date: 2026-12-01
"""
from alembic import op

revision = '0011_calls'
down_revision = '0010_rfm3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_calls_ringing ON calls (received_at) "
               "WHERE outcome = 'ringing'")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_calls_ringing")
