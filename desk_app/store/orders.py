"""Order reads for the pop-up and card, and the RFM aggregates kept beside the orders.

The aggregates (first/last order date, count, total) are what the pop-up shows and what
stages are computed from; they change in the same transaction as the orders so they can
never drift. :func:`recompute_stats` is the slow, obviously-correct version used to check
the fast path and to repair a store after an import. :class:`OrderDetail` is one order as
the CLI prints it and the form reopens it; the ship-to readers give the form's お届け先
choices (the orderer, saved addresses); the JSON helpers are the `order add` contract.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import postal
from desk_app.domain.customer import OrderItemView, OrderView
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.money import PAYMENT_LABELS_JA, TAX_RATES
from desk_app.domain.orders import (
    DraftLine,
    FieldError,
    Noshi,
    OrderDraft,
    PricedLine,
    ShipTo,
    split_prefecture,
)
from desk_app.domain.phone import display_form
from desk_app.domain.stages import Aggregates, stage_label
from desk_app.store.models import (
    Customer,
    CustomerStats,
    Letter,
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
               Order.noshi_kind, Order.sender_name, Order.ship_name)
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
                      o.noshi_kind, o.sender_name, o.ship_name)
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

    @property
    def items_by_rate(self) -> dict[int, int]:
        return {rate: sum(p.amount for p in self.lines if p.tax_rate == rate)
                for rate in TAX_RATES}

    def draft(self, **changes) -> OrderDraft:
        """The order as a draft again (for edit), with *changes* applied."""
        base = OrderDraft(
            customer_id=self.customer_id, payment=self.payment, ship_to=self.ship_to,
            lines=tuple(DraftLine(p.sku, p.quantity, p.unit_price) for p in self.lines),
            ship_to_source="new", delivery_date=self.delivery_date, slot=self.slot,
            noshi=self.noshi, gift_wrap=self.gift_wrap, memo=self.memo,
            sender_name=self.sender_name)
        return replace(base, **changes)

    def to_json_dict(self, carrier: Carrier = DEFAULT_CARRIER) -> dict:
        def by_rate(d):
            return {str(rate): d.get(rate, 0) for rate in TAX_RATES}

        return {
            "number": self.number, "customer_code": self.customer_code,
            "order_date": self.order_date.isoformat(), "status": self.status,
            "payment": self.payment, "payment_label": PAYMENT_LABELS_JA.get(self.payment),
            "ship_to": {"name": self.ship_to.name, "postal_code": self.ship_to.postal_code,
                        "address": self.ship_to.address, "phone": self.ship_to.phone},
            "delivery": {"date": self.delivery_date.isoformat() if self.delivery_date else None,
                         "slot": self.slot, "slot_label": carrier.slot_label(self.slot)},
            "noshi": ({"omote": self.noshi.omote, "name": self.noshi.name,
                       "kind": self.noshi.kind} if self.noshi else None),
            "gift_wrap": self.gift_wrap, "memo": self.memo, "sender_name": self.sender_name,
            "lines": [{"line_no": p.line_no, "sku": p.sku, "name": p.name,
                       "quantity": p.quantity, "unit_price": p.unit_price,
                       "tax_rate": p.tax_rate, "amount": p.amount} for p in self.lines],
            "items_by_rate": by_rate(self.items_by_rate),
            "subtotal_by_rate": by_rate(self.subtotal_by_rate),
            "tax_by_rate": by_rate(self.tax_by_rate),
            "shipping_fee": self.shipping_fee, "cod_fee": self.cod_fee, "total": self.total,
        }


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
        sender_name=o.sender_name or "")


def last_order_id(session: Session, customer_id: int) -> int | None:
    """The newest active order (what "repeat last order" copies)."""
    return session.scalar(
        select(Order.id).where(Order.customer_id == customer_id, Order.status == "active")
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


def complete_address(postal_code: str, address: str) -> str:
    """Prefix the prefecture when the address starts at the city ("横浜市…" → "神奈川県横浜市…"),
    taken from the postal code; anything else is left for validation to question."""
    if split_prefecture(address)[0] is not None:
        return address
    text = address.strip()
    for place in postal.lookup(postal_code):
        if text.startswith(place.city):
            return place.prefecture + text
    return address


def _date_field(value, name: str, errors: list[FieldError]) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(name, "日付は YYYY-MM-DD で入力してください。"))
        return None


def draft_from_json(session: Session, data: dict) -> tuple[OrderDraft | None, list[FieldError]]:
    """The `order add` JSON as a draft, plus what could not even be read (wrong types, an
    unknown customer); everything else is left to :func:`orders.validate`."""
    errors: list[FieldError] = []
    code = str(data.get("customer_code") or "").strip()
    customer_id = session.scalar(select(Customer.id).where(Customer.code == code)) if code else None
    if customer_id is None:
        errors.append(FieldError("customer_code", f"顧客番号「{code}」は登録されていません。"))
    ship, source = data.get("ship_to"), "new"
    if ship is None:
        ship_to, source = (orderer_ship_to(session, customer_id) if customer_id else None), "orderer"
    elif isinstance(ship, dict):
        text = {k: str(ship.get(k) or "") for k in ("name", "postal_code", "address", "phone")}
        ship_to = ShipTo(text["name"], text["postal_code"],
                         complete_address(text["postal_code"], text["address"]), text["phone"])
    else:
        errors.append(FieldError("ship_to", "ship_to は null か {name, postal_code, address, phone} です。"))
        ship_to = None
    delivery = data.get("delivery") or {}
    lines = []
    for i, raw in enumerate(data.get("lines") or []):
        if not isinstance(raw, dict):
            errors.append(FieldError(f"lines[{i}]", "明細は {sku, quantity} です。"))
            continue
        lines.append(DraftLine(str(raw.get("sku") or ""), raw.get("quantity"),  # type: ignore[arg-type]
                               raw.get("unit_price")))  # validate() checks what JSON gave
    noshi = data.get("noshi")
    draft = OrderDraft(
        customer_id=customer_id, payment=str(data.get("payment") or ""), ship_to=ship_to,
        lines=tuple(lines), ship_to_source=source,
        delivery_date=_date_field(delivery.get("date"), "delivery.date", errors),
        slot=str(delivery["slot"]) if delivery.get("slot") else None,
        noshi=(Noshi(str(noshi.get("omote") or ""), str(noshi.get("name") or ""),
                     str(noshi.get("kind") or "soto"))
               if isinstance(noshi, dict) else None),
        gift_wrap=bool(data.get("gift_wrap")), memo=str(data.get("memo") or ""),
        sender_name=str(data.get("sender_name") or ""))
    return draft, errors


def saved_order_json(session: Session, saved, today: date) -> dict:
    """The saved order, plus the customer's figures and stage as the pop-up now shows them."""
    session.flush()
    detail = order_detail(session, saved.order_id)
    assert detail is not None  # flushed just above
    out = detail.to_json_dict()
    stats = session.get(CustomerStats, saved.customer_id)
    agg = Aggregates(stats.first_order_date, stats.last_order_date, stats.orders_count,
                     stats.total_amount) if stats else Aggregates(None, None, 0, 0)
    out["customer"] = {
        "code": out["customer_code"], "stage": stage_label(agg, today),
        "orders_count": agg.orders_count, "total_amount": agg.total_amount,
        "first_order_date": agg.first_order_date.isoformat() if agg.first_order_date else None,
        "last_order_date": agg.last_order_date.isoformat() if agg.last_order_date else None}
    out["thank_you_letter"] = None
    letter_id = getattr(saved, "letter_id", None)
    if letter_id and (letter := session.get(Letter, letter_id)) is not None:
        out["thank_you_letter"] = {"kind": letter.kind, "due_date": letter.due_date.isoformat()}
    return out
