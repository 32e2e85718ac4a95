"""The simulated source plays every kind of call from real store numbers; `desk-app run`."""

from __future__ import annotations

import random
import subprocess
import sys
import threading

from ui_helpers import TODAY

from desk_app.callerid.demo import SCRIPT, DemoSource, pick_numbers
from desk_app.domain.call_event import CallState, Withheld
from desk_app.store.desk_service import DeskService


def test_demo_numbers_are_real_single_family_and_unknown(store):
    numbers = pick_numbers(store, random.Random(1), want=5)
    svc = DeskService(store, today=lambda: TODAY)
    try:
        from desk_app.domain.call_event import CallEvent

        kinds = {kind: {svc.handle_event(CallEvent("demo", number=n)).kind for n in pool}
                 for kind, pool in (("single", numbers.single), ("family", numbers.family),
                                    ("unknown", numbers.unknown))}
    finally:
        svc.close()
    assert kinds == {"single": {"known"}, "family": {"several"}, "unknown": {"unknown"}}


def test_demo_script_covers_every_kind(store):
    source = DemoSource(pick_numbers(store, random.Random(2), want=3), seed=1)
    events = [e for step in SCRIPT for _d, e in source.events_for(*step)]
    assert {e.withheld for e in events if e.withheld} == {
        Withheld.PRIVATE, Withheld.UNAVAILABLE, Withheld.PAYPHONE}
    assert any(e.state == CallState.CANCELLED and e.call_id for e in events)
    assert {e.line for e in events} == {"1", "2"}


def test_demo_source_emits_from_its_own_thread(store):
    got, threads = [], set()
    done = threading.Event()
    source = DemoSource(pick_numbers(store, random.Random(3), want=2), interval=0.01,
                        first_delay=0.0)

    def on_event(event):
        got.append(event)
        threads.add(threading.current_thread().name)
        if len(got) >= 4:
            done.set()

    source.connect(on_event)
    source.start()
    try:
        assert done.wait(10)
    finally:
        source.stop()
    assert threads == {"demo-callerid"}


def test_run_command_is_registered():
    out = subprocess.run([sys.executable, "-m", "desk_app", "run", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for option in ("--demo", "--lang", "--db", "--source"):
        assert option in out
