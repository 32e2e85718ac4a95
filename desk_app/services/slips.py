"""納品書 (delivery slips): one order, or every order leaving the shop on a day.

The figures are the order's stored ones (the same that the form showed and the Yamato
export collects): tax-inclusive items per rate, the tax contained per rate (computed once
per rate, fees in the 10 % group), so the slip is a 適格請求書 with the shop's registration
number and never disagrees with the order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desk_app.domain.money import PAYMENT_LABELS_JA
from desk_app.domain.orders import PricedLine
from desk_app.services.base import Invalid, NotFound, ServiceContext
from desk_app.store.models import Customer
from desk_app.store.orders import OrderDetail, order_detail


@dataclass(frozen=True)
class Slip:
    order: OrderDetail
    customer_name: str
    customer_postal_code: str
    customer_address: str

    @property
    def lines(self) -> tuple[PricedLine, ...]:
        return self.order.lines

    @property
    def payment_label(self) -> str:
        return PAYMENT_LABELS_JA.get(self.order.payment, self.order.payment)


def _slip(session, detail: OrderDetail) -> Slip:
    c = session.get(Customer, detail.customer_id)
    address = "" if c is None else " ".join(
        p for p in ("".join(x for x in (c.prefecture, c.city, c.address1) if x), c.address2 or "")
        if p)
    return Slip(detail, c.name if c else detail.ship_to.name,
                (c.postal_code or "") if c else "", address)


def slip(ctx: ServiceContext, order_id: int) -> Slip:
    with ctx.reading() as session:
        detail = order_detail(session, order_id)
        if detail is None:
            raise NotFound.one("common.not_found", "order", what=f"受注番号 {order_id}")
        if detail.imported:  # the earlier system shipped it: 受注一覧's Ctrl+P, the card …
            raise Invalid.one("order.imported_no_slip", "order", number=order_id)
        return _slip(session, detail)


def slips_for_ship_date(ctx: ServiceContext, ship_date: date) -> list[Slip]:
    """Slips of the active orders that leave the shop on *ship_date* (the Yamato export's
    day), in order number order."""
    from desk_app.store.shipping import due_orders

    with ctx.reading() as session:
        out = []
        for order in due_orders(session, ship_date):
            detail = order_detail(session, order.id)
            if detail is not None:
                out.append(_slip(session, detail))
        return out
