"""What every device source shares: an I/O thread that never dies, back-off, and the byte path.

A desk must keep popping calls after a USB modem is unplugged and plugged back, after the NCID
server restarts, after a burst of line noise. So the thread runs ``_run()`` (one connection's
life) in a loop: any exception is logged, the status goes to "reconnecting", and after a
growing pause it tries again. The thread itself only moves bytes: parsing is the parser's job
and a parser crash costs one parser (replaced by a fresh one), not the listener.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import abstractmethod
from collections.abc import Callable
from typing import Generic, TypeVar

from desk_app.callerid.base import CallerIdSource, CallParser, SourceState
from desk_app.callerid.parsers._common import take_ignored_count
from desk_app.callerid.status_messages import reason
from desk_app.domain.call_event import CallEvent
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)
P = TypeVar("P", bound=CallParser)


class Backoff:
    """0.5 s, 1 s, 2 s … up to ``maximum``: quick to recover from a replug, gentle on a dead host."""

    def __init__(self, first: float = 0.5, maximum: float = 30.0) -> None:
        self.first, self.maximum = first, maximum
        self._next = first

    def next(self) -> float:
        delay, self._next = self._next, min(self._next * 2, self.maximum)
        return delay

    def reset(self) -> None:
        self._next = self.first


class ThreadedSource(CallerIdSource, Generic[P]):
    """Base for sources with one I/O thread; subclasses implement :meth:`_run`. ``P`` is the
    parser kind, so a source can use what its parser offers beyond :class:`CallParser`."""

    def __init__(self, name: str, parser_factory: Callable[[], P],
                 backoff: Backoff | None = None) -> None:
        self.name = name
        super().__init__()
        self._parser_factory = parser_factory
        self.parser = parser_factory()
        self.backoff = backoff or Backoff()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected_message: Problem | None = None
        self._ignored = 0

    # -- start / stop -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name=f"callerid-{self.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._interrupt()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None
        self._set_status(SourceState.DISCONNECTED)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def _interrupt(self) -> None:
        """Wake a blocked read so that stop() is prompt (sockets: close them)."""

    @abstractmethod
    def _run(self) -> None:
        """One connection's life: open, set up, read until stopped; raise when it breaks."""

    def _where(self) -> str:
        """The device or address this source talks to, named in a failure's wording."""
        return ""

    def _reason(self, exc: BaseException) -> Problem:
        """Why the connection broke, as a code; the device's name in front unless the
        error's own wording has it already."""
        why, where = reason(exc), self._where()
        if where and not {"port", "address", "spec"} & set(why.params):
            return Problem("callerid.at", {"where": where, "reason": why})
        return why

    def _connected(self, message: Problem) -> None:
        """Report a working connection (and remember its description for later recoveries)."""
        self._connected_message, self._ignored = message, 0
        self._set_status(SourceState.CONNECTED, message)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self._run()
            except Exception as exc:  # never let the listener die
                if self._stopping.is_set():
                    break
                log.warning("%s: %s", self.name, exc, exc_info=log.isEnabledFor(logging.DEBUG))
                self._set_status(SourceState.RECONNECTING, self._reason(exc),
                                 str(exc) or type(exc).__name__)
            self._stopping.wait(self.backoff.next())

    # -- the byte path ----------------------------------------------------------------------
    def _deliver(self, data: bytes, now: float | None = None) -> None:
        """Raw bytes → monitor, parser → events. Called from the I/O thread only."""
        now = time.monotonic() if now is None else now
        try:
            self._on_raw(data)
        except Exception:
            log.exception("%s: raw monitor failed", self.name)
        self._parse(lambda: self.parser.feed(data, now), data)

    def _flush(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._parse(lambda: self.parser.flush(now), b"")

    def _parse(self, step: Callable[[], list[CallEvent]], data: bytes) -> None:
        try:
            events = step()
        except Exception:
            log.exception("%s: parser failed; input dropped: %s", self.name, data[:256].hex(" "))
            self._set_status(SourceState.ERROR, Problem("callerid.unreadable"))
            self.parser = self._parser_factory()
            return
        ignored = take_ignored_count()
        if ignored:  # wrong speed, wrong format, line noise: make it visible, keep listening
            self._ignored += ignored
            self._set_status(SourceState.ERROR,
                             Problem("callerid.ignored", {"count": self._ignored}))
        # what the same bytes said besides calls comes first: the NCID server's banner and its
        # replayed call log are older than a live call that arrived in the same read
        self._after_parse()
        for event in events:
            if self.status.state is SourceState.ERROR and self._connected_message:
                self._connected(self._connected_message)  # calls get through again
            self._emit(event)

    def _after_parse(self) -> None:
        """Hook run once the parser took the bytes, before their calls go out: e.g. write
        ALOHA ACK/NAK, forward NCID call-log lines, show the server's banner."""
