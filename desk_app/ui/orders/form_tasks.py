"""Database work of the order form, off the GUI thread, and what it loads.

The form never queries on the GUI thread: everything it needs for a customer (card, the
catalogue, saved addresses, the last order, due items) comes in one background job as a
:class:`FormContext`; saving is one more. Jobs go to the desk's database queue
(``services.tasks.submit``, see :mod:`desk_app.ui.core.tasks`); callbacks run on the GUI
thread. Co-purchase refreshes run on the task pool: they take most of a second and must not
hold up the pop-up's queries on the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desk_app.domain.customer import CustomerCard
from desk_app.domain.orders import ShipTo
from desk_app.store import customers, orders
from desk_app.store.products import Catalogue, load_catalogue
from desk_app.store.suggestions import SHARED_CACHE, due_items

log = logging.getLogger(__name__)


@dataclass
class FormContext:
    today: date
    catalogue: Catalogue
    card: CustomerCard | None = None
    orderer: ShipTo | None = None
    saved: list[tuple[int, ShipTo]] = field(default_factory=list)
    last_order: orders.OrderDetail | None = None
    due: list[tuple[str, date]] = field(default_factory=list)
    editing: orders.OrderDetail | None = None


def load_context(session: Session, customer_id: int | None, today: date,
                 order_id: int | None = None) -> FormContext:
    """Everything the form shows for a customer, read in one go."""
    editing = orders.order_detail(session, order_id) if order_id else None
    if editing is not None:
        customer_id = editing.customer_id
    catalogue = load_catalogue(session)
    ctx = FormContext(today=today, catalogue=catalogue, editing=editing)
    if customer_id is None:
        return ctx
    ctx.card = customers.card(session, customer_id, today, n_orders=1, n_notes=50)
    if ctx.card is None:
        return ctx
    ctx.orderer = orders.orderer_ship_to(session, customer_id)
    ctx.saved = orders.saved_ship_tos(session, customer_id)
    last = orders.last_order_id(session, customer_id)
    ctx.last_order = orders.order_detail(session, last) if last else None
    ctx.due = due_items(session, customer_id, catalogue, today)
    return ctx


def _transaction(session: Session, fn: Callable[[Session], Any]) -> Any:
    try:
        result = fn(session)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise


def in_transaction(fn: Callable[[Session], Any]) -> Callable[[Any], Any]:
    """A job for the desk's database queue (``services.tasks.submit``) that runs
    ``fn(session)`` in one transaction: the context's own (``ServiceContext.transaction``)
    or, with the store's ``DeskService``, its Session."""
    def job(ctx: Any) -> Any:
        transaction = getattr(ctx, "transaction", None)
        if transaction is not None:
            with transaction() as session:
                return fn(session)
        return _transaction(ctx.session, fn)
    return job


def refresh_suggestions(services, on_done: Callable[[Any], None] | None = None) -> None:
    """Rebuild the shared co-purchase cache if it is stale: a pool job with its own Session
    (it takes most of a second and must not hold up the pop-up's queries on the queue)."""
    if not SHARED_CACHE.stale():
        return
    store = services.store
    services.tasks.start(lambda _job: SHARED_CACHE.refresh(store.new_session), on_done,
                         lambda exc: log.error("co-purchase refresh failed: %s", exc),
                         name="co-purchase refresh")
