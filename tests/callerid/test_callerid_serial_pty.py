"""Serial sources against real pseudo-terminals (socat): init, calls at line speed, unplug and
replug, the ALOHA ACK/NAK handshake and the idle watchdog."""

from __future__ import annotations

import time

import pytest
from callerid_helpers import CORPUS, Collector, DeviceEmulator, PtyPair
from support import require_tool

from desk_app.callerid.formats import SerialSettings, get
from desk_app.callerid.serial_source import SerialSource
from desk_app.callerid.threaded import Backoff

pytestmark = pytest.mark.integration


@pytest.fixture
def pty(tmp_path):
    pair = PtyPair(require_tool("socat"), tmp_path)
    pair.start()
    yield pair
    pair.stop()


def make_source(fmt: str, pty: PtyPair, **kw) -> tuple[SerialSource, Collector]:
    f = get(fmt)
    source = SerialSource(f, str(pty.app_link), f.serial or SerialSettings(9600),
                          backoff=Backoff(0.1, 0.4), **kw)
    sink = Collector()
    source.connect(sink.on_event, sink.on_status)
    return source, sink


def corpus(case_id: str) -> bytes:
    return (CORPUS / case_id / "raw.bin").read_bytes()


def test_modem_init_call_unplug_replug_next_call(pty):
    source, sink = make_source("modem", pty)
    device = DeviceEmulator(pty.dev_link, baud=115200)
    source.start()
    try:
        sink.wait_state("connected")
        assert device.commands[:3] == ["ATZ", "ATE0", "AT+VCID=1"]
        device.write(corpus("S1"), paced=True)  # RING, DATE … NAME, RING, RING
        [event] = sink.wait_events(1)
        assert (event.source, event.number, event.name) == ("modem", "504551234", "A N OTHER")

        marker = len(sink.statuses)
        device.close()
        pty.stop()  # unplug
        sink.wait_state("reconnecting", after=marker)
        time.sleep(0.3)
        pty.start()  # replug: same name, new pty
        device = DeviceEmulator(pty.dev_link, baud=115200)
        sink.wait_state("connected", after=marker)
        assert device.commands[:3] == ["ATZ", "ATE0", "AT+VCID=1"]  # init re-sent
        device.write(corpus("S30"), paced=True)  # NMBR before RING, no NAME (Japan)
        events = sink.wait_events(2)
        assert events[1].number == "0312345678"
    finally:
        source.stop()
        device.close()
    assert sink.statuses[-1].state.value == "disconnected"


def test_modem_caller_id_command_fallback_and_japan_profile(pty):
    source, sink = make_source("modem", pty, profile="japan")
    device = DeviceEmulator(pty.dev_link, baud=115200,
                            answers={"AT+VCID=1": "ERROR", "AT+VCDT=3": "ERROR"})
    source.start()
    try:
        sink.wait_state("connected")
        assert device.commands == ["ATZ", "ATE0", "AT+GCI=00", "AT+VCDT=3", "AT+VCID=1",
                                   "AT#CID=1"]
        device.write(b"NMBR = P\r\nRING\r\n", paced=True)
        assert sink.wait_events(1)[0].withheld.value == "private"
    finally:
        source.stop()
        device.close()


def test_modem_that_refuses_caller_id_names_its_port_once_and_keeps_listening(pty):
    source, sink = make_source("modem", pty)
    device = DeviceEmulator(pty.dev_link, baud=115200,
                            answers={"AT+VCID=1": "ERROR", "AT#CID=1": "ERROR"})
    source.start()
    try:
        sink.wait_state("error")
        status = sink.statuses[-1]
        port = str(pty.app_link)
        assert status.detail == f"{port}: caller ID not enabled: modem rejected AT+VCID=1, AT#CID=1"
        assert status.text("ja") == (f"{port}: モデムがナンバー・ディスプレイを有効にできません"
                                     "（AT+VCID=1, AT#CID=1 を受け付けません）")
        device.write(b"NMBR = P\r\nRING\r\n", paced=True)
        assert sink.wait_events(1)[0].withheld.value == "private"
    finally:
        source.stop()
        device.close()


def test_modem_watchdog_reopens_a_silent_modem(pty):
    source, sink = make_source("modem", pty, watchdog=0.3)
    source.watchdog_reply = 0.5
    device = DeviceEmulator(pty.dev_link, baud=115200)
    source.start()
    try:
        sink.wait_state("connected")
        device.answers["AT"] = ""  # the modem stops answering
        marker = len(sink.statuses)
        sink.wait_state("reconnecting", after=marker)
        assert "did not answer" in sink.statuses[-1].detail
        device.answers.pop("AT")
        sink.wait_state("connected", after=marker)
        assert device.commands.count("ATZ") >= 2
    finally:
        source.stop()
        device.close()


def test_aloha_frames_at_7e1_speed_get_ack_and_bad_frames_nak(pty):
    source, sink = make_source("aloha", pty)
    device = DeviceEmulator(pty.dev_link, baud=9600, bits_per_byte=10)
    source.start()
    try:
        sink.wait_state("connected")
        device.write(b"\r\n" + corpus("S28"), paced=True)
        [event] = sink.wait_events(1)
        assert (event.source, event.number) == ("aloha", "08012345678")
        device.wait_received(lambda got: got.endswith(b"\x06"))
        device.write(b"\x0202153103XP\x03", paced=True)  # corrupted: letter in the time
        device.wait_received(lambda got: got.endswith(b"\x06\x15"))
        device.write(corpus("S29a"), paced=True)  # the adapter resends after NAK
        assert sink.wait_events(2)[1].withheld.value == "private"
        device.wait_received(lambda got: got == b"\x06\x15\x06")
    finally:
        source.stop()
        device.close()


def test_tci_and_netcallerid_over_serial(pty):
    for fmt, case in (("tci", "S42b"), ("netcallerid", "S41a")):
        source, sink = make_source(fmt, pty)
        device = DeviceEmulator(pty.dev_link, baud=get(fmt).serial.baudrate)
        source.start()
        try:
            sink.wait_state("connected")
            device.write(corpus(case), paced=True)
            assert sink.wait_events(1)[0].number in ("7025551145", "4075551212")
        finally:
            source.stop()
            device.close()


def test_garbage_shows_as_device_status_and_listener_carries_on(pty, caplog):
    source, sink = make_source("aloha", pty)
    raw_seen: list[bytes] = []
    source.connect(sink.on_event, sink.on_status, raw_seen.append)
    device = DeviceEmulator(pty.dev_link, baud=9600)
    source.start()
    try:
        sink.wait_state("connected")
        marker = len(sink.statuses)
        device.write(b"\x7f\x7f garbage at the wrong speed \xfe" + corpus("S29c"), paced=True)
        assert sink.wait_events(1)[0].withheld.value == "conflict"
        states = [s.state.value for s in sink.statuses[marker:]]
        assert states == ["error", "connected"], sink.statuses[marker:]
        assert "unreadable data" in sink.statuses[marker].detail
        assert any("7f 7f 67 61" in r.getMessage() for r in caplog.records), caplog.records
        assert b"".join(raw_seen).endswith(corpus("S29c"))  # the live monitor saw every byte
    finally:
        source.stop()
        device.close()
