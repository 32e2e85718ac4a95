"""Queries behind 受注一覧, 入金確認 and the 同梱 offer, and the payment records.

A day's orders are one indexed query on ``order_date`` joined to the customer, with paid
sums from ``payments`` grouped in a second query; nothing here is per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.calendar import DEFAULT_CALENDAR, BusinessCalendar
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.money import PREPAID_PAYMENTS, RECORDED_PAYMENTS
from desk_app.domain.order_book import OrderRow, PaymentRecord
from desk_app.store.models import Customer, Operator, Order, OrderLine, Payment
from desk_app.store.shop_calendar import load_calendar


def paid_amounts(session: Session, order_ids: Iterable[int]) -> dict[int, tuple[int, date]]:
    """order id → (sum paid, last payment day), for orders with any payment."""
    ids = list(order_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Payment.order_id, func.sum(Payment.amount), func.max(Payment.paid_on))
        .where(Payment.order_id.in_(ids)).group_by(Payment.order_id))
    return {oid: (int(total or 0), last) for oid, total, last in rows}


def _rows(session: Session, where, order_by=None, limit: int | None = None) -> list[OrderRow]:
    lines = (select(func.count(OrderLine.id)).where(OrderLine.order_id == Order.id)
             .scalar_subquery())
    stmt = (select(Order, Customer.code, Customer.name, lines)
            .join(Customer, Customer.id == Order.customer_id).where(*where)
            .order_by(*(order_by or (Order.id,))))
    if limit:
        stmt = stmt.limit(limit)
    found = session.execute(stmt).all()
    paid = paid_amounts(session, [o.id for o, *_rest in found])
    out = []
    for o, code, name, n_lines in found:
        amount, last = paid.get(o.id, (0, None))
        out.append(OrderRow(o.id, o.order_date, o.customer_id, code, name, o.total, o.payment,
                            o.status, amount, last, o.delivery_date, o.delivery_slot,
                            o.ship_name or "", int(n_lines or 0), o.exported_at is not None))
    return out


def orders_of_day(session: Session, day: date) -> list[OrderRow]:
    """Every order taken on *day* (cancelled ones too), in the order they were taken."""
    return _rows(session, [Order.order_date == day])


def order_row(session: Session, order_id: int) -> OrderRow | None:
    rows = _rows(session, [Order.id == order_id])
    return rows[0] if rows else None


def awaiting_payment(session: Session, limit: int = 500) -> list[OrderRow]:
    """Active orders paid in advance or later whose money has not all arrived, oldest first."""
    paid = (select(func.coalesce(func.sum(Payment.amount), 0))
            .where(Payment.order_id == Order.id).scalar_subquery())
    return _rows(session, [Order.status == "active", Order.payment.in_(RECORDED_PAYMENTS),
                           paid < Order.total], (Order.order_date, Order.id), limit)


def add_payment(session: Session, order_id: int, amount: int, paid_on: date, *,
                operator_id: int | None, at: datetime) -> None:
    session.add(Payment(order_id=order_id, amount=amount, paid_on=paid_on, recorded_at=at,
                        operator_id=operator_id))
    session.flush()


def payments_of(session: Session, order_id: int) -> list[PaymentRecord]:
    """The payments recorded for an order, in the order they were recorded."""
    rows = session.execute(
        select(Payment.amount, Payment.paid_on, Payment.recorded_at, Operator.name)
        .outerjoin(Operator, Operator.id == Payment.operator_id)
        .where(Payment.order_id == order_id).order_by(Payment.recorded_at, Payment.id))
    return [PaymentRecord(int(a), d, at, name or "") for a, d, at, name in rows]


def open_orders(session: Session, customer_id: int, today: date,
                carrier: Carrier = DEFAULT_CARRIER) -> list[OrderRow]:
    """The customer's orders that have not left the shop (同梱 candidates), newest first:
    active, not in a shipping export yet, ship date today or later, and the desk's own (an
    imported sale never ships from here)."""
    rows = _rows(session, [Order.customer_id == customer_id, Order.status == "active",
                           Order.exported_at.is_(None), Order.import_id.is_(None)],
                 (Order.id.desc(),), 20)
    prefectures = dict(session.execute(
        select(Order.id, Order.ship_prefecture).where(Order.id.in_([r.number for r in rows]))
    ).all()) if rows else {}
    calendar = load_calendar(session)
    return [r for r in rows
            if (ship := ship_date_of(r, prefectures.get(r.number), carrier, calendar)) is None
            or ship >= today]


def ship_date_of(row: OrderRow, prefecture: str | None,
                 carrier: Carrier = DEFAULT_CARRIER,
                 calendar: BusinessCalendar = DEFAULT_CALENDAR) -> date | None:
    """When the order leaves the shop; None while a 前払い order waits for its money (its
    ship date then counts from the day it is paid)."""
    start = row.order_date
    if row.payment in PREPAID_PAYMENTS:
        if row.paid_amount < row.total or row.paid_on is None:
            return None
        start = max(start, row.paid_on)
    return carrier.ship_date(start, row.delivery_date, prefecture, calendar)
