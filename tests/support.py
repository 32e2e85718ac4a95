"""Helpers shared by test modules (imported as ``support``; conftest modules are not
importable by name once several folders have one)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; a checkout elsewhere (a worktree) names it in DESK_SHARED_DIR
SHARED = Path(os.environ.get("DESK_SHARED_DIR") or ROOT.parent / "shared")
# the app as the tests run it: this interpreter (whatever venv runs pytest), never a path
# into .venv; APP_SHELL for tools that take a shell command line (corpus-check.py --cmd)
APP = [sys.executable, "-m", "desk_app"]
APP_SHELL = shlex.join(APP)


def require_tool(name: str) -> str:
    """Return the path of executable *name*; skip (or fail under CI=true) when it is missing."""
    path = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/local/sbin") / name) if p.exists()),
        None,
    )
    if path:
        return path
    message = f"{name} is not installed (the test command installs it: scripts/test)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def ui_language(app, language: str):
    """Run a block with the desk in *language* ("ja" or "en"), then back to Japanese (the
    language the session's other UI tests expect)."""
    from desk_app.ui.kit.resources import install_translations

    install_translations(app, language)
    try:
        yield app
    finally:
        install_translations(app, "ja")


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class IgnoringSigint:
    """A child process started the way a non-interactive shell starts a background job: with
    SIGINT ignored (its disposition inherited through exec), in its own process group so that
    nothing it leaves behind can hide. Its stderr is collected line by line."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        import subprocess
        import threading

        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     preexec_fn=_ignore_sigint, start_new_session=True)
        self.err: list[str] = []
        self.out = ""
        self._reader = threading.Thread(target=lambda: self.err.extend(self.proc.stderr),
                                        daemon=True)
        self._reader.start()

    def wait_stderr(self, marker: str, timeout: float = 60.0) -> None:
        import time

        deadline = time.monotonic() + timeout
        while not any(marker in line for line in self.err):
            assert self.proc.poll() is None, f"exited {self.proc.returncode}: {self.stderr}"
            assert time.monotonic() < deadline, f"never printed {marker!r}: {self.stderr}"
            time.sleep(0.05)

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    def stop_with(self, signum: int, timeout: float = 30.0) -> int:
        """Send *signum*; the exit status (a listener still running after *timeout* is killed,
        and the assertion says so)."""
        import subprocess

        self.proc.send_signal(signum)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"still running {timeout} s after signal {signum}: "
                                 f"{self.stderr}") from None
        self._reader.join(5)
        assert self.proc.stdout is not None
        self.out = self.proc.stdout.read()
        return self.proc.returncode

    def leftovers(self) -> bool:
        """Whether any process of the child's process group is still alive."""
        try:
            os.killpg(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> None:
        import signal

        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)


def sigint_is_ignored_in_children() -> bool:
    """The harness really starts children with SIGINT ignored (so the tests can fail)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import signal; print(signal.getsignal("
                          "signal.SIGINT) is signal.SIG_IGN)"], preexec_fn=_ignore_sigint,
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip() == "True"
