"""`desk-app sip listen` stops cleanly on SIGINT and SIGTERM even when started with SIGINT
ignored (a background job of a non-interactive shell), with no process left behind."""

from __future__ import annotations

import signal
import sys

import pytest
from sip_helpers import free_port
from support import IgnoringSigint


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_sip_listen_stops_on_signal_with_sigint_ignored(tmp_path, signum):
    secret = tmp_path / "pw"
    secret.write_text("secret\n")
    secret.chmod(0o600)
    registrar, bind = free_port(), free_port()  # nobody answers: it keeps trying to register
    child = IgnoringSigint([sys.executable, "-m", "desk_app", "sip", "listen", "--registrar",
                            f"127.0.0.1:{registrar}", "--user", "3", "--password-file",
                            str(secret), "--extension", "3", "--bind", f"127.0.0.1:{bind}"])
    try:
        child.wait_stderr("sip: ")
        assert child.stop_with(signum) == 0, child.stderr
    finally:
        if child.proc.poll() is None:
            child.kill()
    assert "Traceback" not in child.stderr
    assert not child.leftovers()
