"""Customers at the call desk: search as you type, the card, 重複チェック and registration
(新規顧客登録), 郵便番号 → 住所. Calls are in ``calls``, notes in ``notes``, operators in
``operators``; corrections of a customer's record (顧客情報の修正) in ``customers``."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain import postal
from desk_app.domain.customer import CustomerCard, CustomerSummary
from desk_app.services.base import Changes, Result, ServiceContext
from desk_app.services.calls import POPUP_ORDERS
from desk_app.services.rfm import screen_settings
from desk_app.store import calls, customers, notes
from desk_app.store.customers import NewCustomer

__all__ = ["CARD_NOTES", "CARD_ORDERS", "NewCustomer", "RegisterResult", "card", "duplicates",
           "postal_lookup", "register_customer", "search"]

CARD_ORDERS = 50
CARD_NOTES = 100

@dataclass(frozen=True)
class RegisterResult:
    """The new customer's card, or (card None) the customers it may be a duplicate of."""

    card: CustomerCard | None
    duplicates: tuple[CustomerSummary, ...] = ()


def search(ctx: ServiceContext, text: str,
           limit: int = customers.SEARCH_LIMIT) -> list[CustomerSummary]:
    """Code, phone (full or last digits), kana or name prefix; any width or script."""
    with ctx.reading() as s:
        return customers.search(s, text, ctx.today(), limit,
                                settings=screen_settings(ctx, s, ctx.today()))


def card(ctx: ServiceContext, customer_id: int, n_orders: int = CARD_ORDERS,
         n_notes: int = CARD_NOTES) -> CustomerCard | None:
    with ctx.reading() as s:
        return customers.card(s, customer_id, ctx.today(), n_orders=n_orders, n_notes=n_notes,
                              settings=screen_settings(ctx, s, ctx.today()))


def duplicates(ctx: ServiceContext, name: str, kana: str,
               phones: list[str]) -> list[CustomerSummary]:
    with ctx.reading() as s:
        return customers.summaries(s, customers.duplicates(s, name, kana, phones), ctx.today(),
                                   screen_settings(ctx, s, ctx.today()))


def register_customer(ctx: ServiceContext, data: NewCustomer, *, call_id: int | None = None,
                      force: bool = False) -> Result[RegisterResult]:
    """新規顧客登録, 重複チェック first; with *force* the clerk confirmed it is a different
    person. With *call_id* the call is recorded as this customer's."""
    today = ctx.today()
    with ctx.transaction() as s:
        if not force:
            dup_ids = customers.duplicates(s, data.name, data.kana,
                                           [text for _kind, text in data.phones])
            if dup_ids:
                return Result(RegisterResult(None, tuple(customers.summaries(
                    s, dup_ids, today, screen_settings(ctx, s, today)))))
        customer = customers.create_customer(s, data)
        # notes kept against the caller's number before they were a customer
        attached = notes.attach_number_notes(s, customer.id,
                                             [text for _kind, text in data.phones])
        if call_id is not None:
            calls.set_outcome(s, call_id, calls.ANSWERED, operator_id=ctx.operator_id,
                              customer_id=customer.id)
        s.flush()
        new_id = customer.id
    return Result(RegisterResult(card(ctx, new_id, n_orders=POPUP_ORDERS)),
                  Changes.of(customers=[new_id], calls=[call_id], notes=attached))


def postal_lookup(ctx: ServiceContext, code: str) -> list[postal.PostalAddress]:
    """The addresses of a 郵便番号 (no database: the bundled postal data)."""
    return postal.lookup(code)
