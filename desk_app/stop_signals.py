"""Stop a listener on SIGINT and SIGTERM whatever signal disposition it inherited.

Python turns SIGINT into KeyboardInterrupt only when SIGINT was *not* ignored at start, and a
command started in the background by a non-interactive shell (``cmd &`` in a script, many
test runners and service wrappers) starts with SIGINT ignored: such a listener would never
stop on Ctrl-C or ``kill -INT``. So the listeners (``desk-app callerid listen``, ``desk-app
sip listen``, the desk itself) install their own handlers for both signals and stop through
their normal shutdown path. Standard library only, so that every layer can use it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

STOP_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class StopSignals:
    """While entered, SIGINT and SIGTERM set :attr:`stopped` (and call *on_stop* with the
    signal number) instead of killing the process; leaving restores the previous handlers.
    Must be entered on the main thread (Python delivers signals there only).

    An event loop that runs no Python code while idle (Qt's) passes *wakeup_fd*, the write
    end of a non-blocking socket pair whose read end it watches: the C-level handler writes a
    byte there (``signal.set_wakeup_fd``), the loop wakes, and the Python handler runs."""

    def __init__(self, on_stop: Callable[[int], None] | None = None, *,
                 wakeup_fd: int | None = None) -> None:
        self.stopped = threading.Event()
        self.signum: int | None = None
        self._on_stop = on_stop
        self._wakeup_fd = wakeup_fd
        self._previous_fd: int | None = None
        self._previous: dict[signal.Signals, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        self.stopped.set()
        if self._on_stop is not None:
            self._on_stop(signum)

    def __enter__(self) -> StopSignals:
        if self._wakeup_fd is not None:
            self._previous_fd = signal.set_wakeup_fd(self._wakeup_fd)
        for sig in STOP_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()
        if self._previous_fd is not None:
            signal.set_wakeup_fd(self._previous_fd)
            self._previous_fd = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a stop signal arrived (True) or *timeout* passed (False)."""
        return self.stopped.wait(timeout)
