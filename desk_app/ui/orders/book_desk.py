"""Where the 受注一覧 / 入金確認 / 同梱 screens meet the desk: background jobs, change
notices, the status bar, through the desk context's task API, change hub and navigation
(``ui/core``).

Jobs are ``fn(ctx)`` with the desk's :class:`~desk_app.services.base.ServiceContext`; the
callbacks run on the GUI thread. A job returns the use case's ``Result``: the task API
publishes its Changes (the cards, pop-ups and lists reload) and hands on the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desk_app.services import orders
from desk_app.services.base import ServiceContext


def submit(services, fn: Callable[[ServiceContext], Any],
           on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None,
           key: str | None = None) -> None:
    """Run *fn* on the desk's database queue (``key``: only the newest of a kind counts)."""
    services.tasks.submit(fn, on_done, on_error, key)


def listen(services, slot: Callable[[object], None]) -> None:
    """Call *slot* (a bound method of a widget) when orders or customers change."""
    services.hub.orders_changed.connect(slot)
    services.hub.customers_changed.connect(slot)


def show_status(services, text: str) -> None:
    services.navigation.show_status(text)


def ask(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question whose default is いいえ (Enter never cancels an order by accident)."""
    answer = QMessageBox.question(parent, title, question,
                                  defaultButton=QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def cancel_order(services, number: int, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None]) -> None:
    """受注取消 of order *number* on the database queue; the use case's Changes reload the
    cards, pop-ups and lists, *on_done* gets the cancelled order."""
    submit(services, lambda ctx: orders.cancel_order(ctx, number), on_done, on_error)
