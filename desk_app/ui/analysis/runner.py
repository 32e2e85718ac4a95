"""Background work for the analysis window: one thread, newest request wins, progress.

The engine's first load reads every order (seconds at a million customers) and each figure
is tens to hundreds of milliseconds, so nothing runs on the GUI thread. Jobs run in order
on one thread (the engine is shared); a job submitted with a key makes older pending jobs
of that key stale, and stale results are dropped, so flicking dates only computes the last.
Results arrive through Qt signals on the GUI thread.

(This is the shape of the desk's task API in ``ui/core``; the window moves onto it when the
shared one lands.)
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class Runner(QObject):
    _done = Signal(object)  # (seq, callback, result, error)
    progress = Signal(int, int)  # done, total (of the job now running)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue = queue.Queue()
        self._latest: dict[str, int] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self.pending = 0
        self._done.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="analysis-runner", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> None:
        seq = next(self._seq)
        with self._lock:
            if key is not None:
                self._latest[key] = seq
            self.pending += 1
            first = self.pending == 1
        if first:
            self.busy_changed.emit(True)
        self._queue.put((seq, key, fn, on_done, on_error))

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(5)

    def _stale(self, seq: int, key: str | None) -> bool:
        with self._lock:
            return key is not None and self._latest.get(key) != seq

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            seq, key, fn, on_done, on_error = item
            if self._stale(seq, key):
                self._done.emit((seq, key, None, None, None, None))
                continue
            try:
                result, error = fn(lambda d, t: self.progress.emit(int(d), int(t))), None
            except Exception as exc:  # shown in the window, never kills the thread
                log.exception("analysis job failed")
                result, error = None, exc
            self._done.emit((seq, key, on_done, on_error, result, error))

    def _deliver(self, payload: tuple) -> None:
        seq, key, on_done, on_error, result, error = payload
        with self._lock:
            self.pending -= 1
            idle = self.pending == 0
        try:
            if on_done is not None and not self._stale(seq, key):
                if error is not None:
                    if on_error is not None:
                        on_error(error)
                else:
                    on_done(result)
        except RuntimeError as exc:  # the window closed meanwhile
            if "already deleted" not in str(exc):
                raise
        finally:
            if idle:
                self.busy_changed.emit(False)
