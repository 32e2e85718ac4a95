"""SIP figures: INVITE received → CallEvent callback, and INVITE → 180 Ringing back.

Run: ``.venv/bin/python bench/bench_sip.py [--calls 2000]``

A plain UDP socket plays the router over loopback against a started SipSource (its own thread
and asyncio loop, exactly as in the app). For every call it stamps the clock, sends a fresh
INVITE, and waits for the 180; the source's ``on_event`` callback stamps the clock on its
thread. Each call is then CANCELled and ACKed so that ringing state never piles up. Both
stamps use ``time.perf_counter_ns`` in one process. The per-source rate limit is raised for
the run (it would otherwise hold the sender to 50 requests/s). Reaching the GUI needs Qt's
queued signal on top of the callback; that hop is measured by bench_popup.py, not here.
The results replace the ``<!-- bench:sip -->`` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _report import machine, percentile, write_section

from desk_app.callerid.sip.source import SipConfig, SipSource


def request(method: str, n: int, port: int, listen: int, to_tag: str = "") -> bytes:
    call_id, branch = f"bench-{n}", f"z9hG4bK-bench-{n}"
    to = "<sip:3@127.0.0.1>" + (f";tag={to_tag}" if to_tag else "")
    extra = ('P-Asserted-Identity: "ヤマダ タロウ" <sip:+81312345678@ntt-east.ne.jp;user=phone>\r\n'
             "Content-Type: application/sdp\r\n" if method == "INVITE" else "")
    body = (b"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            b"m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n"
            if method == "INVITE" else b"")
    head = (f"{method} sip:3@127.0.0.1:{listen} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch};rport\r\n"
            "Max-Forwards: 70\r\n"
            f'From: "ヤマダ タロウ" <sip:0312345678@ntt-east.ne.jp>;tag=f{n}\r\n'
            f"To: {to}\r\nCall-ID: {call_id}\r\nCSeq: 1 {method}\r\n"
            f"Contact: <sip:0312345678@127.0.0.1:{port}>\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def status_and_tag(packet: bytes) -> tuple[int, str]:
    first, _, rest = packet.partition(b"\r\n")
    tag = ""
    for line in rest.split(b"\r\n"):
        if line.lower().startswith(b"to:") and b";tag=" in line:
            tag = line.split(b";tag=")[1].decode()
    return int(first.split()[1]), tag


def bench_source() -> tuple[SipSource, int, socket.socket]:
    """A SipSource on a free loopback port with its rate limit lifted, registering to a
    socket that never answers (calls still ring: the router's INVITEs do not need it).
    Returns the source (not started), its port and the silent socket to close afterwards."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    listen = probe.getsockname()[1]
    probe.close()
    source = SipSource(SipConfig(
        registrar="127.0.0.1", registrar_port=silent.getsockname()[1], extension="3",
        password="x", bind_host="127.0.0.1", bind_port=listen, rate_per_source=1e9,
        burst_per_source=1e9))
    return source, listen, silent


def run(calls: int, warmup: int) -> dict[str, list[float]]:
    source, listen, silent = bench_source()
    stamps: dict[str, int] = {}
    seen = threading.Event()

    def on_event(event) -> None:
        if event.state.value == "ringing":
            stamps[event.call_id] = time.perf_counter_ns()
            seen.set()

    source.connect(on_event)
    source.start()
    if not source.wait_started(10):
        raise SystemExit(f"the listener could not bind: {source.status.detail}")
    router = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    router.bind(("127.0.0.1", 0))
    router.settimeout(2.0)
    port = router.getsockname()[1]
    to_event: list[float] = []
    to_ringing: list[float] = []
    try:
        for n in range(warmup + calls):
            seen.clear()
            data = request("INVITE", n, port, listen)
            sent = time.perf_counter_ns()
            router.sendto(data, ("127.0.0.1", listen))
            while True:
                try:
                    status, tag = status_and_tag(router.recv(4096))
                except TimeoutError:
                    raise SystemExit(f"no 180 for call {n}: {source.agent.stats}") from None
                if status == 180:
                    ringing = time.perf_counter_ns()
                    break
            seen.wait(2.0)
            if n >= warmup:
                to_ringing.append((ringing - sent) / 1e6)
                to_event.append((stamps[f"bench-{n}"] - sent) / 1e6)
            router.sendto(request("CANCEL", n, port, listen), ("127.0.0.1", listen))
            finals = 0
            while finals < 2:  # 200 for the CANCEL and 487 for the INVITE
                finals += status_and_tag(router.recv(4096))[0] >= 200
            router.sendto(request("ACK", n, port, listen, tag), ("127.0.0.1", listen))
        assert len(source.agent.calls) <= source.agent.calls.max_entries, "state piled up"
    finally:
        source.stop()
        router.close()
        silent.close()
    return {"event": to_event, "ringing": to_ringing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results = run(args.calls, args.warmup)
    rows = []
    for key, label, goal in (("event", "INVITE sent → CallEvent callback", 2.0),
                             ("ringing", "INVITE sent → 180 Ringing received", 5.0)):
        samples = results[key]
        p50, p99, worst = (percentile(samples, 50), percentile(samples, 99), max(samples))
        rows.append(f"| {label} | {len(samples)} | {p50:.3f} | {p99:.3f} | {worst:.3f} | "
                    f"< {goal:g} ms | {'met' if p99 < goal else 'MISSED'} (p99) |")
        print(f"{label}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {worst:.3f} ms")
    section = "\n".join([
        "## SIP extension (INVITE → pop-up event, 180 Ringing)",
        "",
        (f"`bench/bench_sip.py`, {machine()}. Loopback UDP: a socket playing the router sends an "
        "HGW-like INVITE (PAI with +81, UTF-8 display name, SDP) to a started `SipSource` (own "
        "thread and asyncio loop, as in the app) and waits for the 180; each call is then "
        "CANCELled and ACKed. Times run from just before `sendto` of the INVITE, so they include "
        "the kernel's loopback hop and the loop's wake-up. The hop from the callback to the GUI "
        "thread (Qt queued signal) is not included: bench_popup.py measures it. The per-source "
        f"rate limit was raised for the run; {args.warmup} warm-up calls are not counted."),
        "",
        "| what | samples | p50 ms | p99 ms | max ms | goal | |",
        "|---|---:|---:|---:|---:|---|---|",
        *rows,
    ])
    if not args.no_write:
        write_section("sip", section)
        print("wrote the sip section of docs/BENCHMARKS.md")


if __name__ == "__main__":
    main()
