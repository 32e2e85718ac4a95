"""`desk-app callerid listen` stops cleanly on SIGINT and SIGTERM even when started with SIGINT
ignored, as every background job of a non-interactive shell is (issue 9, item 9)."""

from __future__ import annotations

import signal
import socket
import sys

import pytest
from support import IgnoringSigint, sigint_is_ignored_in_children


def _free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_children_really_start_with_sigint_ignored():
    assert sigint_is_ignored_in_children()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_callerid_listen_stops_on_signal_with_sigint_ignored(signum):
    port = _free_tcp_port()
    child = IgnoringSigint([sys.executable, "-m", "desk_app", "callerid", "listen", "--source",
                            "yac", "--host", "127.0.0.1", "--port", str(port)])
    try:
        child.wait_stderr("yac: connected")
        with socket.create_connection(("127.0.0.1", port), 5) as peer:  # it really listens
            peer.sendall(b"@CALLYAMADA~0312345678\x00")
        call = child.proc.stdout.readline()
        assert child.stop_with(signum) == 0, child.stderr
    finally:
        if child.proc.poll() is None:
            child.kill()
    assert '"number": "0312345678"' in call
    assert "yac: disconnected" in child.stderr and "Traceback" not in child.stderr
    assert not child.leftovers()
