"""Network sources against in-test peers on loopback: an NCID server replaying NCID-API
transcripts (and restarting), Whozz Calling datagrams, YAC messages, and `callerid listen`."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time

import pytest
from callerid_helpers import CORPUS, Collector
from support import APP

from desk_app.callerid.network_sources import NcidSource, WhozzSource, YacSource
from desk_app.callerid.threaded import Backoff

pytestmark = pytest.mark.integration

GREETING = (CORPUS / "S36" / "raw.bin").read_bytes()  # 200 banner … 300 End of startup
CALL_LOG = (b"CIDLOG: *DATE*06022002*TIME*0923*LINE*-*NMBR*4075551212*MESG*NONE*NAME*WIRELESS CALL*\r\n"
            b"HUPLOG: *DATE*08012002*TIME*1025*LINE*-*NMBR*OUT-OF-AREA*MESG*NONE*NAME*OUT-OF-AREA*\r\n"
            b"250 end of call log\r\n")


class NcidServer:
    """Accepts clients and greets each with the NCID connect transcript plus a call log."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.clients: list[socket.socket] = []
        self.connected = threading.Event()
        self.first_words = b""  # sent right after the greeting, in the same write
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.sendall(GREETING.replace(b"300 ", CALL_LOG + b"300 ") + self.first_words)
            self.clients.append(conn)
            self.connected.set()

    def send(self, line: bytes) -> None:
        for conn in self.clients:
            conn.sendall(line)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.sock.close()
        for conn in self.clients:
            conn.close()


def test_ncid_client_pops_live_calls_logs_replays_and_survives_server_restart():
    server = NcidServer()
    sink, logged = Collector(), []
    source = NcidSource("127.0.0.1", server.port, backoff=Backoff(0.1, 0.4), on_log=logged.append)
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        assert server.connected.wait(5)
        server.send(b"CIDINFO: *LINE*POTS*RING*1*TIME*17:11:20*\r\n"
                    b"CID: *DATE*03102003*TIME*1710*LINE*POTS*NMBR*0312345678*MESG*NONE*NAME*YAMADA*\r\n")
        [event] = sink.wait_events(1)
        assert (event.source, event.number, event.name, event.line) == (
            "ncid", "0312345678", "YAMADA", "POTS")
        assert "200 Server: ncidd" in source.status.detail
        assert [e.number for e in logged] == ["4075551212", None]

        marker = len(sink.statuses)
        server.close()  # ncidd restarts
        sink.wait_state("reconnecting", after=marker)
        server = NcidServer(server.port)
        assert server.connected.wait(5)
        sink.wait_state("connected", after=marker)
        server.send(b"CID: *DATE*03102003*TIME*1711*LINE*POTS*NMBR*P*MESG*NONE*NAME*P*\r\n")
        events = sink.wait_events(2)
        assert events[1].withheld.value == "private"
        assert len(logged) == 4  # the log was replayed again, still not as pop-ups
        assert len(sink.events) == 2
    finally:
        source.stop()
        server.close()


def test_ncid_client_keeps_retrying_while_server_is_down():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here yet
    sink = Collector()
    source = NcidSource("127.0.0.1", port, backoff=Backoff(0.1, 0.2))
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        sink.wait_state("reconnecting")
        server = NcidServer(port)
        sink.wait_state("connected", timeout=5)
        assert server.connected.wait(5)
        server.send(b"CID: *DATE*01012024*TIME*1200*LINE*-*NMBR*0312345678*MESG*NONE*NAME*-*\r\n")
        assert sink.wait_events(1)[0].number == "0312345678"
        server.close()
    finally:
        source.stop()


def test_whozz_udp_eight_repeats_give_one_call_and_end_records_none():
    sink = Collector()
    source = WhozzSource("127.0.0.1", 0)
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        sink.wait_state("connected")
        header = b"^^<U>\x00\x00\x00\x00\x00\x01<S>345678$"
        start = header + b"01 I S 0000 G A1 11/22 10:41 AM 0312345678     YAMADA TARO    "
        end = header + b"01 I E 0073 G A1 11/22 10:41 AM 0312345678     YAMADA TARO    "
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as unit:
            for packet in [start] * 8 + [end] * 8 + [(CORPUS / "S46a" / "raw.bin").read_bytes()]:
                unit.sendto(packet, source.bound)
                time.sleep(0.04)
        [event] = sink.wait_events(1)
        time.sleep(0.3)
        assert len(sink.events) == 1
        assert (event.source, event.number, event.name, event.line) == (
            "whozz", "0312345678", "YAMADA TARO", "01")
    finally:
        source.stop()


def test_yac_listener_one_message_per_connection():
    sink = Collector()
    source = YacSource("127.0.0.1", 0)
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        sink.wait_state("connected")
        for message in (b"Meet me for dinner at 8.\x00", (CORPUS / "S40" / "raw.bin").read_bytes(),
                        b"@CALLYAMADA~0312345678"):  # the last sender omits the NUL
            with socket.create_connection(source.bound) as conn:
                conn.sendall(message)
        events = sink.wait_events(2)
        assert [(e.number, e.name) for e in events] == [
            ("2125559384", "Bush George W."), ("0312345678", "YAMADA")]
    finally:
        source.stop()


def test_listen_cli_prints_live_calls_as_json_lines():
    server = NcidServer()
    proc = subprocess.Popen([*APP, "callerid", "listen", "--source", "ncid", "--host",
                             "127.0.0.1", "--port", str(server.port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.connected.wait(10)
        time.sleep(0.2)
        server.send(b"CID: *DATE*01012024*TIME*1200*LINE*-*NMBR*0312345678*MESG*NONE*NAME*YAMADA*\r\n")
        line = json.loads(proc.stdout.readline())
        assert {k: line[k] for k in ("number", "name", "withheld", "line")} == {
            "number": "0312345678", "name": "YAMADA", "withheld": None, "line": None}
        assert line["received_at"] and line["raw"].startswith("CID:")
    finally:
        proc.send_signal(2)  # Ctrl-C
        out, err = proc.communicate(timeout=10)
        server.close()
    assert proc.returncode == 0, err
    assert "ncid: connected" in err and "ncid: disconnected" in err


def test_a_call_in_the_servers_first_read_comes_after_its_banner_and_log():
    """ncidd's greeting, its call log and a live call can arrive in one read (a busy machine,
    a call ringing as the desk connects): the status names the server and the replayed log
    is handed over before the live call's pop-up, whatever the reads look like."""
    server = NcidServer()
    logged: list = []
    seen_at_call: list = []
    source = NcidSource("127.0.0.1", server.port, backoff=Backoff(0.1, 0.4), on_log=logged.append)

    class Sink(Collector):
        def on_event(self, event) -> None:
            seen_at_call.append((source.status.detail, len(logged)))
            super().on_event(event)

    sink = Sink()
    live = b"CID: *DATE*03102003*TIME*1710*LINE*POTS*NMBR*0312345678*MESG*NONE*NAME*YAMADA*\r\n"
    server.first_words = live  # sent with the greeting, in one write
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        [event] = sink.wait_events(1)
        assert event.number == "0312345678"
        detail, log_count = seen_at_call[0]
        assert "200 Server: ncidd" in detail and log_count == 2
    finally:
        source.stop()
        server.close()
