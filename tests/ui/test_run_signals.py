"""The desk (`desk-app run`) quits cleanly on SIGINT and SIGTERM even when started with SIGINT
ignored (a background job of a non-interactive shell), with no process left behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys

import pytest
from support import IgnoringSigint


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_desk_quits_on_signal_with_sigint_ignored(tmp_path, signum):
    env = {**os.environ, "DESK_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    db = tmp_path / "desk.db"
    child = IgnoringSigint([sys.executable, "-m", "desk_app", "-v", "run", "--db",
                            f"sqlite:///{db}", "--operator", "佐藤", "--lang", "en"], env=env)
    try:
        child.wait_stderr("desk running: SIGINT or SIGTERM quits")
        assert child.stop_with(signum) == 0, child.stderr
    finally:
        if child.proc.poll() is None:
            child.kill()
    assert f"signal {int(signum)}: quitting" in child.stderr
    assert "Traceback" not in child.stderr
    assert not child.leftovers()
    with sqlite3.connect(db) as conn:  # the store it opened is intact
        assert conn.execute("select name from operators").fetchall() == [("佐藤",)]
