"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs on whichever thread happens to allocate when a
generation's threshold is crossed. The desk's database worker and pool threads allocate a
lot (SQLAlchemy rows), so sooner or later a collection starts on one of them; if the cycles
it frees hold a Qt wrapper (a closed dialog, a lambda that captured a widget), the C++
object is destroyed on a thread that does not own it and the process dies with a
segmentation fault, far from any code of ours. CI saw exactly that once: "Garbage-collecting"
on the database worker inside ``services.orders.form_context``.

So the desk turns automatic collection off and collects itself, on the GUI thread, from a
timer, honouring the same per-generation thresholds Python would have used (the way
qutebrowser's ``GarbageCollector`` does). Reference counting still frees acyclic objects at
once; the task API (``tasks.py``) makes sure the last references to callbacks are dropped
on the GUI thread too.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

DEFAULT_THRESHOLDS: tuple[int, int, int] = (700, 10, 10)


def collect_due(thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS) -> int:
    """Collect the generations whose counters passed their threshold, youngest first, as
    the interpreter would have; returns the number of objects found unreachable. Call it
    on the GUI thread only."""
    found = 0
    counts = gc.get_count()
    if counts[0] > thresholds[0]:
        found += gc.collect(0)
        if counts[1] >= thresholds[1]:
            found += gc.collect(1)
            if counts[2] >= thresholds[2]:
                found += gc.collect(2)
    return found


class GuiThreadCollector(QObject):
    """Owns collection for the life of the QApplication: :meth:`start` turns automatic
    collection off and collects on a timer."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        if gc.isenabled():
            self._thresholds = tuple(t or d for t, d in zip(gc.get_threshold(),
                                                            DEFAULT_THRESHOLDS, strict=True))
            gc.disable()
        self._timer.start()

    def collect_due(self) -> int:
        return collect_due(self._thresholds)


def install(app: QObject) -> GuiThreadCollector:
    """Start GUI-thread collection for *app*; the collector is its child. Every call turns
    automatic collection off again, whoever turned it on meanwhile."""
    collector = app.findChild(GuiThreadCollector) or GuiThreadCollector(app)
    collector.start()
    return collector
