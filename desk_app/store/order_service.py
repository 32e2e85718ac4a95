"""Placing, editing and cancelling orders: each one transaction with the RFM aggregates.

The order, its lines, the customer's aggregates (first/last order date, count, total) and,
for a first order, the thank-you letter are written in the caller's transaction, so they
commit or roll back together. Placing updates the aggregates incrementally with one atomic
``UPDATE … RETURNING`` (no read-modify-write race between two desks on PostgreSQL, and the
returned count tells whether this was the first order). Editing and cancelling recompute
that customer's aggregates from its active orders instead: exact, and cheap through the
(customer_id, order_date) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from desk_app.domain import money
from desk_app.domain.clock import now_utc, today_local
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.orders import (
    FieldError,
    OrderDraft,
    OrderRefused,
    PricedLine,
    ShipTo,
    check,
    next_business_day,
    split_prefecture,
)
from desk_app.domain.phone import try_normalize
from desk_app.domain.postal import clean_code
from desk_app.domain.text import clean
from desk_app.store.models import Customer, CustomerStats, Letter, Order, OrderLine, ShipAddress
from desk_app.store.orders import recompute_stats
from desk_app.store.products import load_catalogue

THANKS = "thanks"


@dataclass(frozen=True, slots=True)
class SavedOrder:
    order_id: int
    customer_id: int
    first_order: bool = False
    letter_id: int | None = None


def _customer(session: Session, customer_id: int | None) -> Customer:
    customer = session.get(Customer, customer_id) if customer_id is not None else None
    if customer is None:
        raise OrderRefused([FieldError("customer", "顧客が見つかりません。顧客番号を確かめて"
                                                   "ください。")])
    return customer


def _priced(session: Session, draft: OrderDraft, today: date, rules: money.FeeRules,
            carrier: Carrier, keep_delivery_date: date | None = None):
    catalogue = load_catalogue(session, [line.sku for line in draft.lines])
    customer = session.get(Customer, draft.customer_id) if draft.customer_id else None
    flags = tuple(f for f in (customer.caution_flags or "").split(",") if f) if customer else ()
    return check(draft, catalogue, today, rules, carrier, keep_delivery_date=keep_delivery_date,
                 customer_flags=flags)


def _fill(order: Order, draft: OrderDraft, lines: list[PricedLine], totals: money.Totals) -> None:
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


def _add_to_stats(session: Session, customer_id: int, day: date, total: int) -> int:
    """Count the order into the aggregates; returns the new order count."""
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
    # a long-lived session (the desk worker's) may hold this row from an earlier read
    loaded = session.identity_map.get(session.identity_key(CustomerStats, customer_id))
    if loaded is not None:
        session.expire(loaded)
    return count


def place_order(session: Session, draft: OrderDraft, *, today: date | None = None,
                operator_id: int | None = None, call_id: int | None = None,
                rules: money.FeeRules = money.DEFAULT_RULES, carrier: Carrier = DEFAULT_CARRIER,
                save_ship_to: bool = False) -> SavedOrder:
    """Validate and write a new order dated *today*; raises :class:`OrderRefused`.

    The caller owns the transaction (``with session.begin():``) and commits it.
    """
    today = today or today_local()
    customer = _customer(session, draft.customer_id)
    lines, totals = _priced(session, draft, today, rules, carrier)
    order = Order(customer_id=customer.id, order_date=today, status="active",
                  operator_id=operator_id, call_id=call_id)
    _fill(order, draft, lines, totals)
    session.add(order)
    if save_ship_to:
        _save_address(session, customer.id, draft.ship_to)
    session.flush()
    count = _add_to_stats(session, customer.id, today, totals.total)
    letter_id = None
    if count == 1 and not session.scalar(select(exists().where(
            Letter.customer_id == customer.id, Letter.kind == THANKS))):
        letter = Letter(kind=THANKS, customer_id=customer.id, order_id=order.id,
                        due_date=next_business_day(today))
        session.add(letter)
        session.flush()
        letter_id = letter.id
    return SavedOrder(order.id, customer.id, count == 1, letter_id)


def _save_address(session: Session, customer_id: int, ship: ShipTo | None) -> None:
    if ship is None:
        return
    pref, rest = split_prefecture(ship.address)
    phone = try_normalize(ship.phone)
    session.add(ShipAddress(customer_id=customer_id, name=ship.name.strip(),
                            postal_code=clean_code(ship.postal_code), prefecture=pref,
                            address1=rest, phone=phone.national if phone else ship.phone))


def _active_order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id, with_for_update=True)
    if order is None:
        raise OrderRefused([FieldError("order", f"受注番号 {order_id} が見つかりません。")])
    if order.status != "active":
        raise OrderRefused([FieldError("order", f"受注番号 {order_id} は取消済みです。")])
    return order


def _recompute(session: Session, customer_id: int) -> CustomerStats:
    session.execute(select(CustomerStats.customer_id)
                    .where(CustomerStats.customer_id == customer_id).with_for_update())
    session.flush()
    return recompute_stats(session, customer_id)


def edit_order(session: Session, order_id: int, draft: OrderDraft, *,
               today: date | None = None, rules: money.FeeRules = money.DEFAULT_RULES,
               carrier: Carrier = DEFAULT_CARRIER) -> SavedOrder:
    """Replace an active order's content (same customer and order date)."""
    today = today or today_local()
    order = _active_order(session, order_id)
    if draft.customer_id != order.customer_id:
        raise OrderRefused([FieldError("customer", "受注の顧客は変更できません。取り消して"
                                                   "新しく受注してください。")])
    lines, totals = _priced(session, draft, today, rules, carrier,
                            keep_delivery_date=order.delivery_date)
    _fill(order, draft, lines, totals)
    order.updated_at = now_utc()
    _recompute(session, order.customer_id)
    return SavedOrder(order.id, order.customer_id)


def cancel_order(session: Session, order_id: int, *, now: datetime | None = None) -> SavedOrder:
    """受注取消: the order stays (history), its money leaves the aggregates, and a
    thank-you letter not yet printed for it is withdrawn."""
    order = _active_order(session, order_id)
    order.status, order.cancelled_at = "cancelled", now or now_utc()
    session.execute(delete(Letter).where(Letter.order_id == order.id,
                                         Letter.printed_at.is_(None)))
    _recompute(session, order.customer_id)
    return SavedOrder(order.id, order.customer_id)
