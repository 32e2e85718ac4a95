"""Background work for the analysis window, on the desk's task pool (``ui/core/tasks``).

The engine's first load reads every order (seconds at a million customers) and each figure
is tens to hundreds of milliseconds, so nothing runs on the GUI thread. The window's jobs run
in order on one lane of the pool (the engine is shared); a job submitted with a key makes
older pending jobs of that key skip, and their results are dropped, so flicking dates only
computes the last. Progress and results arrive on the GUI thread.

This is a thin view of :class:`~desk_app.ui.core.tasks.Tasks` for the window's widgets:
``submit(fn, on_done, on_error, key)`` where ``fn(progress)`` reports with
``progress(done, total)``, plus the ``progress`` and ``busy_changed`` signals the window's
status line shows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.ui.core.tasks import Job, Tasks
from desk_app.ui.core.tasks import Progress as TaskProgress

Progress = Callable[[int, int], None]
_windows = itertools.count(1)


class Runner(QObject):
    progress = Signal(int, int)  # done, total (of the job now running)
    busy_changed = Signal(bool)

    def __init__(self, tasks: Tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.lane = f"analysis-{next(_windows)}"
        self.pending = 0

    def submit(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> Job:
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)
        return self.tasks.start(
            lambda job: fn(lambda d, t: job.report(int(d), int(t))), on_done, on_error,
            on_progress=self._report, on_settled=self._settled, name="analysis",
            lane=self.lane, key=f"{self.lane}:{key}" if key is not None else None)

    def _report(self, p: TaskProgress) -> None:
        self.progress.emit(p.done, p.total or 0)

    def _settled(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busy_changed.emit(False)

    def stop(self) -> None:
        """Nothing of its own to stop: the desk's tasks end with the desk."""
