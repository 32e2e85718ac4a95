"""Shared helpers for the SIP tests: corpus loading, free ports, a small UDP peer."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

from support import APP, APP_SHELL, SHARED  # noqa: F401  (APP re-exported for the tests)

SHARED_CORPUS = SHARED / "sip-corpus"
OWN_CASES = Path(__file__).resolve().parent / "cases"


def load_cases(folder: Path) -> list[dict]:
    cases = []
    for case_json in sorted(folder.glob("*/case.json")):
        case = json.loads(case_json.read_text(encoding="utf-8"))
        case["raw"] = (case_json.parent / "invite.sip").read_bytes()
        cases.append(case)
    return cases


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    """A port that is free on 127.0.0.1 right now for UDP *and* TCP (kamailio may use both)."""
    while True:
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        other = socket.SOCK_STREAM if kind == socket.SOCK_DGRAM else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, other) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


def invite(call_id: str, branch: str, *, port: int, number: str = "0312345678",
           name: str = "Yamada", extra: str = "", to_port: int = 5062) -> bytes:
    """An HGW-like INVITE sent from 127.0.0.1:*port*."""
    return (
        f"INVITE sip:3@127.0.0.1:{to_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch}\r\n"
        "Max-Forwards: 70\r\n"
        f'From: "{name}" <sip:{number}@127.0.0.1>;tag=t-{call_id}\r\n'
        "To: <sip:3@127.0.0.1>\r\n"
        f"Call-ID: {call_id}\r\n"
        "CSeq: 1 INVITE\r\n"
        f"Contact: <sip:{number}@127.0.0.1:{port}>\r\n"
        f"{extra}"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def cancel_or_ack(method: str, call_id: str, branch: str, *, port: int, to_tag: str = "",
                  to_port: int = 5062) -> bytes:
    to = "<sip:3@127.0.0.1>" + (f";tag={to_tag}" if to_tag else "")
    return (
        f"{method} sip:3@127.0.0.1:{to_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch}\r\n"
        "Max-Forwards: 70\r\n"
        f'From: "x" <sip:0312345678@127.0.0.1>;tag=t-{call_id}\r\n'
        f"To: {to}\r\n"
        f"Call-ID: {call_id}\r\n"
        f"CSeq: 1 {method}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


class UdpPeer:
    """A real UDP socket on loopback that plays the router side of a test."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def send(self, data: bytes, port: int) -> None:
        self.sock.sendto(data, ("127.0.0.1", port))

    def receive(self, timeout: float = 2.0) -> list[bytes]:
        """Everything that arrives until *timeout* passes without a packet."""
        out = []
        self.sock.settimeout(timeout)
        try:
            while True:
                out.append(self.sock.recv(65536))
                self.sock.settimeout(0.3)
        except TimeoutError:
            return out

    def collect(self, seconds: float) -> list[bytes]:
        """Everything that arrives within the next *seconds*."""
        out = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                out.append(self.sock.recv(65536))
            except TimeoutError:
                break
        return out

    def close(self) -> None:
        self.sock.close()


def wait_for(predicate, timeout: float = 5.0, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
