"""Database work of the order form, off the GUI thread, and what it loads.

The form never queries on the GUI thread: everything it needs for a customer (card, the
catalogue, saved addresses, the last order, due items) comes in one background job as a
:class:`FormContext`; saving is one more. Jobs go to the desk's own worker when the
services object has one (``services.worker.submit(fn)`` with ``fn(desk_service)``, the
UI engineer's contract), else to a QThreadPool with a Session of their own. Either way the
callbacks run on the GUI thread. Co-purchase refreshes always use the pool: they take most
of a second and must not hold up the pop-up's queries on the desk worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy.orm import Session

from desk_app.domain.clock import today_local
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


class _Signals(QObject):
    """One for the whole app, never deleted: a pool thread can always emit on it, even
    after the form that asked was closed; the callback then finds its widget gone."""

    done = Signal(object, object)  # (callback, result or exception)


_signals: _Signals | None = None


def _dispatch(callback, value) -> None:
    try:
        callback(value)
    except RuntimeError as exc:  # the widget that asked was closed meanwhile
        if "already deleted" not in str(exc):
            raise
        log.debug("result for a closed order form dropped: %s", exc)


def _shared_signals() -> _Signals:
    global _signals
    if _signals is None:
        _signals = _Signals()
        _signals.done.connect(_dispatch)
    return _signals


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals, on_done, on_error) -> None:
        super().__init__()
        self.fn, self.signals, self.on_done, self.on_error = fn, signals, on_done, on_error

    def run(self) -> None:
        try:
            result = self.fn()
        except ValueError as exc:  # a refusal (OrderRefused, ProductRefused …): shown, not a bug
            log.debug("job refused: %s", exc)
            self.signals.done.emit(self.on_error, exc)
            return
        except Exception as exc:  # shown on the GUI thread, never lost
            log.exception("order form job failed")
            self.signals.done.emit(self.on_error, exc)
            return
        self.signals.done.emit(self.on_done, result)


def _transaction(session: Session, fn: Callable[[Session], Any]) -> Any:
    try:
        result = fn(session)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise


class Runner(QObject):
    """Runs ``fn(session)`` in a transaction off the GUI thread; callbacks on the GUI thread."""

    def __init__(self, services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.pool = QThreadPool.globalInstance()
        self._signals = _shared_signals()
        self.pending = 0

    @property
    def today(self) -> date:
        clock = getattr(self.services, "today", None)
        return clock() if callable(clock) else today_local()

    def _call(self, callback, value) -> None:
        self.pending -= 1
        if callback is not None:
            _dispatch(callback, value)

    def submit(self, fn: Callable[[Session], Any], on_done=None, on_error=None, *,
               own_thread: bool = False) -> None:
        self.pending += 1
        worker = getattr(self.services, "worker", None)
        if not own_thread and worker is not None and hasattr(worker, "submit"):
            worker.submit(lambda svc: _transaction(svc.session, fn),
                          on_done=lambda r: self._call(on_done, r),
                          on_error=lambda e: self._call(on_error or self._log, e))
            return
        store = self.services.store

        def job():
            with store.new_session() as session:
                return _transaction(session, fn)
        self.pool.start(_Task(job, self._signals, lambda r: self._call(on_done, r),
                              lambda e: self._call(on_error or self._log, e)))

    def call(self, fn: Callable[[], Any], on_done=None) -> None:
        """A job without the database (postal code lookup) on the pool."""
        self.pending += 1
        self.pool.start(_Task(fn, self._signals, lambda r: self._call(on_done, r),
                              lambda e: self._call(self._log, e)))

    @staticmethod
    def _log(exc: BaseException) -> None:
        log.error("order form job failed: %s", exc)

    def refresh_suggestions(self, on_done=None) -> None:
        """Rebuild the shared co-purchase cache if it is stale (pool thread, own session)."""
        if not SHARED_CACHE.stale():
            return
        store = self.services.store
        self.pending += 1
        self.pool.start(_Task(lambda: SHARED_CACHE.refresh(store.new_session), self._signals,
                              lambda r: self._call(on_done, r),
                              lambda e: self._call(self._log, e)))
