"""Order reads for the pop-up and card, and the RFM aggregates kept beside the orders.

The aggregates (first/last order date, count, total) are what the pop-up shows and what
stages are computed from; they change in the same transaction as the orders so they can
never drift. :func:`recompute_stats` is the slow, obviously-correct version used to check
the fast path and to repair a store after an import.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.customer import OrderItemView, OrderView
from desk_app.store.models import CustomerStats, Order, OrderLine


def recent_orders(session: Session, customer_id: int, limit: int = 10) -> list[OrderView]:
    """The last *limit* orders, newest first, each with its items (two indexed queries)."""
    orders = session.execute(
        select(Order.id, Order.order_date, Order.status, Order.payment, Order.total)
        .where(Order.customer_id == customer_id)
        .order_by(Order.order_date.desc(), Order.id.desc()).limit(limit)).all()
    if not orders:
        return []
    items: dict[int, list[OrderItemView]] = defaultdict(list)
    for line in session.execute(
            select(OrderLine.order_id, OrderLine.sku, OrderLine.name, OrderLine.quantity,
                   OrderLine.unit_price, OrderLine.tax_rate, OrderLine.amount)
            .where(OrderLine.order_id.in_([o.id for o in orders]))
            .order_by(OrderLine.order_id, OrderLine.line_no)):
        items[line.order_id].append(OrderItemView(line.sku, line.name, line.quantity,
                                                  line.unit_price, line.tax_rate, line.amount))
    return [OrderView(o.id, o.order_date, o.status, o.payment, o.total, tuple(items[o.id]))
            for o in orders]


def recompute_stats(session: Session, customer_id: int) -> CustomerStats:
    """Aggregates from the active orders themselves (the reference the fast path must equal)."""
    row = session.execute(
        select(func.min(Order.order_date), func.max(Order.order_date), func.count(Order.id),
               func.coalesce(func.sum(Order.total), 0))
        .where(Order.customer_id == customer_id, Order.status == "active")).one()
    stats = session.get(CustomerStats, customer_id)
    if stats is None:
        stats = CustomerStats(customer_id=customer_id)
        session.add(stats)
    stats.first_order_date, stats.last_order_date = row[0], row[1]
    stats.orders_count, stats.total_amount = int(row[2]), int(row[3])
    return stats
