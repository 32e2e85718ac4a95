"""The one object that carries events from other threads onto the GUI thread.

Caller-ID sources run their own I/O threads and the database worker runs its own; Qt
widgets may only be touched on the GUI thread. Each ``post_*`` method may be called from any
thread: it emits a private signal that is connected to a slot of this object (which lives on
the GUI thread) with a *queued* connection, and that slot re-emits the public signal. So every
consumer, whether a QObject slot or a plain Python callable, always runs on the GUI thread;
this is the pattern Electrum uses for its network callbacks.

``post_log`` carries a source's call-log records (an NCID server's replayed log, the calls it
hung up on or blocked): they travel apart from ``call_event`` so that no pop-up ever sees
them, and the call log records them through the same database worker as every other call.

``post_call`` carries what is neither a call for the desk nor the desk source's status (the
settings screen's raw monitor, its test source, a registration test's result) to the one
widget that asked, so trying a device never pops a call or changes the desk's status bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desk_app.callerid.base import CallerIdSource, SourceStatus
from desk_app.domain.call_event import CallEvent


class Bridge(QObject):
    call_event = Signal(object)  # CallEvent
    call_logged = Signal(object)  # CallEvent with log_kind: for the call log, never a pop-up
    source_status = Signal(object)  # SourceStatus
    job_done = Signal(object)  # a box of (job, result, error) from the database worker

    _event_in = Signal(object)
    _log_in = Signal(object)
    _status_in = Signal(object)
    _job_in = Signal(object)
    _call_in = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._event_in.connect(self._relay_event, Qt.ConnectionType.QueuedConnection)
        self._log_in.connect(self._relay_log, Qt.ConnectionType.QueuedConnection)
        self._status_in.connect(self._relay_status, Qt.ConnectionType.QueuedConnection)
        self._job_in.connect(self._relay_job, Qt.ConnectionType.QueuedConnection)
        self._call_in.connect(self._relay_call, Qt.ConnectionType.QueuedConnection)

    # -- any thread ------------------------------------------------------------------
    def post_event(self, event: CallEvent) -> None:
        self._event_in.emit(event)

    def post_log(self, event: CallEvent) -> None:
        self._log_in.emit(event)

    def post_status(self, status: SourceStatus) -> None:
        self._status_in.emit(status)

    def post_job(self, payload: object) -> None:
        self._job_in.emit(payload)

    def post_call(self, fn: Callable[..., object], *args: object) -> None:
        """Run ``fn(*args)`` on the GUI thread."""
        self._call_in.emit((fn, args))

    def attach(self, source: CallerIdSource) -> None:
        """Route a source's callbacks through this bridge (call before ``source.start()``),
        its call-log records too when it has any (``on_log``: the NCID client)."""
        source.connect(self.post_event, self.post_status)
        if hasattr(source, "on_log"):
            source.on_log = self.post_log

    # -- GUI thread ------------------------------------------------------------------
    @Slot(object)
    def _relay_event(self, event: CallEvent) -> None:
        self.call_event.emit(event)

    @Slot(object)
    def _relay_log(self, event: CallEvent) -> None:
        self.call_logged.emit(event)

    @Slot(object)
    def _relay_status(self, status: SourceStatus) -> None:
        self.source_status.emit(status)

    @Slot(object)
    def _relay_job(self, payload: object) -> None:
        self.job_done.emit(payload)

    @Slot(object)
    def _relay_call(self, payload: tuple) -> None:
        fn, args = payload
        try:
            fn(*args)
        except RuntimeError as exc:  # the widget that asked was closed meanwhile
            if "already deleted" not in str(exc):
                raise
