"""RFM quintile bounds over the per-customer aggregates, for the screens that show one
customer (pop-up, card, search list) when the shop scores RFM by quintiles.

The bounds are the same as the analysis engine's (``domain.stages.quintile_bounds``: the
values at the 20/40/60/80 % positions, lower middle) but come from ``customer_stats`` in
three sorted scans, without numpy, so the pop-up path stays light.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session


def _positions(n: int) -> list[int]:
    return [max(0, (n * k + 4) // 5 - 1) for k in (1, 2, 3, 4)]


def _at_positions(session: Session, expr: str, where: str, n: int,
                  params: dict) -> tuple[int, int, int, int]:
    pos = _positions(n)
    rows = session.execute(text(
        f"SELECT rn, v FROM (SELECT {expr} AS v, row_number() OVER (ORDER BY {expr}) - 1 AS rn "
        f"FROM customer_stats WHERE {where}) ranked WHERE rn IN ({', '.join(map(str, pos))})"),
        params).all()
    by_pos = {int(r[0]): int(r[1]) for r in rows}
    return tuple(by_pos.get(p, 0) for p in pos)  # type: ignore[return-value]


def quintile_bounds(session: Session, today: date
                    ) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int],
                               tuple[int, int, int, int]]:
    """(recency days, order count, total yen) bounds over the customers with an order by
    *today* (their aggregates as stored: orders dated after today are not expected)."""
    where = "orders_count > 0 AND last_order_date <= :today"
    sqlite = session.get_bind().dialect.name == "sqlite"
    params = {"today": today.isoformat() if sqlite else today}
    n = int(session.execute(text(f"SELECT count(*) FROM customer_stats WHERE {where}"),
                            params).scalar() or 0)
    if n == 0:
        zero = (0, 0, 0, 0)
        return zero, zero, zero
    # recency ascending is the last order date descending
    lasts = _at_positions(session, f"-1 * ({_day_number(session)})", where, n, params)
    today_n = (today - date(1970, 1, 1)).days
    recency = tuple(today_n + v for v in lasts)  # v = −day number of the last order
    return (recency, _at_positions(session, "orders_count", where, n, params),  # type: ignore[return-value]
            _at_positions(session, "total_amount", where, n, params))


def _day_number(session: Session) -> str:
    if session.get_bind().dialect.name == "sqlite":
        return "CAST(julianday(last_order_date) - 2440587.5 AS INTEGER)"
    return "(last_order_date - DATE '1970-01-01')"
