"""Modem init dialogue and fallbacks against a fake port; port resolution by USB identity;
the I/O thread's resilience to broken parsers and consumers."""

from __future__ import annotations

import threading
import types

import pytest
from callerid_helpers import Collector

from desk_app.callerid import serial_source
from desk_app.callerid.modem_init import InitError, ModemProfile, command, initialise, profile_for
from desk_app.callerid.threaded import Backoff, ThreadedSource


class FakeModem:
    """Answers like a modem: echo (until ATE0), then OK/ERROR per command, or nothing."""

    def __init__(self, answers: dict[str, str | None]) -> None:
        self.answers = answers
        self.sent: list[str] = []
        self.out = b""
        self.echo = True

    def write(self, data: bytes) -> int:
        cmd = data.decode().strip()
        self.sent.append(cmd)
        answer = self.answers.get(cmd, "OK")
        if self.echo:
            self.out += data + b"\r\n"
        if cmd == "ATE0":
            self.echo = False
        if answer is not None:
            self.out += f"\r\n{answer}\r\n".encode()
        return len(data)

    def read(self, size: int = 1) -> bytes:
        data, self.out = self.out[:size], self.out[size:]
        return data


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 0.1
        return self.t


def test_first_accepted_caller_id_command_wins():
    modem = FakeModem({"AT+VCID=1": "ERROR"})
    result = initialise(modem, ModemProfile(), FakeClock())
    assert modem.sent == ["ATZ", "ATE0", "AT+VCID=1", "AT#CID=1"]
    assert result.cid_command == "AT#CID=1" and result.problem == ""


def test_custom_string_is_the_last_fallback_and_timeouts_count_as_failure():
    modem = FakeModem({"AT+VCID=1": "ERROR", "AT#CID=1": None, "AT%CCID=1": "OK"})
    result = initialise(modem, ModemProfile(custom="AT%CCID=1"), FakeClock())
    assert result.cid_command == "AT%CCID=1"
    assert ("AT#CID=1", "TIMEOUT") in result.answers


def test_no_caller_id_command_is_a_visible_problem_not_a_crash():
    modem = FakeModem({"AT+VCID=1": "ERROR", "AT#CID=1": "ERROR"})
    result = initialise(modem, ModemProfile(), FakeClock())
    assert result.cid_command is None
    assert "AT+VCID=1, AT#CID=1" in result.problem


def test_japan_profile_sets_country_and_mode_but_survives_their_refusal():
    modem = FakeModem({"AT+VCDT=3": "ERROR"})
    result = initialise(modem, profile_for("japan"), FakeClock())
    assert modem.sent == ["ATZ", "ATE0", "AT+GCI=00", "AT+VCDT=3", "AT+VCID=1"]
    assert result.cid_command == "AT+VCID=1"


def test_reset_refused_is_an_init_error_and_cli_init_replaces_fallbacks():
    with pytest.raises(InitError, match="ERROR to ATZ"):
        initialise(FakeModem({"ATZ": "ERROR"}), ModemProfile(), FakeClock())
    modem = FakeModem({})
    initialise(modem, profile_for("generic", ["AT+VCID=2"]), FakeClock())
    assert modem.sent == ["ATZ", "ATE0", "AT+VCID=2"]


def test_command_sees_result_through_echo():
    assert command(FakeModem({}), "ATI", clock=FakeClock()) == "OK"


def test_resolve_port_by_usb_identity(monkeypatch):
    ports = [types.SimpleNamespace(device="/dev/ttyACM1", vid=0x0572, pid=0x1340,
                                   serial_number="A1", description="USB Modem")]
    monkeypatch.setattr(serial_source._list_ports, "comports", lambda: ports)
    assert serial_source.resolve_port("usb:0572:1340") == "/dev/ttyACM1"
    assert serial_source.resolve_port("0572:1340/A1") == "/dev/ttyACM1"
    assert serial_source.resolve_port("/dev/ttyS3") == "/dev/ttyS3"
    with pytest.raises(serial_source.PortNotFound):
        serial_source.resolve_port("usb:0572:1340:B2")
    assert serial_source.list_ports() == [{"device": "/dev/ttyACM1", "description": "USB Modem",
                                           "vid_pid": "0572:1340", "serial_number": "A1"}]


class _Boom:
    def feed(self, data, now=0.0):
        if b"boom" in data:
            raise RuntimeError("parser bug")
        return []

    def flush(self, now=0.0):
        return []


class _ScriptedSource(ThreadedSource):
    """Runs a script of byte chunks, then raises like an unplugged port."""

    def __init__(self, script):
        super().__init__("test", _Boom, Backoff(0.01, 0.02))
        self.script = script
        self.runs = 0

    def _run(self):
        self.runs += 1
        for chunk in self.script:
            self._deliver(chunk)
        raise OSError("unplugged")


def test_thread_survives_parser_crash_and_port_errors():
    source = _ScriptedSource([b"boom", b"fine"])
    sink = Collector()
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        sink.wait_state("error")
        sink.wait_state("reconnecting")
        first = 1 + next(i for i, st in enumerate(list(sink.statuses))
                         if st.state.value == "reconnecting")
        sink.wait_state("reconnecting", after=first)  # it ran again (and failed again)
        assert source.runs >= 2 and source._thread.is_alive()
    finally:
        source.stop()
    assert not any(t.name == "callerid-test" for t in threading.enumerate())
