"""calls.outcome follows the call's life at the desk: "ringing" (pop-up up, nobody took it)
and "answered" (a clerk acted on it) replace "popup" (shown, whatever happened after)

Rows written before this revision said only that a pop-up was shown; the call list showed
them as 応答, so they become "answered" and the history reads as before.

Revision ID: 0008_calls
Revises: 0007_rfm2
Create Date: 2026-12-01
"""
from alembic import op

revision = '0008_calls'
down_revision = '0007_rfm2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE calls SET outcome = 'answered' WHERE outcome = 'popup'")


def downgrade() -> None:
    op.execute("UPDATE calls SET outcome = 'popup' WHERE outcome IN ('ringing', 'answered')")
