"""What every screen is handed: the typed desk context.

The order form opened from the pop-up needs the same store, the same background work and the
operator the desk chose at start; passing this one object instead of globals keeps every
screen testable with a throw-away store, and tests build the real thing
(:func:`desk_context`), never a stand-in.

- ``tasks``: all background work (:mod:`desk_app.ui.core.tasks`): ``tasks.submit(fn)`` for
  the database queue (``fn(ctx)``), ``tasks.start(fn)`` for pool jobs with progress/cancel.
- ``hub``: the change hub (:mod:`desk_app.ui.core.hub`): publish what you changed, listen to
  what you show.
- ``navigation``: how one feature opens another's screen (a card, the order form, the
  registration dialog) without importing it; the shell (``main_window``) installs it.
- ``config``: the typed settings (:mod:`desk_app.config`), read and saved in one place.
- ``copurchase``: the desk's co-purchase cache (what the order form suggests), built from
  this desk's store; ``repeat(ms, fn)``: a timer of the desk (its refresh), stopped by
  ``stop()``. State that belongs to one desk lives here, never in a module: tests and the
  screenshot script open several desks, each on its own store, in one process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app import config as config_file
from desk_app.config import DeskConfig
from desk_app.domain.clock import today_local
from desk_app.services.calls import CallDesk
from desk_app.store.db import Store
from desk_app.store.drafts import DraftStore
from desk_app.store.suggestions import CoPurchaseCache
from desk_app.ui.core.bridge import Bridge
from desk_app.ui.core.hub import ChangeHub
from desk_app.ui.core.tasks import Tasks

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Operator:
    """The clerk signed in at this desk (``id`` None: nobody chosen)."""

    id: int | None = None
    name: str = ""


class Navigation:
    """Opening screens across features. The shell installs the real one; until then (a
    screen tested on its own) every call is logged as a warning, never silently lost."""

    def open_customer(self, customer_id: int) -> None:
        self._missing("open_customer")

    def open_order(self, parent: QWidget | None, customer_id: int | None,
                   repeat_last: bool = False, call_id: int | None = None,
                   order_id: int | None = None) -> bool:
        self._missing("open_order")
        return False

    def register_customer(self, parent: QWidget | None, number: str | None = None,
                          call_id: int | None = None) -> QWidget | None:
        """Open the registration dialog (non-modal) and return it."""
        self._missing("register_customer")
        return None

    def edit_customer(self, parent: QWidget | None, card) -> QWidget | None:
        """Open 顧客情報の修正 for *card* (a CustomerCard) and return the dialog."""
        self._missing("edit_customer")
        return None

    def focus_search(self) -> None:
        self._missing("focus_search")

    def fallback_action(self, action: str) -> None:
        """F1–F6 with no pop-up to act on: the shell applies them to the open card."""
        self._missing("fallback_action")

    def show_status(self, text: str) -> None:
        log.info("status: %s", text)

    def _missing(self, what: str) -> None:
        log.warning("navigation %s asked for but no shell installed one", what)


@dataclass(eq=False)
class DeskContext:
    store: Store
    bridge: Bridge
    tasks: Tasks
    hub: ChangeHub
    config: DeskConfig
    drafts: DraftStore
    operator: Operator = Operator()
    language: str = "ja"
    # The desk's day (the database queue's clock): the order form dates orders by it, the
    # export proposes it as the ship date; tests and screenshots pin it.
    today: Callable[[], date] = today_local
    navigation: Navigation = field(default_factory=Navigation)
    # where ``config`` is saved (None: the data folder's config.toml)
    config_path: Path | None = None
    # the desk's calls: which call row each ringing source call was logged under
    call_desk: CallDesk = field(default_factory=CallDesk)
    # what customers buy together, from this desk's store (the order form's suggestions)
    copurchase: CoPurchaseCache = field(default_factory=CoPurchaseCache)
    _timers: list = field(default_factory=list, repr=False)

    @property
    def operator_id(self) -> int | None:
        return self.operator.id

    @property
    def operator_name(self) -> str:
        return self.operator.name

    def set_operator(self, operator_id: int | None, name: str) -> None:
        self.operator = Operator(operator_id, name)
        self.tasks.set_operator(operator_id)

    def save_config(self, config: DeskConfig) -> None:
        """Write *config* (atomically), make it the desk's, tell every screen."""
        config_file.save(config, self.config_path)
        self.config = config
        self.tasks.submit(lambda ctx: setattr(ctx, "config", config)  # later jobs read it
                          if hasattr(ctx, "config") else None)
        self.hub.settings_changed.emit()

    def repeat(self, interval_ms: int, fn: Callable[[], None]):
        """Call *fn* on the GUI thread every *interval_ms* while the desk runs (a QTimer
        owned by the desk: ``stop()`` stops it)."""
        from PySide6.QtCore import QTimer

        timer = QTimer(self.hub, interval=interval_ms)
        timer.timeout.connect(fn)
        timer.start()
        self._timers.append(timer)
        return timer

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the desk's timers and background work (at exit; tests after each desk)."""
        for timer in self._timers:
            timer.stop()
        self._timers.clear()
        self.tasks.stop(timeout)


def desk_context(store: Store, context_factory: Callable[[DeskContext], Any], *,
                 config: DeskConfig, drafts: DraftStore, operator: Operator = Operator(),
                 language: str = "ja", today: Callable[[], date] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 bridge: Bridge | None = None, config_path: Path | None = None) -> DeskContext:
    """A desk context with its own bridge, hub and task threads (call ``stop()`` at the end).

    ``context_factory(desk)`` makes what database jobs receive (see
    :mod:`desk_app.ui.core.tasks`); it is called on the thread that uses the context, after
    this function returned, so it reads the desk's store, operator and day as they are then.
    """
    bridge = bridge or Bridge()
    hub = ChangeHub()
    made: list[DeskContext] = []
    tasks = Tasks(bridge, lambda: context_factory(made[0]), on_error=on_error,
                  publish=hub.publish)
    desk = DeskContext(store=store, bridge=bridge, tasks=tasks, hub=hub, config=config,
                       drafts=drafts, operator=operator, language=language,
                       today=today or today_local, config_path=config_path)
    made.append(desk)
    return desk
