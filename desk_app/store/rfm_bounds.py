"""RFM quintile bounds over the per-customer aggregates, for the screens that show one
customer (pop-up, card, search list) when the shop scores RFM by quintiles.

The bounds are the same as the analysis engine's (``domain.stages.quintile_bounds``: the
values at the 20/40/60/80 % positions of the customers with an order, lower middle), read
from ``customer_stats`` through its indexes (``ORDER BY … LIMIT 1 OFFSET k``: index steps
only, no sort), without numpy, so the pop-up path stays light. Customers without an order
have count 0, total 0 and no last order date, so they sort first (or are left out) and
are skipped by offset. Orders dated after the day are not expected in the aggregates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

Bounds = tuple[int, int, int, int]


def positions(n: int) -> list[int]:
    return [max(0, (n * k + 4) // 5 - 1) for k in (1, 2, 3, 4)]


def _value_at(session: Session, sql: str, offset: int) -> object:
    return session.execute(text(f"{sql} LIMIT 1 OFFSET {int(offset)}")).scalar()


def _int_at(session: Session, column: str, offset: int) -> int:
    value = _value_at(session, f"SELECT {column} FROM customer_stats ORDER BY {column}", offset)
    return int(value) if isinstance(value, int | float | str) else 0


def quintile_bounds(session: Session, today: date) -> tuple[Bounds, Bounds, Bounds]:
    """(recency days, order count, total yen) bounds as of *today*."""
    n_all = int(session.execute(text("SELECT count(*) FROM customer_stats")).scalar() or 0)
    n = int(session.execute(text("SELECT count(*) FROM customer_stats WHERE orders_count > 0"))
            .scalar() or 0)
    if n == 0:
        zero = (0, 0, 0, 0)
        return zero, zero, zero
    skip = n_all - n  # the customers without an order, first in count and total order
    pos = positions(n)
    freq = tuple(_int_at(session, "orders_count", skip + p) for p in pos)
    money = tuple(_int_at(session, "total_amount", skip + p) for p in pos)
    recency = []
    for p in pos:  # fewest days first: the latest last orders first
        last = _value_at(session, "SELECT last_order_date FROM customer_stats WHERE "
                                  "last_order_date IS NOT NULL ORDER BY last_order_date DESC", p)
        day = last if isinstance(last, date) else date.fromisoformat(str(last)[:10])
        recency.append((today - day).days)
    return tuple(recency), freq, money  # type: ignore[return-value]
