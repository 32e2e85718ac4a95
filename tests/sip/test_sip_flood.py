"""10,000 junk and scanner datagrams from loopback: no crash, no pop-up, flat memory, and the
next real INVITE still rings."""

from __future__ import annotations

import random
import socket
import time
import tracemalloc

import pytest
from sip_helpers import UdpPeer, free_port, invite, wait_for

from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.source import SipConfig, SipSource

pytestmark = pytest.mark.integration

SCAN_OPTIONS = (
    "OPTIONS sip:{ext}@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.1.1:{port};branch=z9hG4bK-{n};rport\r\n"
    "Max-Forwards: 70\r\n"
    'To: "sipvicious"<sip:{ext}@1.1.1.1>\r\n'
    'From: "sipvicious"<sip:{ext}@1.1.1.1>;tag=6434396633623535313363340131{n}\r\n'
    "User-Agent: friendly-scanner\r\n"
    "Call-ID: {n}\r\n"
    "Contact: sip:{ext}@127.0.1.1:{port}\r\n"
    "CSeq: 1 OPTIONS\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n"
)
REGISTER = (
    "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-reg{n}\r\n"
    "From: <sip:{ext}@127.0.0.1>;tag=r{n}\r\nTo: <sip:{ext}@127.0.0.1>\r\n"
    "Call-ID: reg{n}\r\nCSeq: {n} REGISTER\r\nContact: <sip:{ext}@127.0.0.1:{port}>\r\n"
    "Authorization: Digest username=\"{ext}\", response=\"{n}\"\r\n"
    "Content-Length: 0\r\n\r\n"
)


def junk(rng: random.Random, n: int, port: int) -> bytes:
    kind = n % 8
    if kind == 0:
        return rng.randbytes(rng.randint(0, 1500))
    if kind == 1:
        return SCAN_OPTIONS.format(ext=rng.randint(100, 999), port=port, n=n).encode()
    if kind == 2:
        return REGISTER.format(ext=rng.randint(1, 99), port=port, n=n).encode()
    if kind == 3:  # sipvicious svwar-style INVITE enumeration
        return invite(f"svwar{n}", f"z9hG4bK-sv{n}", port=port,
                      extra="User-Agent: friendly-scanner\r\n")
    if kind == 4:
        return b"\r\n\r\n"  # keep-alives
    if kind == 5:
        return b"INVITE sip:3@x SIP/2.0\r\n" + b"X-H: v\r\n" * 200 + b"\r\n"  # header bomb
    if kind == 6:
        return b"OPTIONS sip:x SIP/2.0\r\nX-Pad: " + b"A" * 9000 + b"\r\n\r\n"  # oversized
    return b"\x00\x01\x00\x00\x21\x12\xa4\x42" + rng.randbytes(12)  # STUN binding request


def test_flood_causes_no_popup_no_crash_and_flat_memory():
    registrar = UdpPeer()  # a registrar that never answers: the listener keeps running
    port = free_port()
    source = SipSource(SipConfig(registrar="127.0.0.1", registrar_port=registrar.port,
                                 extension="3", password="pw", bind_host="127.0.0.1",
                                 bind_port=port, register_timeout=1.0))
    events = []
    source.connect(events.append)
    senders = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(20)]
    for s in senders:
        s.bind(("127.0.0.1", 0))
    rng = random.Random(3261)
    tracemalloc.start()
    source.start()
    assert source.wait_started(5)
    try:
        def blast(start: int, count: int) -> None:
            """Send as fast as the listener takes them: at most 50 datagrams in flight, so the
            kernel's receive buffer never overflows and every datagram reaches the agent
            (tracemalloc slows the agent about eightfold; unpaced, most would be dropped by
            the kernel and the test would measure nothing)."""
            stats = source.agent.stats
            for n in range(start, start + count):
                waited = time.monotonic() + 2.0  # a lost datagram must not stall the loop
                while n - stats["received"] > 50 and time.monotonic() < waited:
                    time.sleep(0.0005)
                sender = senders[n % len(senders)]
                sender.sendto(junk(rng, n, sender.getsockname()[1]), ("127.0.0.1", port))

        blast(0, 2000)  # warm-up: caches, rate-limiter buckets, counters
        time.sleep(1.0)
        before = tracemalloc.take_snapshot()
        blast(2000, 8000)
        time.sleep(1.0)
        after = tracemalloc.take_snapshot()
        growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        assert growth < 256 * 1024, f"memory grew by {growth} bytes during the flood"

        assert source.running
        stats = source.agent.stats
        assert stats["received"] >= 9900, stats
        assert stats["drop_error"] == 0, "a packet raised inside the agent"
        assert events == [], "junk produced a pop-up"
        assert len(source.agent.calls) == 0

        # a real INVITE right after, retransmitted like a router does (T1 = 500 ms)
        caller = UdpPeer()
        try:
            data = invite("real-1", "z9hG4bK-real-1", port=caller.port, to_port=port)
            got_180 = False
            deadline = time.monotonic() + 5
            while not got_180 and time.monotonic() < deadline:
                caller.send(data, port)
                for packet in caller.receive(timeout=0.5):
                    got_180 |= parse_message(packet).status == 180
            assert got_180
            assert wait_for(lambda: len(events) == 1)
            assert events[0].number == "0312345678" and events[0].call_id == "real-1"
        finally:
            caller.close()
    finally:
        tracemalloc.stop()
        source.stop()
        registrar.close()
        for s in senders:
            s.close()
