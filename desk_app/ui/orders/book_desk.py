"""Where the 受注一覧 / 入金確認 / 同梱 screens meet the desk: background jobs, change
notices, the status bar. One small seam, so the screens do not care whether the desk hands
them the task API and change hub of ``ui/core`` (``services.tasks``, ``services.hub``) or the
database worker and bridge (``services.worker``, ``bridge.customer_changed``).

Jobs are ``fn(ctx)`` with the desk's :class:`~desk_app.services.base.ServiceContext`; the
callbacks run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk_app.services.base import Changes, ServiceContext


def submit(services, fn: Callable[[ServiceContext], Any],
           on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None,
           key: str | None = None) -> None:
    """Run *fn* on the desk's database queue (``key``: only the newest of a kind counts)."""
    tasks = getattr(services, "tasks", None)
    if tasks is not None:
        tasks.submit(fn, on_done, on_error)
        return
    services.worker.submit(fn, on_done=on_done, on_error=on_error, key=key)


def publish(services, changes: Changes) -> None:
    """Tell every open screen what changed (cards, pop-ups, the list reload)."""
    hub = getattr(services, "hub", None)
    if hub is not None:
        hub.publish(changes)
        return
    for customer_id in changes.customers:
        services.order_saved(None, customer_id)


def listen(services, slot: Callable[[object], None]) -> None:
    """Call *slot* (a bound method of a widget) when orders or customers change."""
    hub = getattr(services, "hub", None)
    if hub is not None:
        hub.orders_changed.connect(slot)
        hub.customers_changed.connect(slot)
        return
    services.bridge.customer_changed.connect(slot)


def show_status(services, text: str) -> None:
    navigation = getattr(services, "navigation", None)
    if navigation is not None:
        navigation.show_status(text)
        return
    services.hooks.get("status", lambda _t: None)(text)
