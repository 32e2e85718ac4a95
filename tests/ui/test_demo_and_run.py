"""The simulated source plays every kind of call from real store numbers; `desk-app run`."""

from __future__ import annotations

import random
import subprocess
import sys
import threading

from ui_helpers import TODAY

from desk_app.callerid.demo import SCRIPT, DemoNumbers, DemoSource
from desk_app.domain.call_event import CallState, Withheld
from desk_app.services.base import ServiceContext
from desk_app.services.calls import CallDesk
from desk_app.services.operators import list_operators
from desk_app.store.demo_numbers import sample_numbers


def test_demo_numbers_are_real_single_family_and_unknown(store):
    numbers = sample_numbers(store, random.Random(1), want=5)
    from desk_app.domain.call_event import CallEvent

    ctx, desk = ServiceContext(store, today=lambda: TODAY), CallDesk()
    kinds = {kind: {desk.handle_event(ctx, CallEvent("demo", number=n)).value.kind for n in pool}
             for kind, pool in (("single", numbers.single), ("family", numbers.family),
                                ("unknown", numbers.unknown))}
    assert kinds == {"single": {"known"}, "family": {"several"}, "unknown": {"unknown"}}


def test_demo_script_covers_every_kind(store):
    source = DemoSource(DemoNumbers(*sample_numbers(store, random.Random(2), want=3)), seed=1)
    events = [e for step in SCRIPT for _d, e in source.events_for(*step)]
    assert {e.withheld for e in events if e.withheld} == {
        Withheld.PRIVATE, Withheld.UNAVAILABLE, Withheld.PAYPHONE}
    assert any(e.state == CallState.CANCELLED and e.call_id for e in events)
    assert {e.line for e in events} == {"1", "2"}


def test_demo_source_emits_from_its_own_thread(store):
    got, threads = [], set()
    done = threading.Event()
    source = DemoSource(DemoNumbers(*sample_numbers(store, random.Random(3), want=2)),
                        interval=0.01, first_delay=0.0)

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


def test_operator_is_chosen_at_start_and_remembered(qtbot, ja_app, store, data_dir):
    from desk_app.ui.app import choose_operator
    from desk_app.ui.desk.operator_dialog import OperatorDialog

    assert choose_operator(store, None, "新人 太郎")[1] == "新人 太郎"
    ops = list_operators(ServiceContext(store))
    dialog = OperatorDialog(ops, last_id=ops[1].id)
    qtbot.addWidget(dialog)
    assert dialog.choice() == (ops[1].id, ops[1].name)
    dialog.new_name.setText("山本")
    assert dialog.choice() == (None, "山本")


def test_run_demo_plays_calls_into_its_own_store(tmp_path):
    """`desk-app run --demo` end to end: seeds the demo store, logs simulated calls."""
    import os
    import signal
    import sqlite3
    import time

    env = {**os.environ, "DESK_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "desk_app", "run", "--demo", "--operator",
                             "佐藤", "--interval", "0.3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    db = tmp_path / "demo.db"
    outcomes: set = set()
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and proc.poll() is None:
            time.sleep(0.5)
            if db.exists():
                try:
                    with sqlite3.connect(db) as conn:
                        rows = conn.execute("select withheld, customer_id, outcome from calls")
                        rows = rows.fetchall()
                except sqlite3.OperationalError:
                    continue
                outcomes = {r[2] for r in rows}
                if len(rows) >= 10 and "missed" in outcomes:
                    break
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "Traceback" not in err, err
    assert "missed" in outcomes and "ringing" in outcomes
    assert not (tmp_path / "desk.db").exists()  # the user's real store was never touched


def test_sources_come_from_settings_or_the_command_line(tmp_path, store):
    from desk_app.callerid.network_sources import NcidSource
    from desk_app.config import CallerIdSettings, DeskConfig
    from desk_app.ui.core.sources import build_source

    config = DeskConfig()
    assert build_source(None, config) is None
    config = DeskConfig(callerid=CallerIdSettings(source="ncid", host="127.0.0.1"))
    source = build_source(None, config, port="3334")
    assert isinstance(source, NcidSource)
    assert isinstance(build_source("demo", config, store), DemoSource)
    import pytest

    with pytest.raises(ValueError):
        build_source("no-such-format", config)
