"""Background work of the order form and the catalogue editor, off the GUI thread.

The form never queries on the GUI thread: everything it needs for a customer (card, the
catalogue, saved addresses, the last order, due items) comes in one background job
(``services.orders.form_context``); saving is one more. A job is ``fn(ctx)`` with a
:class:`~desk_app.services.base.ServiceContext` and calls use cases, which open their own
transactions. Jobs go to the desk's own worker when the services object has one, else to a
QThreadPool with a context of their own. Either way the callbacks run on the GUI thread.
Co-purchase refreshes always use the pool: they take most of a second and must not hold up
the pop-up's queries on the desk worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desk_app.domain.clock import today_local
from desk_app.services.base import ServiceContext
from desk_app.services.orders import FormContext
from desk_app.store.suggestions import SHARED_CACHE

__all__ = ["FormContext", "Runner"]

log = logging.getLogger(__name__)


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
            log.debug("job refused: %s", type(exc).__name__)
            self.signals.done.emit(self.on_error, exc)
            return
        except Exception as exc:  # shown on the GUI thread, never lost
            log.exception("order form job failed")
            self.signals.done.emit(self.on_error, exc)
            return
        self.signals.done.emit(self.on_done, result)


class Runner(QObject):
    """Runs ``fn(ctx)`` off the GUI thread; callbacks on the GUI thread."""

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

    def context(self) -> ServiceContext:
        """A context of the form's own (pool jobs): the desk's store, operator and day."""
        clock = getattr(self.services, "today", None)
        return ServiceContext(self.services.store,
                              operator_id=getattr(self.services, "operator_id", None),
                              today=clock if callable(clock) else today_local)

    def submit(self, fn: Callable[[ServiceContext], Any], on_done=None, on_error=None, *,
               own_thread: bool = False) -> None:
        self.pending += 1
        worker = getattr(self.services, "worker", None)
        if not own_thread and worker is not None and hasattr(worker, "submit"):
            worker.submit(fn, on_done=lambda r: self._call(on_done, r),
                          on_error=lambda e: self._call(on_error or self._log, e))
            return
        ctx = self.context()
        self.pool.start(_Task(lambda: fn(ctx), self._signals, lambda r: self._call(on_done, r),
                              lambda e: self._call(on_error or self._log, e)))

    def call(self, fn: Callable[[], Any], on_done=None) -> None:
        """A job without the database (postal code lookup) on the pool."""
        self.pending += 1
        self.pool.start(_Task(fn, self._signals, lambda r: self._call(on_done, r),
                              lambda e: self._call(self._log, e)))

    @staticmethod
    def _log(exc: BaseException) -> None:
        log.error("order form job failed: %s", type(exc).__name__)

    def refresh_suggestions(self, on_done=None) -> None:
        """Rebuild the shared co-purchase cache if it is stale (pool thread, own session)."""
        if not SHARED_CACHE.stale():
            return
        store = self.services.store
        self.pending += 1
        self.pool.start(_Task(lambda: SHARED_CACHE.refresh(store.new_session), self._signals,
                              lambda r: self._call(on_done, r),
                              lambda e: self._call(self._log, e)))
