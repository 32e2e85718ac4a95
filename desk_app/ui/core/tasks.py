"""The one task API for background work: a database queue and a pool for everything else.

Nothing that can take longer than a frame runs on the GUI thread. Two kinds of work:

- **Database jobs** (``tasks.submit(fn, on_done, on_error, key=None)``) run in order on one
  thread. Each job is called as ``fn(ctx)`` with the context the desk's *context factory*
  made on that thread (``app.service_context``: today the store's ``DeskService``, soon a
  :class:`~desk_app.services.base.ServiceContext`). Jobs submitted with a ``key`` coalesce:
  when the clerk types ``サ``, ``サト``, ``サトウ`` quickly, only the newest search runs and
  only its answer is delivered.
- **Pool jobs** (``tasks.start(fn, ...) -> Job``) run on a small thread pool: network and
  serial tests, imports, PDFs. ``fn(job)`` gets its :class:`Job`, through which it reports
  progress (``job.report(done, total, text)``, delivered coalesced: the GUI sees the newest
  figure, never a backlog), checks for cancel (``job.cancelled`` / ``job.check()`` raising
  :class:`Cancelled`) and, when it needs the store, opens a context of its own
  (``with job.context() as ctx``). Jobs given the same ``lane`` run one after another
  (the caller-ID source slot switches sources that way); a ``key`` coalesces like the
  queue's: a newer job of the same key makes an older one that has not started yet skip,
  and an older one's answer is dropped (flicking through dates computes only the last).
  ``on_settled`` runs last whatever happened (done, failed, cancelled or superseded).

**What changed is published by the task API, not by screens.** When a job (database or pool)
returns a :class:`~desk_app.services.base.Result`, its ``changes`` are published on the desk's
change hub on the GUI thread and ``on_done`` receives ``result.value``; any other return value
is handed to ``on_done`` as it is. The changes are published even when the answer is dropped
(a superseded key, a closed widget): the rows were written all the same, and every screen
showing them must hear it. So a job returns the use case's ``Result`` whole
(``lambda ctx: orders.cancel_order(ctx, n)``), never ``.value`` (that would lose the
changes), and a screen calls ``desk.hub.publish`` only for what no job returned: a change
made elsewhere (another desk's notification arrives as a ``Changes`` on the same hub).
Changes are published before ``on_done`` runs, so a screen that reloads on the hub and then
closes in ``on_done`` sees a consistent order.

Every callback runs on the GUI thread (through the bridge). A callback whose widget was
closed meanwhile is dropped quietly; any other exception in a job is logged and handed to
``on_error`` (or the desk's default error handler), and never kills a thread.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk_app.services.base import Changes, Result
from desk_app.ui.core import collector
from desk_app.ui.core.bridge import Bridge

log = logging.getLogger(__name__)

Publish = Callable[[Changes], None]
"""Where the changes of a job's :class:`Result` go (the desk's ``hub.publish``)."""

ContextFactory = Callable[[], Any]
"""Makes the context database jobs receive; called on the thread that uses it. A context
with a ``close()`` method is closed when that thread is done with it."""


def _close(ctx: Any) -> None:
    close = getattr(ctx, "close", None)
    if callable(close):
        close()


def _dropped_if_deleted(exc: RuntimeError) -> None:
    if "already deleted" not in str(exc):
        raise exc
    log.debug("result for a closed widget dropped: %s", exc)


def _unwrap(value: Any, publish: Publish | None) -> Any:
    """The one rule (GUI thread): a :class:`Result`'s changes go to the hub, its value to
    ``on_done``."""
    if not isinstance(value, Result):
        return value
    if publish is not None and value.changes:
        try:
            publish(value.changes)
        except RuntimeError as exc:  # a listener's widget was closed meanwhile
            _dropped_if_deleted(exc)
    return value.value


# -- the database queue ---------------------------------------------------------------


@dataclass
class DbJob:
    fn: Callable[[Any], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    key: str | None
    seq: int


class _Box:
    """References handed from a worker thread to the GUI thread.

    Whoever takes them empties the box, so the thread that dropped its own reference first
    never frees them: a widget's last reference (a callback, a closure) is released on the GUI
    thread, where Qt requires its objects to be destroyed."""

    __slots__ = ("_items",)

    def __init__(self, *items: Any) -> None:
        self._items: tuple | None = items

    def take(self) -> tuple:
        items, self._items = self._items, None
        assert items is not None, "a box is emptied once"
        return items


class DbQueue:
    """The one background thread that talks to the database, jobs in submission order."""

    def __init__(self, bridge: Bridge, context_factory: ContextFactory, *,
                 on_error: Callable[[BaseException], None] | None = None,
                 publish: Publish | None = None) -> None:
        self.bridge = bridge
        self._factory = context_factory
        self._default_error = on_error or (lambda exc: None)
        self._publish = publish
        self._queue: queue.Queue[DbJob | None] = queue.Queue()
        self._latest: dict[str, int] = {}
        self._seq = itertools.count(1)
        self._pending = 0
        self._lock = threading.Lock()
        bridge.job_done.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="desk-db-worker", daemon=True)
        self._thread.start()

    # -- GUI thread ------------------------------------------------------------------
    def submit(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> None:
        job = DbJob(fn, on_done, on_error, key, next(self._seq))
        with self._lock:
            if key is not None:
                self._latest[key] = job.seq
            self._pending += 1
        self._queue.put(job)

    def set_operator(self, operator_id: int | None) -> None:
        """The clerk changed: later jobs' context records the new operator."""
        self.submit(lambda ctx: setattr(ctx, "operator_id", operator_id))

    @property
    def pending(self) -> int:
        """Jobs submitted whose callbacks have not run yet (tests wait for 0)."""
        return self._pending

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _deliver(self, box: _Box) -> None:
        job, result, error = box.take()
        with self._lock:
            self._pending -= 1
            stale = job.key is not None and self._latest.get(job.key) != job.seq
        result = _unwrap(result, self._publish)  # written even if superseded: always published
        if stale:
            return
        try:
            if error is not None:
                (job.on_error or self._default_error)(error)
            elif job.on_done is not None:
                job.on_done(result)
        except RuntimeError as exc:  # the widget that asked was closed meanwhile
            _dropped_if_deleted(exc)

    # -- worker thread ---------------------------------------------------------------
    def _is_stale(self, job: DbJob) -> bool:
        with self._lock:
            return job.key is not None and self._latest.get(job.key) != job.seq

    def _run(self) -> None:
        ctx = None  # made on the first job, on this thread
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    break
                if self._is_stale(job):
                    box = _Box(job, None, None)
                    del job
                    self.bridge.post_job(box)
                    continue
                try:
                    if ctx is None:
                        ctx = self._factory()
                    result, error = job.fn(ctx), None
                except Exception as exc:  # reported on the GUI thread, never kills the worker
                    if _is_refusal(exc):
                        log.debug("database job refused: %s", type(exc).__name__)
                    else:
                        log.exception("database job failed")
                    result, error = None, exc
                # the worker keeps no reference past this point: the callbacks (bound to
                # widgets) must die on the GUI thread, which empties the box it is handed
                box = _Box(job, result, error)
                del job, result, error
                self.bridge.post_job(box)
        finally:
            if ctx is not None:
                _close(ctx)


def _is_refusal(exc: BaseException) -> bool:
    """Input the use case refused (shown to the clerk), not a bug: no traceback in the log."""
    from desk_app.services.base import ServiceError

    return isinstance(exc, ServiceError | ValueError)


# -- the pool -------------------------------------------------------------------------


class Cancelled(Exception):
    """Raised by :meth:`Job.check` once the job was asked to stop."""


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int | None = None  # None: unknown (a busy indicator)
    text: str = ""
    detail: Any = None  # the job's own figure when it has a richer one (an import's rate)


class Job:
    """One pool job: the handle its caller keeps, and what the job function receives."""

    def __init__(self, pool: Pool, name: str, on_done, on_error, on_progress,
                 on_cancelled, key: str | None = None, seq: int = 0,
                 on_settled=None) -> None:
        self.name = name
        self._on_settled = on_settled
        self.key, self.seq = key, seq
        self._pool = pool
        self._on_done, self._on_error = on_done, on_error
        self._on_progress, self._on_cancelled = on_progress, on_cancelled
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: Progress | None = None
        self._progress_posted = False
        self._settled = False
        self.future: Future | None = None

    # -- the caller (GUI thread) -------------------------------------------------------
    def cancel(self) -> None:
        """Ask the job to stop; it stops at its next ``check()`` (``on_cancelled`` then
        runs instead of ``on_done``). A job that finishes anyway still delivers its result."""
        self._cancel.set()

    def done(self) -> bool:
        return self.future is not None and self.future.done()

    @property
    def running(self) -> bool:
        """True until the job's outcome reached the GUI thread (its callbacks see False)."""
        return not self._settled

    def result(self, timeout: float | None = None) -> None:
        """Block until the job's function returned (only where nothing can freeze: at exit,
        in tests). Its value and errors travel to the callbacks, never through here."""
        assert self.future is not None
        self.future.result(timeout)

    # -- the job (pool thread) ---------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(self.name)

    def report(self, done: int, total: int | None = None, text: str = "", *,
               detail: Any = None) -> None:
        """Tell the GUI how far the job got; cheap to call for every row. *detail* travels
        along untouched (``Progress.detail``) for a job whose figure says more than a count."""
        if self._on_progress is None:
            return
        with self._lock:
            self._latest = Progress(done, total, text, detail)
            if self._progress_posted:
                return
            self._progress_posted = True
        self._pool.bridge.post_call(self._deliver_progress)

    @contextmanager
    def context(self) -> Iterator[Any]:
        """A context of the job's own from the desk's factory, closed afterwards."""
        ctx = self._pool.context_factory()
        try:
            yield ctx
        finally:
            _close(ctx)

    # -- internals ---------------------------------------------------------------------
    def _deliver_progress(self) -> None:
        with self._lock:
            latest, self._latest, self._progress_posted = self._latest, None, False
        if latest is not None and self._on_progress is not None:
            self._on_progress(latest)


class Pool:
    """Threads for work that is not the desk's database queue."""

    def __init__(self, bridge: Bridge, context_factory: ContextFactory, *,
                 max_workers: int = 4,
                 on_error: Callable[[BaseException], None] | None = None,
                 publish: Publish | None = None) -> None:
        self.bridge = bridge
        self.context_factory = context_factory
        self._publish = publish
        self._default_error = on_error or (lambda exc: None)
        self._executor = ThreadPoolExecutor(max_workers=max_workers,
                                            thread_name_prefix="desk-pool")
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._pending = 0
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._latest: dict[str, int] = {}

    @property
    def pending(self) -> int:
        return self._pending

    def _stale(self, job: Job) -> bool:
        with self._lock:
            return job.key is not None and self._latest.get(job.key) != job.seq

    def start(self, fn: Callable[[Job], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None, *,
              on_progress: Callable[[Progress], None] | None = None,
              on_cancelled: Callable[[], None] | None = None, name: str = "",
              lane: str | None = None, key: str | None = None,
              on_settled: Callable[[], None] | None = None) -> Job:
        job = Job(self, name or getattr(fn, "__name__", "job"), on_done, on_error, on_progress,
                  on_cancelled, key, next(self._seq), on_settled)
        with self._lock:
            if key is not None:
                self._latest[key] = job.seq
            self._pending += 1
            executor = self._executor
            if lane is not None:
                executor = self._lanes.get(lane)
                if executor is None:
                    executor = self._lanes[lane] = ThreadPoolExecutor(
                        max_workers=1, thread_name_prefix=f"desk-{lane}")
        # the executor's work item holds only the box, which the worker empties: the last
        # references to the job, its function and its callbacks are the GUI thread's
        job.future = executor.submit(self._run, _Box(job, fn))
        return job

    def _run(self, box: _Box) -> None:
        job, fn = box.take()
        if self._stale(job):  # a newer job of its key came first: nothing to compute
            outcome, value = "stale", None
        else:
            try:
                outcome, value = "done", fn(job)
            except Cancelled:
                outcome, value = "cancelled", None
            except Exception as exc:  # shown on the GUI thread, never lost, never kills the pool
                if _is_refusal(exc):
                    log.debug("%s refused: %s", job.name, type(exc).__name__)
                else:
                    log.exception("%s failed", job.name)
                outcome, value = "error", exc
        # hand everything over and keep nothing: what is left here would be freed on this
        # thread if the GUI thread were done with it first
        box = _Box(job, outcome, value)
        del job, fn, value
        self.bridge.post_call(self._finish_box, box)

    def _finish_box(self, box: _Box) -> None:
        self._finish(*box.take())

    def _finish(self, job: Job, outcome: str, value: Any) -> None:
        with self._lock:
            self._pending -= 1
        job._settled = True
        try:
            if outcome == "done":
                value = _unwrap(value, self._publish)
            if outcome == "stale" or self._stale(job):
                return
            job._deliver_progress()  # a last report still waiting goes first
            if outcome == "done":
                if job._on_done is not None:
                    job._on_done(value)
            elif outcome == "cancelled":
                if job._on_cancelled is not None:
                    job._on_cancelled()
            else:
                (job._on_error or self._default_error)(value)
        except RuntimeError as exc:  # the widget that asked was closed meanwhile
            _dropped_if_deleted(exc)
        finally:
            if job._on_settled is not None:
                try:
                    job._on_settled()
                except RuntimeError as exc:
                    _dropped_if_deleted(exc)

    def shutdown(self, wait: bool = False) -> None:
        for executor in (self._executor, *self._lanes.values()):
            executor.shutdown(wait=wait, cancel_futures=not wait)


# -- the façade screens use -----------------------------------------------------------


class Tasks:
    """The desk's background work: ``submit`` for the database queue, ``start`` for the
    pool. See the module docstring for the contract of each."""

    def __init__(self, bridge: Bridge, context_factory: ContextFactory, *,
                 on_error: Callable[[BaseException], None] | None = None,
                 publish: Publish | None = None,
                 pool_workers: int = 4) -> None:
        self.bridge = bridge
        self.context_factory = context_factory
        app = QCoreApplication.instance()
        if app is not None:  # threads start here: from now on, collect on the GUI thread only
            collector.install(app)
        self.queue = DbQueue(bridge, context_factory, on_error=on_error, publish=publish)
        self.pool = Pool(bridge, context_factory, max_workers=pool_workers, on_error=on_error,
                         publish=publish)

    def submit(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> None:
        self.queue.submit(fn, on_done, on_error, key)

    def start(self, fn: Callable[[Job], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None, *,
              on_progress: Callable[[Progress], None] | None = None,
              on_cancelled: Callable[[], None] | None = None, name: str = "",
              lane: str | None = None, key: str | None = None,
              on_settled: Callable[[], None] | None = None) -> Job:
        return self.pool.start(fn, on_done, on_error, on_progress=on_progress,
                               on_cancelled=on_cancelled, name=name, lane=lane, key=key,
                               on_settled=on_settled)

    def beside(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, *,
               key: str | None = None, name: str = "") -> Job:
        """``fn(ctx)`` on the pool with a context of its own, instead of on the database
        queue: for a read that takes seconds at a large shop (today's list, a day's
        delivery slips), which must not hold up the queue's short jobs — the pop-ups'
        lookups while a call rings. Callbacks and *key* as for :meth:`start`."""
        def job(job: Job) -> Any:
            with job.context() as ctx:
                return fn(ctx)
        return self.start(job, on_done, on_error, key=key, name=name)

    def set_operator(self, operator_id: int | None) -> None:
        self.queue.set_operator(operator_id)

    @property
    def pending(self) -> int:
        """Database and pool jobs whose callbacks have not run yet (tests wait for 0)."""
        return self.queue.pending + self.pool.pending

    def stop(self, timeout: float = 5.0) -> None:
        self.queue.stop(timeout)
        self.pool.shutdown(wait=False)
