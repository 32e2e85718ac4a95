"""Shared test helpers: the shared corpus, event collection, and a serial device emulator that
drives a real pseudo-terminal pair made by socat (so pyserial, termios and unplug behave as
they do with a USB adapter)."""

from __future__ import annotations

import json
import math
import os
import select
import signal
import subprocess
import threading
import time
from pathlib import Path

from support import SHARED

from desk_app.callerid.formats import make_parser

CORPUS = SHARED / "callerid-corpus"
CORPUS_2 = SHARED / "callerid-corpus-2"  # issue 14: unformatted SDMF, Rockwell MESG, ISDN RING
CORPORA = (CORPUS, CORPUS_2)


def corpus_cases(corpora: tuple[Path, ...] = CORPORA) -> list[dict]:
    """Every case of the shared caller-ID corpora (each case's ``corpus`` says which)."""
    cases = []
    for case_json in sorted(p for corpus in corpora for p in corpus.glob("*/case.json")):
        case = json.loads(case_json.read_text(encoding="utf-8"))
        case["raw"] = (case_json.parent / "raw.bin").read_bytes()
        case["corpus"] = case_json.parent.parent
        cases.append(case)
    return cases


def parse_all(fmt: str, chunks: list[bytes], **kwargs) -> list[dict]:
    """Feed chunks (all at one instant, like a capture) and flush at end of input."""
    parser = make_parser(fmt, **kwargs)
    events = []
    for chunk in chunks:
        events += parser.feed(chunk, 0.0)
    events += parser.flush(math.inf)
    return [{k: e.to_json_dict()[k] for k in ("number", "name", "withheld")} for e in events]


def expected(case: dict) -> list[dict]:
    return [{k: c[k] for k in ("number", "name", "withheld")} for c in case["calls"]]


class Collector:
    """Thread-safe sink for a source's events and statuses, with waits that fail fast."""

    def __init__(self) -> None:
        self.events: list = []
        self.statuses: list = []
        self.arrived: list[float] = []
        self._cv = threading.Condition()

    def on_event(self, event) -> None:
        with self._cv:
            self.events.append(event)
            self.arrived.append(time.monotonic())
            self._cv.notify_all()

    def on_status(self, status) -> None:
        with self._cv:
            self.statuses.append(status)
            self._cv.notify_all()

    def wait_events(self, count: int, timeout: float = 5.0) -> list:
        with self._cv:
            assert self._cv.wait_for(lambda: len(self.events) >= count, timeout), (
                f"expected {count} events, got {self.events}; statuses {self.statuses}")
            return list(self.events)

    def wait_state(self, state: str, after: int = 0, timeout: float = 5.0) -> None:
        with self._cv:
            ok = self._cv.wait_for(
                lambda: any(s.state.value == state for s in self.statuses[after:]), timeout)
            assert ok, f"no status {state!r}: {self.statuses}"


class PtyPair:
    """``socat pty,link=A pty,link=B``: the app opens A, the emulator opens B. Killing socat is
    an unplug: the app's reads fail with EIO and the link disappears until the next start()."""

    def __init__(self, socat: str, directory: Path) -> None:
        self.socat = socat
        self.app_link = directory / "ttyAPP"
        self.dev_link = directory / "ttyDEV"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.socat, f"pty,raw,echo=0,link={self.app_link}",
             f"pty,raw,echo=0,link={self.dev_link}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while not (self.app_link.exists() and self.dev_link.exists()):
            assert time.monotonic() < deadline, "socat did not create the pty pair"
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(5)
        self.proc = None


class DeviceEmulator:
    """The device side of the pty: answers AT commands like a modem, writes streams at the
    line's real speed (bits per byte / baud), and records everything the app sent."""

    def __init__(self, link: Path, baud: int = 9600, bits_per_byte: int = 10,
                 answers: dict[str, str] | None = None) -> None:
        self.fd = os.open(str(link), os.O_RDWR | os.O_NOCTTY)
        self.byte_time = bits_per_byte / baud
        self.answers = answers or {}
        self.received = bytearray()
        self.commands: list[str] = []
        self._line = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._reader, daemon=True)
        self._thread.start()

    def _reader(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(self.fd, 1024)
            except OSError:
                return
            self.received += data
            self._line += data
            while b"\r" in self._line:
                cmd, self._line = self._line.split(b"\r", 1)
                cmd = cmd.strip().decode("ascii", "replace")
                if cmd.upper().startswith("AT"):
                    self.commands.append(cmd)
                    answer = self.answers.get(cmd.upper(), "OK")
                    if answer:
                        self.write(f"\r\n{answer}\r\n".encode())

    def write(self, data: bytes, paced: bool = False) -> None:
        for i in range(len(data) if paced else 1):
            chunk = data[i:i + 1] if paced else data
            os.write(self.fd, chunk)
            if paced:
                time.sleep(self.byte_time)

    def wait_received(self, predicate, timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(bytes(self.received)):
            assert time.monotonic() < deadline, f"device never got it; got {bytes(self.received)!r}"
            time.sleep(0.01)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        try:
            os.close(self.fd)
        except OSError:
            pass
