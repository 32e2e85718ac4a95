"""The JSON of the `order` commands: the contract scripts rely on.

``order add`` reads an order as JSON (:func:`draft_from_json`); ``order add``, ``cancel``
and ``show`` print one (:func:`order_json`, :func:`saved_order_json`). Field names, their
order and the Japanese labels in them are a contract: change them only with a new version.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.messages import Problem
from desk_app.domain.money import PAYMENT_LABELS_JA, TAX_RATES
from desk_app.domain.orders import DraftLine, Noshi, OrderDraft, ShipTo
from desk_app.services import orders
from desk_app.services.base import ServiceContext

ORDER_KEYS = {"customer_code", "payment", "ship_to", "delivery", "lines", "noshi", "memo",
              "gift_wrap", "sender_name"}


def _by_rate(amounts: dict[int, int]) -> dict[str, int]:
    return {str(rate): amounts.get(rate, 0) for rate in TAX_RATES}


def order_json(o: orders.OrderDetail, carrier: Carrier = DEFAULT_CARRIER) -> dict[str, Any]:
    """One order as ``order show`` prints it."""
    return {
        "number": o.number, "customer_code": o.customer_code,
        "order_date": o.order_date.isoformat(), "status": o.status,
        "payment": o.payment, "payment_label": PAYMENT_LABELS_JA.get(o.payment),
        "ship_to": {"name": o.ship_to.name, "postal_code": o.ship_to.postal_code,
                    "address": o.ship_to.address, "phone": o.ship_to.phone},
        "delivery": {"date": o.delivery_date.isoformat() if o.delivery_date else None,
                     "slot": o.slot, "slot_label": carrier.slot_label(o.slot)},
        "noshi": ({"omote": o.noshi.omote, "name": o.noshi.name, "kind": o.noshi.kind}
                  if o.noshi else None),
        "gift_wrap": o.gift_wrap, "memo": o.memo, "sender_name": o.sender_name,
        "lines": [{"line_no": p.line_no, "sku": p.sku, "name": p.name,
                   "quantity": p.quantity, "unit_price": p.unit_price,
                   "tax_rate": p.tax_rate, "amount": p.amount} for p in o.lines],
        "items_by_rate": _by_rate(o.items_by_rate),
        "subtotal_by_rate": _by_rate(o.subtotal_by_rate),
        "tax_by_rate": _by_rate(o.tax_by_rate),
        "shipping_fee": o.shipping_fee, "cod_fee": o.cod_fee, "total": o.total,
    }


def saved_order_json(saved: orders.SavedOrder) -> dict[str, Any]:
    """The saved order, plus the customer's figures and stage as the pop-up now shows them,
    and the thank-you letter a first order earned (``order add`` / ``order cancel``)."""
    out = order_json(saved.order)
    agg = saved.customer.aggregates
    out["customer"] = {
        "code": out["customer_code"], "stage": saved.customer.stage,
        "orders_count": agg.orders_count, "total_amount": agg.total_amount,
        "first_order_date": agg.first_order_date.isoformat() if agg.first_order_date else None,
        "last_order_date": agg.last_order_date.isoformat() if agg.last_order_date else None}
    letter = saved.thank_you
    out["thank_you_letter"] = ({"kind": letter.kind, "due_date": letter.due_date.isoformat()}
                               if letter else None)
    return out


def _date_field(value: Any, name: str, errors: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.append(Problem("order_json.date_format", field=name))
        return None


def draft_from_json(ctx: ServiceContext,
                    data: dict[str, Any]) -> tuple[OrderDraft, list[Problem]]:
    """The `order add` JSON as a draft, plus what could not even be read (wrong types, an
    unknown customer); everything else is left to the order rules."""
    errors: list[Problem] = []
    code = str(data.get("customer_code") or "").strip()
    found = orders.customer_for_code(ctx, code) if code else None
    customer_id, orderer = found if found else (None, None)
    if found is None:
        errors.append(Problem("order_json.customer_unknown", {"code": code}, "customer_code"))
    ship, source = data.get("ship_to"), "new"
    ship_to: ShipTo | None
    if ship is None:
        ship_to, source = orderer, "orderer"
    elif isinstance(ship, dict):
        text = {k: str(ship.get(k) or "") for k in ("name", "postal_code", "address", "phone")}
        ship_to = ShipTo(text["name"], text["postal_code"],
                         orders.complete_address(text["postal_code"], text["address"]),
                         text["phone"])
    else:
        errors.append(Problem("order_json.ship_to_shape", field="ship_to"))
        ship_to = None
    delivery = data.get("delivery") or {}
    lines = []
    for i, raw in enumerate(data.get("lines") or []):
        if not isinstance(raw, dict):
            errors.append(Problem("order_json.line_shape", field=f"lines[{i}]"))
            continue
        quantity: Any = raw.get("quantity")  # anything JSON holds: the rules say what is wrong
        unit_price: Any = raw.get("unit_price")
        lines.append(DraftLine(str(raw.get("sku") or ""), quantity, unit_price))
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
