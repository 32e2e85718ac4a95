"""Writing orders and the RFM aggregates beside them (the SQL; ``services.orders`` decides).

The order, its lines and the customer's aggregates (first/last order date, count, total)
are written in the caller's transaction, so they commit or roll back together. Placing
updates the aggregates incrementally with one atomic ``UPDATE … RETURNING`` (no
read-modify-write race between two desks on PostgreSQL, and the returned count tells
whether this was the first order). Editing and cancelling recompute that customer's
aggregates from its active orders instead: exact, and cheap through the
(customer_id, order_date) index.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from desk_app.domain import money
from desk_app.domain.orders import OrderDraft, PricedLine, ShipTo, split_prefecture
from desk_app.domain.phone import try_normalize
from desk_app.domain.postal import clean_code
from desk_app.domain.text import clean
from desk_app.store.models import CustomerStats, Order, OrderLine, ShipAddress
from desk_app.store.orders import recompute_stats


def fill(order: Order, draft: OrderDraft, lines: Sequence[PricedLine],
         totals: money.Totals) -> None:
    """Copy a checked draft, its priced lines and totals onto *order* (new or edited)."""
    ship = draft.ship_to
    assert ship is not None  # check() refused a draft without one
    phone = try_normalize(ship.phone)
    order.payment = draft.payment
    order.ship_name = ship.name.strip()
    order.ship_postal_code = clean_code(ship.postal_code)
    order.ship_prefecture = ship.prefecture
    order.ship_address = " ".join(ship.address.split())
    order.ship_phone = phone.national if phone else ship.phone
    order.delivery_date, order.delivery_slot = draft.delivery_date, draft.slot or None
    order.noshi_omote = draft.noshi.omote.strip() if draft.noshi else None
    order.noshi_name = (draft.noshi.name.strip() or None) if draft.noshi else None
    order.noshi_kind = draft.noshi.kind if draft.noshi else None
    order.sender_name = clean(draft.sender_name) or None
    order.gift_wrap = draft.gift_wrap
    order.memo = draft.memo.strip() or None
    order.subtotal_8, order.subtotal_10 = totals.subtotal_by_rate[8], totals.subtotal_by_rate[10]
    order.tax_8, order.tax_10 = totals.tax_by_rate[8], totals.tax_by_rate[10]
    order.shipping_fee, order.cod_fee, order.total = totals.shipping_fee, totals.cod_fee, totals.total
    order.lines = [OrderLine(line_no=p.line_no, product_id=p.product_id, sku=p.sku, name=p.name,
                             unit_price=p.unit_price, quantity=p.quantity, tax_rate=p.tax_rate,
                             amount=p.amount) for p in lines]


def insert_order(session: Session, customer_id: int, day: date, draft: OrderDraft,
                 lines: Sequence[PricedLine], totals: money.Totals, *,
                 operator_id: int | None = None, call_id: int | None = None) -> Order:
    """A new active order dated *day* (flushed: it has its id)."""
    order = Order(customer_id=customer_id, order_date=day, status="active",
                  operator_id=operator_id, call_id=call_id)
    fill(order, draft, lines, totals)
    session.add(order)
    session.flush()
    return order


def add_to_stats(session: Session, customer_id: int, day: date, total: int) -> int:
    """Count a new order into the aggregates; returns the new order count."""
    s = CustomerStats
    count = session.execute(
        update(s).where(s.customer_id == customer_id)
        .values(orders_count=s.orders_count + 1, total_amount=s.total_amount + total,
                first_order_date=case((or_(s.first_order_date.is_(None),
                                           s.first_order_date > day), day),
                                      else_=s.first_order_date),
                last_order_date=case((or_(s.last_order_date.is_(None),
                                          s.last_order_date < day), day),
                                     else_=s.last_order_date))
        .returning(s.orders_count)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if count is None:  # a customer imported without a stats row
        session.add(CustomerStats(customer_id=customer_id, first_order_date=day,
                                  last_order_date=day, orders_count=1, total_amount=total))
        return 1
    # this session may hold the row from an earlier read: let the next read see the update
    loaded = session.identity_map.get(session.identity_key(CustomerStats, customer_id))
    if loaded is not None:
        session.expire(loaded)
    return int(count)


def save_ship_address(session: Session, customer_id: int, ship: ShipTo) -> None:
    """Keep a gift recipient's address for the customer's next order."""
    pref, rest = split_prefecture(ship.address)
    phone = try_normalize(ship.phone)
    session.add(ShipAddress(customer_id=customer_id, name=ship.name.strip(),
                            postal_code=clean_code(ship.postal_code), prefecture=pref,
                            address1=rest, phone=phone.national if phone else ship.phone))


def order_for_update(session: Session, order_id: int) -> Order | None:
    """The order, row-locked until the transaction ends (edit and cancel)."""
    return session.get(Order, order_id, with_for_update=True)


def mark_cancelled(order: Order, at: datetime) -> None:
    order.status, order.cancelled_at = "cancelled", at


def recompute(session: Session, customer_id: int) -> CustomerStats:
    """Lock the customer's aggregates row and rebuild it from the active orders."""
    session.execute(select(CustomerStats.customer_id)
                    .where(CustomerStats.customer_id == customer_id).with_for_update())
    session.flush()
    return recompute_stats(session, customer_id)

