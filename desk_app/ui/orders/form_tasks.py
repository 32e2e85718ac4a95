"""Background work of the order form and the catalogue editor, off the GUI thread.

The form never queries on the GUI thread: everything it needs for a customer (card, the
catalogue, saved addresses, the last order, due items) comes in one background job
(``services.orders.form_context``); saving is one more. A job is ``fn(ctx)`` with the desk's
:class:`~desk_app.services.base.ServiceContext` and calls use cases, which open their own
transactions; jobs go to the desk's database queue (``services.tasks.submit``, see
:mod:`desk_app.ui.core.tasks`) and callbacks run on the GUI thread. Co-purchase refreshes run
on the task pool: they take most of a second and must not hold up the pop-up's queries on
the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desk_app.services.orders import FormContext

__all__ = ["REFRESH_MS", "FormContext", "keep_suggestions_fresh", "refresh_suggestions"]

REFRESH_MS = 30 * 60 * 1000  # the co-purchase figures are rebuilt every 30 minutes

log = logging.getLogger(__name__)


def refresh_suggestions(services, on_done: Callable[[Any], None] | None = None) -> None:
    """Rebuild the desk's co-purchase cache if it is stale: a pool job with its own Session."""
    cache = services.copurchase
    if not cache.stale():
        return
    store = services.store
    services.tasks.start(lambda _job: cache.refresh(store.new_session), on_done,
                         lambda exc: log.error("co-purchase refresh failed: %s",
                                               type(exc).__name__),
                         name="co-purchase refresh")


def keep_suggestions_fresh(services) -> None:
    """The desk's timer (``build_desk`` sets it, every :data:`REFRESH_MS`): once an order
    form has used the co-purchase figures, they are rebuilt in the background while the
    desk runs, so the next form does not wait for them."""
    if services.copurchase.get() is not None:
        refresh_suggestions(services)
