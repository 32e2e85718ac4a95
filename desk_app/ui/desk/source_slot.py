"""The desk's running caller-ID source, and the one place that stops, starts or swaps it.

``app.run`` hands the first source here and the settings screen swaps it after saving, so a
source is started the same way whichever path chose it (``bridge.attach`` then ``start``).
Stopping can take seconds (a modem in the middle of its AT init, a SIP unregister waiting for
the router), so every stop and start runs in order on one helper thread, never on the GUI
thread; results come back through the bridge.

A settings test ("次の着信を待つ") runs its own temporary source. When that source needs what
the desk's source holds (the same serial device, the SIP port, the same listening port) the
desk's source is stopped for the test and started again afterwards; otherwise the desk keeps
listening while the installer tries a device.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from desk_app.callerid.base import CallerIdSource

log = logging.getLogger(__name__)

Done = Callable[[object, BaseException | None], None]


def _resource(source: CallerIdSource | None) -> tuple | None:
    """What a source holds exclusively: a serial device, the SIP listener, a listening port."""
    if source is None:
        return None
    if source.name == "sip":
        return ("sip",)  # one extension, one SIP port: a second agent would fight the first
    spec = getattr(source, "port_spec", None)
    if spec:
        from desk_app.callerid.serial_source import PortNotFound, resolve_port

        try:
            device = resolve_port(spec)
        except PortNotFound:
            device = spec
        return ("serial", os.path.realpath(device))
    if source.name in ("whozz", "yac"):  # listeners; an NCID client shares its server
        return ("listen", getattr(source, "port", None))
    return None


def conflicts(running: CallerIdSource | None, candidate: CallerIdSource | None) -> bool:
    mine = _resource(running)
    return mine is not None and mine == _resource(candidate)


class SourceSlot:
    """Holds the desk's source. GUI-thread methods return at once; the work is queued."""

    def __init__(self, bridge) -> None:
        self.bridge = bridge
        self.current: CallerIdSource | None = None  # what the desk listens with (GUI view)
        self._desk: CallerIdSource | None = None  # helper thread's view of the same
        self._paused = False
        self._trial: CallerIdSource | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="source-switch")

    # -- GUI thread ----------------------------------------------------------------------
    def replace(self, source: CallerIdSource | None, on_done: Done | None = None) -> Future:
        """Stop the desk's source and start *source* (None: listen to nothing)."""
        self.current = source
        if source is not None:
            self.bridge.attach(source)
        return self._submit(self._replace, source, on_done=on_done)

    def start_trial(self, build: Callable[[], CallerIdSource],
                    connect: Callable[[CallerIdSource], None], on_done: Done) -> Future:
        """Build a test source off the GUI thread, wire it with *connect*, start it (pausing
        the desk's source if they conflict). *on_done* gets True when the desk was paused."""
        return self._submit(self._start_trial, build, connect, on_done=on_done)

    def stop_trial(self, *, resume: bool = True, on_done: Done | None = None) -> Future:
        """End the test; *resume* restarts the desk's source if the test had paused it."""
        return self._submit(self._stop_trial, resume, on_done=on_done)

    def shutdown(self, timeout: float = 10.0) -> None:
        """At exit: stop everything and wait (the event loop is over, nothing to freeze)."""
        try:
            self._submit(self._close).result(timeout)
        finally:
            self._pool.shutdown(wait=False)

    # -- helper thread -------------------------------------------------------------------
    def _submit(self, fn: Callable, *args, on_done: Done | None = None) -> Future:
        def job():
            try:
                result, error = fn(*args), None
            except Exception as exc:  # reported to whoever asked; the slot carries on
                log.warning("caller-ID source switch failed: %s", exc, exc_info=True)
                result, error = None, exc
            if on_done is not None:
                self.bridge.post_call(on_done, result, error)
            return result

        return self._pool.submit(job)

    def _replace(self, source: CallerIdSource | None) -> None:
        old, self._desk, self._paused = self._desk, source, False
        if old is not None:
            old.stop()
        if source is not None:
            source.start()

    def _start_trial(self, build, connect) -> bool:
        self._stop_trial(resume=False)
        try:
            trial = build()
        except Exception:
            self._stop_trial(resume=True)  # a wrong form must not leave the desk deaf
            raise
        clash = conflicts(self._desk, trial)
        if self._paused and not clash:
            self._stop_trial(resume=True)  # the last test paused the desk; this one needs not
        elif clash and not self._paused:
            self._desk.stop()
            self._paused = True
        connect(trial)
        self._trial = trial
        trial.start()
        return self._paused

    def _stop_trial(self, resume: bool) -> bool:
        trial, self._trial = self._trial, None
        if trial is not None:
            trial.stop()
        if resume and self._paused and self._desk is not None:
            self._paused = False
            self._desk.start()
            return True
        return False

    def _close(self) -> None:
        self._stop_trial(resume=False)
        if self._desk is not None:
            self._desk.stop()
