"""Orders: what the form shows for a customer, and placing, editing and cancelling.

Every write is one transaction with the RFM aggregates (``store.order_writes``): the order,
its lines, the customer's figures and, when the order came in on a call, the call's
outcome "order" commit or roll back together. The draft is checked by the same pure rules
the form previews with (``domain.orders.check``), so the CLI and the clerk are refused for
the same reasons.

Letters are not written here: they are derived from orders and rules when asked. The
result of placing an order only says whether it earned the customer a thank-you letter
(their first order, and no thank-you letter on record yet), which the ``order add`` JSON
reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from desk_app.domain import money, postal
from desk_app.domain.calendar import DEFAULT_CALENDAR, BusinessCalendar
from desk_app.domain.clock import now_utc
from desk_app.domain.customer import CustomerCard
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.letters import thank_you_due
from desk_app.domain.messages import Problem
from desk_app.domain.orders import (
    OrderDraft,
    PricedLine,
    ShipTo,
    check,
    split_prefecture,
    validate,
)
from desk_app.domain.orders import (
    OrderRefused as DraftRefused,
)
from desk_app.domain.stages import DEFAULT_SETTINGS, Aggregates, StageRules, stage_label
from desk_app.services.base import Changes, Invalid, NotFound, Result, ServiceContext
from desk_app.services.rfm import screen_settings, stage_settings
from desk_app.store import calls, customers, order_writes
from desk_app.store import orders as order_reads
from desk_app.store.letter_records import load_rules
from desk_app.store.models import Order
from desk_app.store.orders import OrderDetail
from desk_app.store.products import Catalogue, load_catalogue
from desk_app.store.shop_calendar import load_calendar
from desk_app.store.suggestions import due_items

__all__ = ["THANKS", "CustomerFigures", "FormContext", "OrderDetail", "OrderRefused",
           "SavedOrder", "ThankYouLetter", "cancel_order", "check_draft", "complete_address",
           "customer_for_code", "edit_order", "form_context", "order_detail", "place_order"]

THANKS = "thanks"


class OrderRefused(Invalid):
    """The draft breaks the order rules, or the order cannot change (gone, cancelled)."""


@dataclass(frozen=True)
class FormContext:
    """Everything the order form shows for a customer, read in one transaction."""

    today: date
    catalogue: Catalogue
    card: CustomerCard | None = None
    orderer: ShipTo | None = None
    saved: list[tuple[int, ShipTo]] = field(default_factory=list)
    last_order: OrderDetail | None = None
    due: list[tuple[str, date]] = field(default_factory=list)
    editing: OrderDetail | None = None
    calendar: BusinessCalendar = DEFAULT_CALENDAR  # the shop's open days (delivery dates)


@dataclass(frozen=True, slots=True)
class CustomerFigures:
    """The customer's figures and stage as the pop-up shows them after the change."""

    code: str
    stage: str
    aggregates: Aggregates


@dataclass(frozen=True, slots=True)
class ThankYouLetter:
    kind: str
    due_date: date


@dataclass(frozen=True)
class SavedOrder:
    """An order after placing, editing or cancelling, with the customer's new figures."""

    order: OrderDetail
    customer: CustomerFigures
    first_order: bool = False
    thank_you: ThankYouLetter | None = None

    @property
    def order_id(self) -> int:
        return self.order.number

    @property
    def customer_id(self) -> int:
        return self.order.customer_id


# -- reads -------------------------------------------------------------------------------
def form_context(ctx: ServiceContext, customer_id: int | None,
                 order_id: int | None = None) -> FormContext:
    """The catalogue, and for a customer their card, addresses, last order and due items;
    with *order_id* the order being edited (its customer wins)."""
    today = ctx.today()
    with ctx.reading() as s:
        editing = order_reads.order_detail(s, order_id) if order_id else None
        if editing is not None:
            customer_id = editing.customer_id
        catalogue = load_catalogue(s)
        calendar = load_calendar(s)
        if customer_id is None:
            return FormContext(today, catalogue, editing=editing, calendar=calendar)
        card = customers.card(s, customer_id, today, n_orders=1, n_notes=50,
                              settings=screen_settings(ctx, s, today))
        if card is None:
            return FormContext(today, catalogue, editing=editing, calendar=calendar)
        last = order_reads.last_order_id(s, customer_id)
        return FormContext(
            today, catalogue, card, order_reads.orderer_ship_to(s, customer_id),
            order_reads.saved_ship_tos(s, customer_id),
            order_reads.order_detail(s, last) if last else None,
            due_items(s, customer_id, catalogue, today), editing, calendar)


def order_detail(ctx: ServiceContext, order_id: int) -> OrderDetail:
    with ctx.reading() as s:
        detail = order_reads.order_detail(s, order_id)
    if detail is None:
        raise NotFound.one("order.not_found", "order", number=order_id)
    return detail


def customer_for_code(ctx: ServiceContext, code: str) -> tuple[int, ShipTo | None] | None:
    """The customer with 顧客番号 *code* and their own address as a ship-to (ご注文者と同じ)."""
    with ctx.reading() as s:
        customer_id = order_reads.customer_id_by_code(s, code)
        if customer_id is None:
            return None
        return customer_id, order_reads.orderer_ship_to(s, customer_id)


def check_draft(ctx: ServiceContext, draft: OrderDraft,
                rules: money.FeeRules = money.DEFAULT_RULES,
                carrier: Carrier = DEFAULT_CARRIER) -> list[Problem]:
    """Every problem of *draft* against the current catalogue (empty: it may be placed)."""
    with ctx.reading() as s:
        catalogue = load_catalogue(s, [line.sku for line in draft.lines])
        flags = customers.caution_flags(s, draft.customer_id)
        calendar = load_calendar(s)
    return validate(draft, catalogue, ctx.today(), rules, carrier, customer_flags=flags,
                    calendar=calendar)


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


# -- writes ------------------------------------------------------------------------------
def _priced(session: Session, draft: OrderDraft, today: date, rules: money.FeeRules,
            carrier: Carrier, keep_delivery_date: date | None = None,
            ) -> tuple[list[PricedLine], money.Totals]:
    catalogue = load_catalogue(session, [line.sku for line in draft.lines])
    try:
        return check(draft, catalogue, today, rules, carrier,
                     keep_delivery_date=keep_delivery_date,
                     customer_flags=customers.caution_flags(session, draft.customer_id),
                     calendar=load_calendar(session))
    except DraftRefused as exc:
        raise OrderRefused.of(exc) from None


def _saved(session: Session, order_id: int, today: date, *, first_order: bool = False,
           thank_you: ThankYouLetter | None = None,
           cpm: StageRules = DEFAULT_SETTINGS.cpm) -> SavedOrder:
    detail = order_reads.order_detail(session, order_id)
    assert detail is not None  # written by this transaction
    agg = order_reads.aggregates(session, detail.customer_id)
    figures = CustomerFigures(detail.customer_code, stage_label(agg, today, cpm), agg)
    return SavedOrder(detail, figures, first_order, thank_you)


def _active_order(session: Session, order_id: int) -> Order:
    order = order_writes.order_for_update(session, order_id)
    if order is None:
        raise OrderRefused.one("order.not_found", "order", number=order_id)
    if order.status != "active":
        raise OrderRefused.one("order.already_cancelled", "order", number=order_id)
    return order


def place_order(ctx: ServiceContext, draft: OrderDraft, *, call_id: int | None = None,
                save_ship_to: bool = False, rules: money.FeeRules = money.DEFAULT_RULES,
                carrier: Carrier = DEFAULT_CARRIER) -> Result[SavedOrder]:
    """Check and write a new order dated today (the desk's day), by the signed-in clerk;
    raises :class:`OrderRefused` with every problem of the draft.

    With *call_id* the call's outcome becomes "order" in the same transaction; with
    *save_ship_to* a gift address is kept for the customer's next order.
    """
    today = ctx.today()
    with ctx.transaction() as s:
        if draft.customer_id is None or not customers.exists(s, draft.customer_id):
            raise OrderRefused.one("order.customer_not_found", "customer")
        customer_id = draft.customer_id
        lines, totals = _priced(s, draft, today, rules, carrier)
        order = order_writes.insert_order(s, customer_id, today, draft, lines, totals,
                                          operator_id=ctx.operator_id, call_id=call_id)
        if save_ship_to and draft.ship_to is not None:
            order_writes.save_ship_address(s, customer_id, draft.ship_to)
        count = order_writes.add_to_stats(s, customer_id, today, totals.total)
        if call_id is not None:
            calls.set_outcome(s, call_id, calls.ORDER, operator_id=ctx.operator_id,
                              customer_id=customer_id)
        saved = _saved(s, order.id, today, first_order=count == 1,
                       cpm=stage_settings(ctx).cpm)
        if count == 1 and not order_reads.has_letter(s, customer_id, THANKS):
            due = thank_you_due(load_rules(s), THANKS, today, saved.customer.stage,
                                customers.dm_allowed(s, customer_id), load_calendar(s))
            if due is not None:
                saved = replace(saved, thank_you=ThankYouLetter(THANKS, due))
    return Result(saved, Changes.of(customers=[customer_id], orders=[saved.order_id],
                                    calls=[call_id], letters=count == 1))


def edit_order(ctx: ServiceContext, order_id: int, draft: OrderDraft, *,
               rules: money.FeeRules = money.DEFAULT_RULES,
               carrier: Carrier = DEFAULT_CARRIER) -> Result[SavedOrder]:
    """Replace an active order's content (same customer and order date); its own delivery
    date is accepted even if it has passed (the parcel may be on its way)."""
    today = ctx.today()
    with ctx.transaction() as s:
        apply_edit(s, order_id, draft, today, rules, carrier)
        saved = _saved(s, order_id, today, cpm=stage_settings(ctx).cpm)
    return Result(saved, Changes.of(customers=[saved.customer_id], orders=[order_id],
                                    letters=True))


def apply_edit(session: Session, order_id: int, draft: OrderDraft, today: date,
               rules: money.FeeRules = money.DEFAULT_RULES,
               carrier: Carrier = DEFAULT_CARRIER) -> None:
    """:func:`edit_order` inside a caller's transaction (another use case that changes an
    order's content as part of its own work, e.g. 同梱)."""
    order = _active_order(session, order_id)
    if order.import_id is not None:  # its figures are the earlier system's: kept as they were
        raise OrderRefused.one("order.imported", "order", number=order_id)
    if draft.customer_id != order.customer_id:
        raise OrderRefused.one("order.customer_fixed", "customer")
    lines, totals = _priced(session, draft, today, rules, carrier,
                            keep_delivery_date=order.delivery_date)
    order_writes.fill(order, draft, lines, totals)
    order.updated_at = now_utc()
    order_writes.recompute(session, order.customer_id)


def cancel_order(ctx: ServiceContext, order_id: int) -> Result[SavedOrder]:
    """受注取消: the order stays (history), its money leaves the aggregates. Letters it
    earned are derived from active orders, so they go with it; printed ones stay history."""
    today = ctx.today()
    with ctx.transaction() as s:
        order = _active_order(s, order_id)
        order_writes.mark_cancelled(order, now_utc())
        order_writes.recompute(s, order.customer_id)
        saved = _saved(s, order.id, today, cpm=stage_settings(ctx).cpm)
    return Result(saved, Changes.of(customers=[saved.customer_id], orders=[order_id],
                                    letters=True))

