"""What every screen (and the orders engineer's order form) gets handed: one object.

The order form opened from the pop-up needs the same store, the same background worker and
the operator the desk chose at start; passing this object instead of globals keeps the
screens testable with a throw-away store.

Contract for ``desk_app.ui.orders.form.open_order_form(parent, services, customer_id=...,
repeat_last=..., call_id=...)``: run database work with ``services.worker.submit(fn)``
(``fn`` receives the desk's :class:`~desk_app.services.base.ServiceContext` and calls use
cases in ``desk_app.services``), and after an order was saved call
``services.order_saved(call_id, customer_id)`` so the call log says "order" and open cards
and pop-ups refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QSettings

from desk_app.domain.clock import today_local
from desk_app.services import calls
from desk_app.services.calls import CallDesk
from desk_app.store.db import Store
from desk_app.store.drafts import DraftStore
from desk_app.ui.core.bridge import Bridge
from desk_app.ui.core.worker import Worker


@dataclass
class Services:
    store: Store
    bridge: Bridge
    worker: Worker
    settings: QSettings
    drafts: DraftStore
    operator_id: int | None = None
    operator_name: str = ""
    language: str = "ja"
    # The desk's day (the worker's clock): the order form dates orders by it, the export
    # proposes it as the ship date; tests and screenshots pin it.
    today: Callable[[], date] = today_local
    # Hooks the main window installs so that other screens can open a card or a note.
    hooks: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # The desk's calls: which call row each ringing source call was logged under.
    call_desk: CallDesk = field(default_factory=CallDesk)

    def set_operator(self, operator_id: int | None, name: str) -> None:
        self.operator_id, self.operator_name = operator_id, name
        self.worker.set_operator(operator_id)

    def set_call_outcome(self, call_id: int | None, outcome: str,
                         customer_id: int | None = None) -> None:
        if call_id is None:
            return
        self.worker.submit(lambda ctx: calls.set_outcome(ctx, call_id, outcome,
                                                         customer_id).value,
                           on_done=lambda _r: self.hooks.get("calls_changed", _noop)())

    def order_saved(self, call_id: int | None, customer_id: int | None) -> None:
        """The order form calls this after saving: outcome "order", cards refresh."""
        self.set_call_outcome(call_id, calls.ORDER, customer_id)
        if customer_id is not None:
            self.bridge.customer_changed.emit(customer_id)

    def open_customer(self, customer_id: int) -> None:
        self.hooks.get("open_customer", _noop)(customer_id)


def _noop(*_args, **_kwargs) -> None:
    return None
