"""The change hub: one typed place where screens learn that data changed.

A screen that wrote something publishes what changed; every screen that shows it listens to
the matching signal and reloads what it shows. Changes arrive the same way wherever they
come from: a use case's :class:`~desk_app.services.base.Changes` (the task queue publishes
the ``changes`` of every :class:`~desk_app.services.base.Result` a job returns), a widget
that saved something, or — with several desks on one PostgreSQL — another desk's
notification turned into a ``Changes`` by whoever listens for them::

    desk.hub.customers_changed.connect(self._reload_if_mine)   # frozenset[int]
    desk.hub.publish(Changes.of(customers={cid}, orders={oid}))

Signals carry frozensets of ids, or nothing for the kinds that are reloaded as a whole
(products, letters, imports, settings). ``publish`` emits nothing for an empty kind; a sender
that knows rows changed but not which (a batch of call-log records) emits the signal itself
with an empty set, which listeners treat as "reload everything of that kind".
``publish`` may be called from any thread; the signals are always emitted on the GUI thread.
Connect bound methods of the widget that listens (Qt disconnects them when the widget is
deleted), never a lambda that captures it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from desk_app.services.base import Changes


class ChangeHub(QObject):
    customers_changed = Signal(object)  # frozenset[int]: what their cards and pop-ups show
    orders_changed = Signal(object)  # frozenset[int]: order ids placed, edited or cancelled
    calls_changed = Signal(object)  # frozenset[int]: call rows (outcome, callback, customer)
    notes_changed = Signal(object)  # frozenset[int]: note ids written or ticked done
    products_changed = Signal()  # the catalogue
    letters_changed = Signal()  # the follow-up letters due
    imports_changed = Signal()  # a history import ran (figures, stages may all move)
    settings_changed = Signal()  # desk_app.config saved: sources, shop details, thresholds

    _in = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._in.connect(self._emit, Qt.ConnectionType.QueuedConnection)

    def publish(self, changes: Changes) -> None:
        """Emit the signals matching *changes* (from any thread)."""
        if not changes:
            return
        if QThread.currentThread() is self.thread():
            self._emit(changes)
        else:
            self._in.emit(changes)

    # shorthands for the common cases
    def customers(self, *ids: int | None) -> None:
        self.publish(Changes.of(customers=ids))

    def calls(self, *ids: int | None) -> None:
        self.publish(Changes.of(calls=ids))

    def settings(self) -> None:
        self.settings_changed.emit()

    @Slot(object)
    def _emit(self, changes: Changes) -> None:
        if changes.customers:
            self.customers_changed.emit(frozenset(changes.customers))
        if changes.orders:
            self.orders_changed.emit(frozenset(changes.orders))
        if changes.calls:
            self.calls_changed.emit(frozenset(changes.calls))
        if changes.notes:
            self.notes_changed.emit(frozenset(changes.notes))
        if changes.products:
            self.products_changed.emit()
        if changes.letters:
            self.letters_changed.emit()
        if changes.imports:
            self.imports_changed.emit()
