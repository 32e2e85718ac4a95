"""Order reads for the pop-up and card, and the RFM aggregates kept beside the orders.

The aggregates (first/last order date, count, total) are what the pop-up shows and what
stages are computed from; they change in the same transaction as the orders so they can
never drift. :func:`recompute_stats` is the slow, obviously-correct version used to check
the fast path and to repair a store after an import. :class:`OrderDetail` is one order as
the CLI prints it and the form reopens it; the ship-to readers give the form's お届け先
choices (the orderer, saved addresses). The writes are in ``order_writes``; the `order`
commands' JSON is in ``desk_app.commands.order_json``.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from desk_app.domain.customer import OrderItemView, OrderView
from desk_app.domain.importing.columns import ORDER_REF_PREFIX
from desk_app.domain.money import TAX_RATES
from desk_app.domain.orders import DraftLine, Noshi, OrderDraft, PricedLine, ShipTo
from desk_app.domain.phone import display_form
from desk_app.domain.stages import Aggregates
from desk_app.store.models import (
    Customer,
    CustomerStats,
    LetterPrint,
    Order,
    OrderLine,
    Phone,
    ShipAddress,
)


def recent_orders(session: Session, customer_id: int, limit: int = 10) -> list[OrderView]:
    """The last *limit* orders, newest first, each with its items (two indexed queries)."""
    orders = session.execute(
        select(Order.id, Order.order_date, Order.status, Order.payment, Order.total,
               Order.delivery_date, Order.delivery_slot, Order.noshi_omote, Order.noshi_name,
               Order.noshi_kind, Order.sender_name, Order.ship_name, Order.import_id,
               Order.import_key)
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
    return [OrderView(o.id, o.order_date, o.status, o.payment, o.total, tuple(items[o.id]),
                      o.delivery_date, o.delivery_slot, o.noshi_omote, o.noshi_name,
                      o.noshi_kind, o.sender_name, o.ship_name, o.import_id is not None,
                      shop_ref(o.import_key))
            for o in orders]


def shop_ref(import_key: str | None) -> str | None:
    """The shop's own order id of an imported order (its key ``o:<order id>``); None for
    the desk's orders and for sales imported without one (keyed by a fingerprint)."""
    return import_key[2:] if import_key and import_key.startswith(ORDER_REF_PREFIX) else None


def customers_by_shop_ref(session: Session, text: str) -> list[int]:
    """The customer of the imported order whose id in the shop's earlier system is *text*
    as typed, in half width or in capitals (lookups on the import key's unique index)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    refs = {text.strip(), folded, folded.upper()} - {""}
    return list(session.scalars(select(Order.customer_id).where(
        Order.import_key.in_([ORDER_REF_PREFIX + r for r in refs])).distinct()))


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


@dataclass(frozen=True)
class OrderDetail:
    """One order as the CLI prints it and the form reopens it (edit, repeat)."""

    number: int
    customer_id: int
    customer_code: str
    order_date: date
    status: str
    payment: str
    ship_to: ShipTo
    delivery_date: date | None
    slot: str | None
    noshi: Noshi | None
    gift_wrap: bool
    memo: str
    lines: tuple[PricedLine, ...]
    subtotal_by_rate: dict[int, int]
    tax_by_rate: dict[int, int]
    shipping_fee: int
    cod_fee: int
    total: int
    sender_name: str = ""  # ご依頼主 when it is not the orderer
    imported: bool = False  # came with a history import: the earlier system's, not changed

    @property
    def items_by_rate(self) -> dict[int, int]:
        return {rate: sum(p.amount for p in self.lines if p.tax_rate == rate)
                for rate in TAX_RATES}

    def draft(self, **changes: Any) -> OrderDraft:
        """The order as a draft again (for edit), with *changes* applied."""
        base = OrderDraft(
            customer_id=self.customer_id, payment=self.payment, ship_to=self.ship_to,
            lines=tuple(DraftLine(p.sku, p.quantity, p.unit_price) for p in self.lines),
            ship_to_source="new", delivery_date=self.delivery_date, slot=self.slot,
            noshi=self.noshi, gift_wrap=self.gift_wrap, memo=self.memo,
            sender_name=self.sender_name)
        return replace(base, **changes)


def order_detail(session: Session, order_id: int) -> OrderDetail | None:
    o = session.get(Order, order_id)
    if o is None:
        return None
    code = session.scalar(select(Customer.code).where(Customer.id == o.customer_id))
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == o.id)
                            .order_by(OrderLine.line_no)).all()
    return OrderDetail(
        number=o.id, customer_id=o.customer_id, customer_code=code or "",
        order_date=o.order_date, status=o.status, payment=o.payment,
        ship_to=ShipTo(o.ship_name or "", _postal(o.ship_postal_code), o.ship_address or "",
                       display_form(o.ship_phone) if o.ship_phone else ""),
        delivery_date=o.delivery_date, slot=o.delivery_slot,
        noshi=(Noshi(o.noshi_omote, o.noshi_name or "", o.noshi_kind or "soto")
               if o.noshi_omote else None),
        gift_wrap=bool(o.gift_wrap), memo=o.memo or "",
        lines=tuple(PricedLine(x.line_no, x.product_id, x.sku, x.name, x.unit_price,
                               x.quantity, x.tax_rate) for x in lines),
        subtotal_by_rate={8: o.subtotal_8, 10: o.subtotal_10},
        tax_by_rate={8: o.tax_8, 10: o.tax_10},
        shipping_fee=o.shipping_fee, cod_fee=o.cod_fee, total=o.total,
        sender_name=o.sender_name or "", imported=o.import_id is not None)


def last_order_id(session: Session, customer_id: int) -> int | None:
    """The newest active order with a product of the catalogue (what "repeat last order"
    copies: a sale imported with its amount alone has nothing to copy)."""
    return session.scalar(
        select(Order.id).where(
            Order.customer_id == customer_id, Order.status == "active",
            exists().where(OrderLine.order_id == Order.id, OrderLine.product_id.is_not(None)))
        .order_by(Order.order_date.desc(), Order.id.desc()).limit(1))


def _postal(code: str | None) -> str:
    """123-4567, as the glossary shows postal codes (stored as 7 digits)."""
    return f"{code[:3]}-{code[3:]}" if code and len(code) == 7 and code.isdigit() else (code or "")


def _address(prefecture, city, address1, address2) -> str:
    head = "".join(p for p in (prefecture, city, address1) if p)
    return f"{head} {address2}" if head and address2 else head


def orderer_ship_to(session: Session, customer_id: int) -> ShipTo | None:
    """ご注文者と同じ: the customer's own address and first phone number."""
    c = session.get(Customer, customer_id)
    if c is None:
        return None
    phone = session.scalar(select(Phone.national).where(Phone.customer_id == customer_id)
                           .order_by(Phone.id).limit(1))
    return ShipTo(c.name, _postal(c.postal_code), _address(c.prefecture, c.city, c.address1,
                                                        c.address2),
                  display_form(phone) if phone else "")


def saved_ship_tos(session: Session, customer_id: int) -> list[tuple[int, ShipTo]]:
    """The customer's saved ship-to addresses (gift recipients), oldest first."""
    return [(a.id, ShipTo(a.name, _postal(a.postal_code),
                          _address(a.prefecture, a.city, a.address1, a.address2),
                          display_form(a.phone) if a.phone else ""))
            for a in session.scalars(select(ShipAddress)
                                     .where(ShipAddress.customer_id == customer_id)
                                     .order_by(ShipAddress.id))]


def customer_id_by_code(session: Session, code: str) -> int | None:
    return session.scalar(select(Customer.id).where(Customer.code == code)) if code else None


def aggregates(session: Session, customer_id: int) -> Aggregates:
    """The customer's RFM aggregates as stored (all zero without a stats row)."""
    session.flush()
    stats = session.get(CustomerStats, customer_id)
    if stats is None:
        return Aggregates(None, None, 0, 0)
    return Aggregates(stats.first_order_date, stats.last_order_date, stats.orders_count,
                      stats.total_amount)


def has_letter(session: Session, customer_id: int, kind: str) -> bool:
    """Whether a letter of rule *kind* was printed for the customer (``letter_prints``:
    letters are derived from orders and rules, only what was printed is stored)."""
    return bool(session.scalar(select(exists().where(
        LetterPrint.customer_id == customer_id, LetterPrint.rule_key == kind))))
