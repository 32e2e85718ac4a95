"""The user agent over real loopback UDP/TCP sockets: what it answers and what it pops up.

A plain UDP socket plays the router here (registration is covered against kamailio and sipp
in test_sip_peers.py); these tests pin down the request handling RFC 3261 asks of a UAS.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from sip_helpers import UdpPeer, cancel_or_ack, free_port, invite, wait_for

from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.source import SipConfig, SipSource
from desk_app.callerid.sip.uri import parse_name_addr
from desk_app.domain.call_event import CallState


class Listener:
    """A started SipSource plus the events it emitted."""

    def __init__(self, peer: UdpPeer, **overrides) -> None:
        self.port = free_port()
        options = dict(registrar="127.0.0.1", registrar_port=peer.port, extension="3",
                       password="pw", bind_host="127.0.0.1", bind_port=self.port,
                       register_timeout=1.0)
        options.update(overrides)
        self.source = SipSource(SipConfig(**options))
        self.events = []
        self.statuses = []
        self.source.connect(self.events.append, self.statuses.append)
        self.source.start()
        assert self.source.wait_started(5)

    def stop(self) -> None:
        self.source.stop()


@pytest.fixture
def peer():
    p = UdpPeer()
    yield p
    p.close()


@pytest.fixture
def listener(peer):
    started = Listener(peer)
    yield started
    started.stop()


def responses(packets: list[bytes]) -> list:
    """Parsed responses among the packets (REGISTERs from the agent are left out)."""
    return [m for m in (parse_message(p) for p in packets) if m.status is not None]


def to_tag(msg) -> str:
    return parse_name_addr(msg.get("To")).params.get("tag", "")


def test_invite_gets_100_and_180_never_200_and_one_event(listener, peer):
    peer.send(invite("c1", "z9hG4bK-c1", port=peer.port, extra="Authorization: Digest x=1\r\n"),
              listener.port)
    got = responses(peer.receive())
    assert [m.status for m in got] == [100, 180]
    ringing = got[1]
    assert ringing.call_id == "c1" and to_tag(ringing)
    assert ringing.get("Contact") == f"<sip:3@127.0.0.1:{listener.port}>"
    assert wait_for(lambda: len(listener.events) == 1)
    event = listener.events[0]
    assert (event.number, event.name, event.state, event.line, event.call_id, event.source) == (
        "0312345678", "Yamada", CallState.RINGING, "3", "c1", "sip")
    assert "Authorization" not in event.raw and "INVITE sip:3@" in event.raw
    assert listener.source.last_invite.event is event
    assert listener.source.last_invite.raw == event.raw


def test_retransmitted_invite_gets_the_same_answer_and_no_second_event(listener, peer):
    data = invite("c2", "z9hG4bK-c2", port=peer.port)
    peer.send(data, listener.port)
    first = responses(peer.receive())
    peer.send(data, listener.port)
    again = responses(peer.receive())
    assert [m.status for m in again] == [180]
    assert to_tag(again[0]) == to_tag(first[1])
    time.sleep(0.2)
    assert len(listener.events) == 1


def test_forked_invite_with_same_call_id_rings_once(listener, peer):
    peer.send(invite("c3", "z9hG4bK-c3a", port=peer.port), listener.port)
    peer.send(invite("c3", "z9hG4bK-c3b", port=peer.port), listener.port)
    assert [m.status for m in responses(peer.receive())] == [100, 180, 100, 180]
    assert len(listener.events) == 1


def test_cancel_gives_200_and_487_which_is_repeated_until_ack(listener, peer):
    peer.send(invite("c4", "z9hG4bK-c4", port=peer.port), listener.port)
    tag = to_tag(responses(peer.receive())[1])
    peer.send(cancel_or_ack("CANCEL", "c4", "z9hG4bK-c4", port=peer.port), listener.port)
    got = responses(peer.collect(1.2))
    assert [(m.status, m.cseq[1]) for m in got[:2]] == [(200, "CANCEL"), (487, "INVITE")]
    assert all(to_tag(m) == tag for m in got)
    assert len([m for m in got if m.status == 487]) >= 2, "487 must be retransmitted (timer G)"
    assert wait_for(lambda: len(listener.events) == 2)
    assert listener.events[1].state is CallState.CANCELLED
    assert listener.events[1].call_id == "c4" and listener.events[1].number == "0312345678"
    peer.send(cancel_or_ack("ACK", "c4", "z9hG4bK-c4", port=peer.port, to_tag=tag), listener.port)
    peer.collect(0.2)  # drain what was in flight
    assert responses(peer.collect(2.5)) == [], "ACK must stop the 487 retransmissions"


def test_other_methods(listener, peer):
    def ask(method: str) -> list[int]:
        data = cancel_or_ack(method, f"m-{method}", f"z9hG4bK-{method}", port=peer.port)
        peer.send(data, listener.port)
        return [m.status for m in responses(peer.receive(timeout=0.6))]

    assert ask("OPTIONS") == [200]
    assert ask("NOTIFY") == [200]
    assert ask("BYE") == [200]
    assert ask("REGISTER") == [405]
    assert ask("SUBSCRIBE") == [405]
    assert ask("FROBNICATE") == [501]
    assert ask("ACK") == []
    assert ask("CANCEL") == [481]
    assert listener.events == []


def test_reinvite_with_to_tag_is_481(listener, peer):
    data = invite("c5", "z9hG4bK-c5", port=peer.port).replace(
        b"To: <sip:3@127.0.0.1>", b"To: <sip:3@127.0.0.1>;tag=abc")
    peer.send(data, listener.port)
    assert [m.status for m in responses(peer.receive(timeout=0.6))] == [481]
    assert listener.events == []


def test_scanner_gets_no_answer_and_no_event(listener, peer):
    scan = (f"OPTIONS sip:100@127.0.0.1 SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{peer.port};branch=z9hG4bK-1234;rport\r\n"
            "Max-Forwards: 70\r\nTo: \"sipvicious\"<sip:100@1.1.1.1>\r\n"
            "From: \"sipvicious\"<sip:100@1.1.1.1>;tag=6434396633623535\r\n"
            "User-Agent: friendly-scanner\r\nCall-ID: 1234\r\nCSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n").encode()
    peer.send(scan, listener.port)
    peer.send(invite("c6", "z9hG4bK-c6", port=peer.port,
                     extra="User-Agent: sipcli/v1.8\r\n"), listener.port)
    assert responses(peer.receive(timeout=0.6)) == []
    assert listener.events == []
    assert listener.source.agent.stats["drop_scanner"] == 2


def test_datagrams_from_strangers_and_oversized_ones_are_dropped(listener, peer):
    stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    stranger.bind(("127.0.0.2", 0))
    try:
        stranger.sendto(invite("c7", "z9hG4bK-c7", port=stranger.getsockname()[1]),
                        ("127.0.0.1", listener.port))
        stranger.settimeout(0.6)
        with pytest.raises(socket.timeout):
            stranger.recv(4096)
    finally:
        stranger.close()
    big = invite("c8", "z9hG4bK-c8", port=peer.port, extra="X-Pad: " + "a" * 9000 + "\r\n")
    peer.send(big, listener.port)
    assert responses(peer.receive(timeout=0.6)) == []
    stats = listener.source.agent.stats
    assert stats["drop_stranger"] == 1 and stats["drop_oversized"] == 1
    assert listener.events == []


def test_ringing_cap_answers_486_and_ring_timeout_ends_the_call(peer):
    listener = Listener(peer, max_ringing=2, ring_timeout=0.6)
    try:
        for n in range(3):
            peer.send(invite(f"cap{n}", f"z9hG4bK-cap{n}", port=peer.port), listener.port)
        statuses = [m.status for m in responses(peer.receive(timeout=0.4))]
        assert statuses.count(180) == 2 and statuses.count(486) == 1
        assert wait_for(lambda: len(listener.events) == 4, timeout=3.0)
        assert sorted(e.state.value for e in listener.events) == [
            "ended", "ended", "ringing", "ringing"]
        assert len(listener.source.agent.calls) == 0  # state is gone once the calls ended
    finally:
        listener.stop()


def test_rate_limit_per_source(peer):
    listener = Listener(peer, rate_per_source=1.0, burst_per_source=5.0)
    try:
        for n in range(30):
            peer.send(cancel_or_ack("OPTIONS", f"r{n}", f"z9hG4bK-r{n}", port=peer.port),
                      listener.port)
        answered = len(responses(peer.receive(timeout=0.6)))
        assert 4 <= answered <= 9  # burst 5, plus 1/s while the 30 are processed
        assert listener.source.agent.stats["drop_rate"] >= 21
    finally:
        listener.stop()


def test_tcp_transport_answers_on_the_connection(peer):
    port = free_port(socket.SOCK_STREAM)
    listener = Listener(peer, transport="tcp", bind_port=port, registrar_port=free_port())
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            data = invite("t1", "z9hG4bK-t1", port=conn.getsockname()[1]).replace(b"UDP", b"TCP")
            conn.sendall(b"\r\n\r\n" + data[:40])  # keep-alive, then a message in two pieces
            time.sleep(0.1)
            conn.sendall(data[40:])
            received = b""
            deadline = time.monotonic() + 3
            while received.count(b"SIP/2.0 1") < 2 and time.monotonic() < deadline:
                received += conn.recv(4096)
        assert b"SIP/2.0 100 Trying" in received and b"SIP/2.0 180 Ringing" in received
        assert wait_for(lambda: len(listener.events) == 1)
        assert listener.events[0].number == "0312345678"
    finally:
        listener.stop()


def test_a_taken_port_is_reported_and_retried_until_it_is_free(peer):
    blocker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    blocker.bind(("127.0.0.1", 0))
    port = blocker.getsockname()[1]
    source = SipSource(SipConfig(registrar="127.0.0.1", registrar_port=peer.port,
                                 extension="3", bind_host="127.0.0.1", bind_port=port))
    statuses = []
    source.connect(lambda e: None, statuses.append)
    source.start()
    try:
        assert not source.wait_started(5)
        assert statuses[-1].state.value == "error" and "cannot listen" in statuses[-1].detail
        assert source.running  # still trying, as after a boot before the LAN is up
        blocker.close()
        assert wait_for(lambda: source.agent is not None, timeout=5)
        assert source.agent.local_address == ("127.0.0.1", port)
    finally:
        blocker.close()
        source.stop()
    assert not source.running


def test_stop_right_after_start_does_not_hang(peer):
    source = SipSource(SipConfig(registrar="127.0.0.1", registrar_port=peer.port,
                                 extension="3", bind_host="127.0.0.1", bind_port=0))
    started = time.monotonic()
    source.start()
    source.stop()
    assert not source.running and time.monotonic() - started < 3.0


def test_stop_is_quick_and_leaves_no_thread(peer):
    listener = Listener(peer)
    started = time.monotonic()
    listener.stop()
    assert time.monotonic() - started < 3.0
    assert not any(t.name == "sip-agent" for t in threading.enumerate())
    assert listener.statuses[-1].state.value == "disconnected"
