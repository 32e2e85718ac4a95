"""The one background thread that talks to the database.

A query that takes 40 ms on a million customers must never freeze the window the clerk is
typing in, so every read and write runs here, in order: each job is called as ``fn(ctx)``
with this desk's :class:`~desk_app.services.base.ServiceContext` (the store, the signed-in
operator, the desk's day) and calls use cases, each opening and closing its own Session.
Results come back through the bridge and callbacks run on the GUI thread. Jobs submitted
with a ``key`` coalesce: when the clerk types ``サ``, ``サト``,
``サトウ`` quickly, only the newest search runs and only its answer is delivered.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desk_app.services.base import ServiceContext
from desk_app.store.db import Store
from desk_app.ui.core.bridge import Bridge

log = logging.getLogger(__name__)


@dataclass
class Job:
    fn: Callable[[ServiceContext], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    key: str | None
    seq: int


class Worker:
    def __init__(self, store: Store, bridge: Bridge, *, operator_id: int | None = None,
                 today: Callable | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.store = store
        self.bridge = bridge
        self._operator_id = operator_id
        self._today = today
        self._default_error = on_error or (lambda exc: None)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._latest: dict[str, int] = {}
        self._seq = itertools.count(1)
        self._pending = 0
        self._lock = threading.Lock()
        bridge.job_done.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="desk-db-worker", daemon=True)
        self._thread.start()

    # -- GUI thread ------------------------------------------------------------------
    def submit(self, fn: Callable[[ServiceContext], Any],
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> None:
        job = Job(fn, on_done, on_error, key, next(self._seq))
        with self._lock:
            if key is not None:
                self._latest[key] = job.seq
            self._pending += 1
        self._queue.put(job)

    def set_operator(self, operator_id: int | None) -> None:
        self._operator_id = operator_id
        self.submit(lambda ctx: setattr(ctx, "operator_id", operator_id))  # in queue order

    @property
    def pending(self) -> int:
        """Jobs submitted whose callbacks have not run yet (tests wait for 0)."""
        return self._pending

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _deliver(self, payload: tuple) -> None:
        job, result, error = payload
        with self._lock:
            self._pending -= 1
            stale = job.key is not None and self._latest.get(job.key) != job.seq
        if stale:
            return
        try:
            if error is not None:
                (job.on_error or self._default_error)(error)
            elif job.on_done is not None:
                job.on_done(result)
        except RuntimeError as exc:  # the widget that asked was closed meanwhile
            if "already deleted" not in str(exc):
                raise
            log.debug("result for a closed widget dropped: %s", exc)

    # -- worker thread ---------------------------------------------------------------
    def _is_stale(self, job: Job) -> bool:
        with self._lock:
            return job.key is not None and self._latest.get(job.key) != job.seq

    def _run(self) -> None:
        ctx = ServiceContext(self.store, operator_id=self._operator_id)
        if self._today is not None:
            ctx.today = self._today
        while True:
            job = self._queue.get()
            if job is None:
                break
            if self._is_stale(job):
                self.bridge.post_job((job, None, None))
                continue
            try:
                result, error = job.fn(ctx), None
            except ValueError as exc:  # a refusal (ServiceError, …): shown, not a bug
                log.debug("database job refused: %s", type(exc).__name__)
                result, error = None, exc
            except Exception as exc:  # reported on the GUI thread, never kills the worker
                log.exception("database job failed")
                result, error = None, exc
            self.bridge.post_job((job, result, error))
