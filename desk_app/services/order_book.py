"""受注一覧, 入金確認 and 同梱: the day's orders, payments received, adding to an open order.

- :func:`day_orders` — a day's orders, filtered by status (``active``, ``cancelled``,
  ``awaiting_payment``, ``paid``) and payment method (``desk-app order list``).
- :func:`awaiting_payment` — every order still 入金待ち (the 入金確認 window).
- :func:`payments` — the payments recorded for an order (amount, day, who and when).
- :func:`record_payment` — a clerk marks an order paid: who, when, how much
  (``desk-app order paid``). A 前払い order is exported for shipping only once paid in full.
- :func:`bundle_offer` / :func:`add_to_order` — a second call before the parcel left: the
  clerk is offered the customer's open order and the new lines go into it (one parcel, one
  shipping fee) instead of a second order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from desk_app.domain.clock import now_utc
from desk_app.domain.money import PAYMENTS
from desk_app.domain.order_book import STATUS_FILTERS, OrderRow, PaymentRecord, payment_problem
from desk_app.domain.orders import DraftLine
from desk_app.services.base import (
    Changes,
    NotFound,
    Result,
    ServiceContext,
    ServiceError,
)
from desk_app.store import order_book
from desk_app.store.models import Order


def day_orders(ctx: ServiceContext, day: date, status: str | None = None,
               payment: str | None = None) -> list[OrderRow]:
    if status not in (None, "", *STATUS_FILTERS):
        raise ServiceError.one("order.status_filter", "status")
    if payment not in (None, "", *PAYMENTS):
        raise ServiceError.one("order.payment_filter", "payment")
    with ctx.reading() as s:
        rows = order_book.orders_of_day(s, day)
    return [r for r in rows if r.matches(status, payment)]


def awaiting_payment(ctx: ServiceContext) -> list[OrderRow]:
    with ctx.reading() as s:
        return order_book.awaiting_payment(s)


def order_row(ctx: ServiceContext, order_id: int) -> OrderRow:
    with ctx.reading() as s:
        row = order_book.order_row(s, order_id)
    if row is None:
        raise NotFound.one("order.not_found", "order", number=order_id)
    return row


def payments(ctx: ServiceContext, order_id: int) -> list[PaymentRecord]:
    """The payments recorded for the order (who recorded each and when)."""
    with ctx.reading() as s:
        return order_book.payments_of(s, order_id)


def record_payment(ctx: ServiceContext, order_id: int, amount: object,
                   paid_on: date | None = None) -> Result[OrderRow]:
    """入金確認: *amount* yen received for the order on *paid_on* (default today)."""
    paid_on = paid_on or ctx.today()
    if paid_on > ctx.today():
        raise ServiceError.one("payment.future", "paid_on")
    with ctx.transaction() as s:
        order = s.get(Order, order_id, with_for_update=True)
        if order is None:
            raise NotFound.one("order.not_found", "order", number=order_id)
        row = order_book.order_row(s, order_id)
        assert row is not None
        problem = payment_problem(order_id, row.payment, row.status, row.total,
                                  row.paid_amount, amount)
        if problem is not None:
            code, params = problem
            raise ServiceError.one(code, "amount" if code == "payment.amount" else "order",
                                   **params)
        assert isinstance(amount, int)
        order_book.add_payment(s, order_id, amount, paid_on, operator_id=ctx.operator_id,
                               at=now_utc())
        row = order_book.order_row(s, order_id)
    assert row is not None
    return Result(row, Changes.of(orders=[order_id], customers=[row.customer_id]))


def bundle_offer(ctx: ServiceContext, customer_id: int) -> OrderRow | None:
    """The customer's newest order that has not left the shop, if any (同梱 candidate)."""
    with ctx.reading() as s:
        rows = order_book.open_orders(s, customer_id, ctx.today())
    return rows[0] if rows else None


def add_to_order(ctx: ServiceContext, order_id: int,
                 lines: Iterable[DraftLine]) -> Result[OrderRow]:
    """同梱: append *lines* to an open order (same lines add up), re-priced as one parcel."""
    with ctx.transaction() as s:
        row = add_lines(s, order_id, list(lines), ctx.today())
    return Result(row, Changes.of(orders=[order_id], customers=[row.customer_id]))


def add_lines(s, order_id: int, new: list[DraftLine], today: date) -> OrderRow:
    """add_to_order inside the caller's transaction (the order form's runner uses it)."""
    from desk_app.services.orders import OrderRefused as EditRefused
    from desk_app.services.orders import apply_edit
    from desk_app.store.orders import order_detail

    detail = order_detail(s, order_id)
    if detail is None:
        raise NotFound.one("order.not_found", "order", number=order_id)
    open_ids = {r.number for r in order_book.open_orders(s, detail.customer_id, today)}
    if order_id not in open_ids:
        raise ServiceError.one("order.not_open", "order", number=order_id)
    merged: dict[str, DraftLine] = {}
    for line in (*(DraftLine(p.sku, p.quantity, p.unit_price) for p in detail.lines), *new):
        key = line.sku.strip().upper()
        if key in merged and line.unit_price in (None, merged[key].unit_price):
            merged[key] = replace(merged[key], quantity=merged[key].quantity + line.quantity)
        else:
            merged[key if key not in merged else f"{key}#{len(merged)}"] = line
    draft = detail.draft(lines=tuple(merged.values()))
    try:
        apply_edit(s, order_id, draft, today)
    except EditRefused as exc:
        raise ServiceError(exc.problems) from None
    row = order_book.order_row(s, order_id)
    assert row is not None
    return row
