"""A long job beside the desk's database queue, with progress and cancel.

An import reads millions of rows for minutes; on the desk's one database worker it would
hold up every pop-up behind it. It runs on its own thread instead, with its own store
sessions (the service opens them); progress and the answer come back to the GUI thread as
queued Qt signals. Cancel sets a flag the job polls (the import checks it every batch and
between its write steps, and then writes nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundJob(QObject):
    """``fn(progress, cancelled)`` on a thread; ``progressed``/``finished``/``failed`` on
    the GUI thread. One job per object; ``running`` until one of the last two arrived."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False
        self.finished.connect(self._ended)
        self.failed.connect(self._ended)

    def start(self, fn: Callable[[Callable[[Any], None], Callable[[], bool]], Any]) -> None:
        if self.running:
            raise RuntimeError("a job is already running")
        self._cancel.clear()
        self.running = True

        def work() -> None:
            try:
                result = fn(self.progressed.emit, self._cancel.is_set)
            except BaseException as exc:  # noqa: BLE001 (delivered to the GUI thread)
                log.debug("background job failed", exc_info=True)
                self.failed.emit(exc)
            else:
                self.finished.emit(result)

        self._thread = threading.Thread(target=work, name="desk-import", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _ended(self, _value: object) -> None:
        self.running = False
