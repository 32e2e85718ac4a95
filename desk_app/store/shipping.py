"""The parcels that leave the shop on a day: the query behind the Yamato export and the
day's slips (``services/shipping.py`` and ``services/slips.py`` call it; the B2 format in
``exports/yamato_b2.py`` gets the rows and never a Session)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.money import PREPAID_PAYMENTS
from desk_app.domain.parcels import Orderer, Parcel, ParcelLine
from desk_app.store.models import Customer, Order, OrderLine, Payment, Phone
from desk_app.store.order_book import paid_amounts
from desk_app.store.shop_calendar import load_calendar


def due_orders(session: Session, ship_date: date, carrier: Carrier = DEFAULT_CARRIER) -> list[Order]:
    """Active orders that leave the shop on *ship_date* (see Carrier.ship_date).

    A 前払い order leaves only once paid in full, counting from the day it was paid; one
    still 入金待ち is not due (:func:`held_for_payment` lists those)."""
    return _due(session, ship_date, carrier)[0]


def held_for_payment(session: Session, ship_date: date,
                     carrier: Carrier = DEFAULT_CARRIER) -> list[int]:
    """前払い orders that would leave on *ship_date* but are still 入金待ち (not exported)."""
    return _due(session, ship_date, carrier)[1]


def due_parcels(session: Session, ship_date: date,
                carrier: Carrier = DEFAULT_CARRIER) -> tuple[list[Parcel], list[int]]:
    """(the parcels leaving on *ship_date*, in order number order; the 前払い orders held
    until paid): what a shipping file is made of."""
    due, held = _due(session, ship_date, carrier)
    ids = [o.id for o in due]
    lines: dict[int, list[ParcelLine]] = {i: [] for i in ids}
    if ids:
        for order_id, sku, name in session.execute(
                select(OrderLine.order_id, OrderLine.sku, OrderLine.name)
                .where(OrderLine.order_id.in_(ids))
                .order_by(OrderLine.order_id, OrderLine.line_no)):
            lines[order_id].append(ParcelLine(sku, name))
    customer_ids = {o.customer_id for o in due}
    customers = {c.id: c for c in session.scalars(
        select(Customer).where(Customer.id.in_(customer_ids)))} if customer_ids else {}
    phones: dict[int, str] = {}
    if customer_ids:
        for customer_id, national in session.execute(
                select(Phone.customer_id, Phone.national)
                .where(Phone.customer_id.in_(customer_ids)).order_by(Phone.id)):
            phones.setdefault(customer_id, national)
    return [_parcel(o, lines[o.id], customers.get(o.customer_id), phones) for o in due], held


def _parcel(o: Order, lines: list[ParcelLine], c: Customer | None,
            phones: dict[int, str]) -> Parcel:
    orderer = None if c is None else Orderer(
        name=c.name, postal_code=c.postal_code, address1=c.address1,
        address="".join(p for p in (c.prefecture, c.city, c.address1) if p),
        building=c.address2 or "", phone=phones.get(c.id))
    return Parcel(order_id=o.id, payment=o.payment, total=o.total, tax=o.tax_8 + o.tax_10,
                  ship_name=o.ship_name, ship_postal_code=o.ship_postal_code,
                  ship_address=o.ship_address, ship_phone=o.ship_phone,
                  delivery_date=o.delivery_date, delivery_slot=o.delivery_slot,
                  sender_name=o.sender_name, lines=tuple(lines), orderer=orderer)


def _due(session: Session, ship_date: date, carrier: Carrier) -> tuple[list[Order], list[int]]:
    calendar = load_calendar(session)  # the shop's open days (domain.calendar)
    transit = [carrier.default_transit_days, *carrier.transit_days_by_region.values()]
    # a delivery date whose ship day (date − transit) is closed ships on the open day
    # before: look as far ahead as the closed run after the ship date reaches
    after = calendar.next_open(ship_date) if calendar.is_open(ship_date) else ship_date
    lo = ship_date + timedelta(days=min(transit))
    hi = after - timedelta(days=1) + timedelta(days=max(transit))
    # orders (or payments) whose handling days (open days) end on the ship date
    first, last = _start_days(ship_date, carrier, calendar)
    paid_then = select(Payment.order_id).where(Payment.paid_on.between(first, last))
    candidates = session.scalars(select(Order).where(
        Order.status == "active", Order.import_id.is_(None),  # imported history never ships
        (Order.order_date <= last)
        & (Order.order_date.between(first, last) | Order.delivery_date.between(lo, hi)
           | Order.id.in_(paid_then)))
        .order_by(Order.id)).all()
    paid = paid_amounts(session, [o.id for o in candidates])
    due, held = [], []
    for o in candidates:
        amount, paid_on = paid.get(o.id, (0, None))
        if o.payment in PREPAID_PAYMENTS:
            if amount < o.total or paid_on is None:
                if carrier.ship_date(o.order_date, o.delivery_date, o.ship_prefecture,
                                     calendar) == ship_date:
                    held.append(o.id)
                continue
            start = max(o.order_date, paid_on)
        else:
            start = o.order_date
        if carrier.ship_date(start, o.delivery_date, o.ship_prefecture, calendar) == ship_date:
            due.append(o)
    return due, held


def _start_days(ship_date: date, carrier: Carrier, calendar: BusinessCalendar
                ) -> tuple[date, date]:
    """The range of order (or payment) days whose earliest ship day is *ship_date*
    (a superset; the exact rule is ``Carrier.ship_date``)."""
    last = ship_date - timedelta(days=1)
    first = last
    while (ship_date - first).days < 60 and carrier.earliest_ship(
            first - timedelta(days=1), calendar) >= ship_date:
        first -= timedelta(days=1)
    return first, last


def mark_exported(session: Session, order_ids: Iterable[int], at: datetime) -> None:
    """The parcels are in a shipping file (the first export's time is kept)."""
    ids = list(order_ids)
    if ids:
        session.execute(update(Order).where(Order.id.in_(ids), Order.exported_at.is_(None))
                        .values(exported_at=at))
