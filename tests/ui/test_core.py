"""ui/core: the task API (database queue and pool), the change hub, the desk context."""

from __future__ import annotations

import logging
import threading

import pytest

from desk_app.services.base import Changes, Result


@pytest.fixture()
def desk(qapp, qtbot, store, tmp_path, monkeypatch):
    from desk_app.ui.app import desk_for

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    d = desk_for(store, operator_id=1, operator_name="佐藤",
                 config_path=tmp_path / "config.toml")
    yield d
    qtbot.waitUntil(lambda: d.tasks.pending == 0, timeout=5000)
    d.stop()


def test_database_jobs_run_in_order_with_the_desk_context(qtbot, desk):
    from desk_app.services.base import ServiceContext

    seen, threads = [], set()

    def job(n):
        def fn(ctx):
            threads.add(threading.current_thread().name)
            assert isinstance(ctx, ServiceContext) and ctx.operator_id == 1
            return n
        return fn

    for n in range(20):
        desk.tasks.submit(job(n), on_done=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 20, timeout=5000)
    assert seen == list(range(20)) and threads == {"desk-db-worker"}


def test_keyed_jobs_coalesce_to_the_newest(qtbot, desk):
    gate, delivered, ran = threading.Event(), [], []
    desk.tasks.submit(lambda ctx: gate.wait(5))  # holds the queue while the keys pile up
    for text in ("サ", "サト", "サトウ"):
        desk.tasks.submit(lambda ctx, t=text: ran.append(t) or t, on_done=delivered.append,
                          key="search")
    gate.set()
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    assert delivered == ["サトウ"] and ran == ["サトウ"]


def test_a_results_changes_are_published_and_its_value_delivered(qtbot, desk):
    got, customers, orders, seen_first = [], [], [], []
    desk.hub.customers_changed.connect(customers.append)
    desk.hub.orders_changed.connect(orders.append)
    result = Result("ok", Changes.of(customers=[3, None], orders=[7]))
    desk.tasks.submit(lambda ctx: result,
                      on_done=lambda v: (seen_first.append(list(customers)), got.append(v)))
    desk.tasks.submit(lambda ctx: "plain", on_done=got.append)  # not a Result: as it is
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert got == ["ok", "plain"] and customers == [{3}] and orders == [{7}]
    assert seen_first == [[{3}]]  # published before on_done ran


def test_a_superseded_jobs_changes_are_still_published(qtbot, desk):
    """Its answer is dropped, but what it wrote is written: screens must hear it."""
    started, gate, delivered, customers = threading.Event(), threading.Event(), [], []
    desk.hub.customers_changed.connect(customers.append)

    def write(ctx):
        started.set()
        gate.wait(5)
        return Result("first", Changes.of(customers=[1]))

    desk.tasks.submit(write, on_done=delivered.append, key="k")
    assert started.wait(5)  # it runs: a newer job of its key can only drop its answer now
    desk.tasks.submit(lambda ctx: Result("second", Changes.of(customers=[2])),
                      on_done=delivered.append, key="k")
    gate.set()
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    assert delivered == ["second"] and customers == [{1}, {2}]


def test_a_pool_jobs_result_publishes_its_changes_too(qtbot, desk):
    done, imports = [], []
    desk.hub.imports_changed.connect(lambda: imports.append(True))
    job = desk.tasks.start(lambda job: Result(42, Changes(imports=True)), done.append)
    assert job.running
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [42] and imports == [True] and not job.running


def test_a_failing_job_reaches_its_error_callback_and_the_queue_goes_on(qtbot, desk, caplog):
    errors, after = [], []
    with caplog.at_level(logging.ERROR):
        desk.tasks.submit(lambda ctx: 1 / 0, on_error=errors.append)
        desk.tasks.submit(lambda ctx: "next", on_done=after.append)
        qtbot.waitUntil(lambda: bool(after), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError) and after == ["next"]


def test_set_operator_reaches_later_jobs(qtbot, desk):
    seen = []
    desk.set_operator(2, "鈴木")
    desk.tasks.submit(lambda ctx: ctx.operator_id, on_done=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [2] and desk.operator_id == 2 and desk.operator_name == "鈴木"


def test_pool_job_reports_progress_on_the_gui_thread_and_its_result(qtbot, desk):
    gui = threading.current_thread()
    reports, done = [], []

    def work(job):
        for i in range(1, 501):
            job.report(i, 500, "rows")
        return "imported"

    def progress(p):
        assert threading.current_thread() is gui
        reports.append(p)

    desk.tasks.start(work, done.append, on_progress=progress, name="import")
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == ["imported"]
    # coalesced: never a backlog of 500 calls, always increasing, the last one delivered
    assert 1 <= len(reports) <= 500 and reports[-1].done == 500 and reports[-1].total == 500
    assert [p.done for p in reports] == sorted(p.done for p in reports)


def test_a_cancelled_pool_job_says_so_and_does_not_deliver(qtbot, desk):
    started, release = threading.Event(), threading.Event()
    done, cancelled, errors = [], [], []

    def work(job):
        started.set()
        release.wait(5)
        job.check()  # raises Cancelled after cancel()
        return "finished"

    handle = desk.tasks.start(work, done.append, errors.append,
                              on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    handle.cancel()
    assert handle.cancelled
    release.set()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert done == [] and errors == [] and desk.tasks.pending == 0


def test_pool_errors_go_to_on_error(qtbot, desk):
    errors = []
    desk.tasks.start(lambda job: int("x"), None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)


def test_jobs_of_one_lane_run_one_after_another(qtbot, desk):
    order, lock, active, overlap = [], threading.Lock(), [0], []

    def step(n):
        def fn(job):
            with lock:
                active[0] += 1
                overlap.append(active[0])
            threading.Event().wait(0.01)
            with lock:
                active[0] -= 1
                order.append(n)
            return n
        return fn

    jobs = [desk.tasks.start(step(n), lane="source") for n in range(5)]
    jobs[-1].result(5)
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    assert order == [0, 1, 2, 3, 4] and max(overlap) == 1


def test_keyed_pool_jobs_compute_and_deliver_only_the_newest(qtbot, desk):
    gate, ran, delivered = threading.Event(), [], []
    desk.tasks.start(lambda job: gate.wait(5), lane="analysis")  # holds the lane
    for day in (1, 2, 3):
        desk.tasks.start(lambda job, d=day: ran.append(d) or d, delivered.append,
                         lane="analysis", key="figure")
    gate.set()
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    assert ran == [3] and delivered == [3]


def test_a_pool_job_opens_its_own_context(qtbot, desk):
    seen = []

    def work(job):
        with job.context() as ctx:
            return ctx.operator_id, threading.current_thread().name

    desk.tasks.start(work, seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0][0] == 1 and seen[0][1].startswith("desk-pool")


def test_hub_turns_changes_into_signals_from_any_thread(qtbot, desk):
    gui = threading.current_thread()
    got = {}

    def on(kind):
        def record(*args):
            assert threading.current_thread() is gui
            got[kind] = args[0] if args else True
        return record

    hub = desk.hub
    for kind in ("customers", "orders", "calls", "notes"):
        getattr(hub, f"{kind}_changed").connect(on(kind))
    for kind in ("products", "letters", "imports"):
        getattr(hub, f"{kind}_changed").connect(on(kind))
    changes = Changes.of(customers=[1, 2], orders=[5], calls=[9], notes=[4], products=True,
                         letters=True, imports=True)
    threading.Thread(target=hub.publish, args=(changes,)).start()
    qtbot.waitUntil(lambda: len(got) == 7, timeout=5000)
    assert got == {"customers": {1, 2}, "orders": {5}, "calls": {9}, "notes": {4},
                   "products": True, "letters": True, "imports": True}


def test_hub_emits_nothing_for_no_changes(qtbot, desk):
    got = []
    desk.hub.customers_changed.connect(got.append)
    desk.hub.publish(Changes())
    desk.hub.publish(Changes.of(customers=[None]))
    qtbot.wait(20)
    assert got == []
    desk.hub.customers(12)
    assert got == [{12}]


def test_navigation_without_a_shell_is_logged_not_silent(desk, caplog):
    with caplog.at_level(logging.WARNING):
        desk.navigation.open_customer(3)
        assert desk.navigation.open_order(None, 3) is False
    assert [r.message for r in caplog.records] == [
        "navigation open_customer asked for but no shell installed one",
        "navigation open_order asked for but no shell installed one"]


def test_the_desk_window_installs_its_navigation(qtbot, ja_app, store, data_dir):
    from desk_app.ui.app import build_desk
    from desk_app.ui.main_window import ShellNavigation

    desk, window = build_desk(store, operator_id=1, operator_name="佐藤")
    qtbot.addWidget(window)
    try:
        assert isinstance(desk.navigation, ShellNavigation)
        dialog = desk.navigation.register_customer(window, "0312345678")
        assert dialog.isVisible()
        dialog.reject()
    finally:
        qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
        desk.stop()


def test_the_context_factory_is_pluggable(qtbot, store,
                                                                           tmp_path):
    from desk_app.config import DeskConfig
    from desk_app.services.base import ServiceContext
    from desk_app.store.drafts import DraftStore
    from desk_app.store.models import Customer
    from desk_app.ui.core.context import Operator, desk_context

    made = []

    def factory(d):  # any context will do: the queue hands it to every job as it is
        made.append(d)
        return ServiceContext(d.store, operator_id=d.operator_id, today=d.today,
                              config=d.config)

    desk = desk_context(store, factory,
                        config=DeskConfig(), drafts=DraftStore(tmp_path / "drafts"),
                        operator=Operator(4, "田中"))
    try:
        got = []
        desk.tasks.submit(lambda ctx: (type(ctx).__name__, ctx.operator_id), got.append)
        def count(ctx):
            with ctx.reading() as s:
                return s.query(Customer).count()

        desk.tasks.submit(count, got.append)
        qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
        assert got[0] == ("ServiceContext", 4) and got[1] > 0 and made == [desk]
    finally:
        qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
        desk.stop()


def test_the_co_purchase_cache_and_its_timer_belong_to_the_desk(qtbot, desk, store, tmp_path):
    """Two desks in one process (tests, screenshots) each suggest from their own store, and
    stopping a desk stops its refresh timer: nothing of a desk outlives it in a module."""
    from desk_app.ui.app import desk_for
    from desk_app.ui.orders.form_tasks import REFRESH_MS, keep_suggestions_fresh

    other = desk_for(store, config_path=tmp_path / "other.toml")
    timers = list(other._timers)
    assert other.copurchase is not desk.copurchase
    assert [t.interval() for t in timers] == [REFRESH_MS] and timers[0].isActive()
    keep_suggestions_fresh(other)  # nothing built yet: no order form used it, no job
    assert other.tasks.pending == 0
    other.stop()
    assert not timers[0].isActive() and other._timers == []


# -- Qt objects die on the GUI thread -------------------------------------------------------
# A callback is usually a widget's bound method or a closure over one. Whatever frees its last
# reference frees the widget's wrapper, and Qt objects freed on a worker thread crash the
# process. CI died once that way (a collection started on the database worker).


class _Witness:
    """Records the thread that frees it."""

    def __init__(self, freed: list[str]) -> None:
        self._freed = freed

    def on_done(self, value) -> None:
        pass

    def __del__(self) -> None:
        self._freed.append(threading.current_thread().name)


def test_a_database_jobs_callbacks_are_freed_on_the_gui_thread(qtbot, desk):
    freed: list[str] = []
    desk.tasks.submit(lambda ctx: 1, on_done=_Witness(freed).on_done)
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    # the worker takes the next job: anything it still held of the first would go now
    done = []
    desk.tasks.submit(lambda ctx: 2, on_done=done.append)
    qtbot.waitUntil(lambda: done == [2], timeout=5000)
    assert freed == [threading.main_thread().name]


def test_a_pool_jobs_function_and_callbacks_are_freed_on_the_gui_thread(qtbot, desk):
    freed: list[str] = []
    witness = _Witness(freed)
    job = desk.tasks.start(lambda j, w=witness: 1, witness.on_done,
                           on_error=witness.on_done, lane="witness")
    del witness
    job.result(5)  # the function returned and the worker is done with it
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    del job
    follow = desk.tasks.start(lambda j: 2, lane="witness")
    follow.result(5)
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    assert freed == [threading.main_thread().name]


def test_a_failed_pool_job_hands_its_error_to_the_gui_thread(qtbot, desk):
    errors = []

    def boom(job):
        raise LookupError("no such row")

    job = desk.tasks.start(boom, on_error=errors.append)
    job.result(5)  # waits; the error travels to on_error, not through result()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], LookupError)


def test_the_desk_collects_garbage_on_the_gui_thread_only(qtbot, desk, store, tmp_path):
    """Automatic collection (which may start on any thread) is off once a desk's task threads
    exist, and the GUI thread's collector frees cycles on its own timer."""
    import gc

    from PySide6.QtCore import QCoreApplication, QTimer

    from desk_app.ui.app import desk_for
    from desk_app.ui.core.collector import GuiThreadCollector

    gc.enable()  # as in a fresh process (this suite keeps it off between tests)
    try:
        other = desk_for(store, operator_id=1, config_path=tmp_path / "other.toml")
        assert not gc.isenabled()
        collector = QCoreApplication.instance().findChild(GuiThreadCollector)
        assert collector.findChild(QTimer).isActive()
    finally:
        gc.disable()
    freed: list[str] = []

    class Cycle(_Witness):
        def __init__(self, freed):
            super().__init__(freed)
            self.me = self

    Cycle(freed)
    keep = [[n] for n in range(2000)]  # past generation 0's threshold
    qtbot.waitUntil(lambda: freed == [threading.main_thread().name], timeout=5000)
    assert len(keep) == 2000
    qtbot.waitUntil(lambda: other.tasks.pending == 0, timeout=5000)
    other.stop()
