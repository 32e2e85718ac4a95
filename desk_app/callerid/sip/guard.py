"""First line of defence for a listener that a whole LAN (and any scanner on it) can reach.

Everything here runs before parsing and costs a few dictionary operations per datagram, so
that a sipvicious sweep or a REGISTER flood cannot freeze the caller-ID thread: oversized
datagrams, strangers and over-eager senders are dropped unread; scanners are recognised after
parsing and get no answer at all (an answer tells them someone is listening).
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from typing import Any

from desk_app.callerid.sip.message import SipMessage

MAX_DATAGRAM = 8192
# User-Agent substrings of SIP scanners seen in the wild; kept short so that no real PBX or
# router matches (FreePBX says "FPBX-…", Cirpack is a carrier switch: neither is listed).
SCANNER_AGENTS = (
    "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sundayddr", "vaxsipuseragent",
    "pplsip", "iwar", "sivus", "scanner",
)


def normalise_ip(host: str) -> str:
    """``::ffff:127.0.0.1`` and ``127.0.0.1`` compare equal; non-IP text is returned lower-cased."""
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host.lower()
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ip)


class RateLimiter:
    """Token bucket per source address; the table itself is capped (least recently seen out)."""

    def __init__(self, rate: float = 50.0, burst: float = 100.0, max_sources: int = 256) -> None:
        self.rate, self.burst, self.max_sources = rate, burst, max_sources
        self._buckets: OrderedDict[tuple[Any, ...], tuple[float, float]] = OrderedDict()

    def allow(self, source: tuple[Any, ...], now: float) -> bool:
        tokens, last = self._buckets.pop(source, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[source] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_sources:
            self._buckets.popitem(last=False)
        return allowed


class Guard:
    """Admission control: returns None to accept a datagram, else the reason to drop it."""

    def __init__(self, allowed_hosts: set[str], *, max_size: int = MAX_DATAGRAM,
                 limiter: RateLimiter | None = None) -> None:
        self.allowed = {normalise_ip(h) for h in allowed_hosts}
        self.max_size = max_size
        self.limiter = limiter or RateLimiter()

    def admit(self, size: int, source: tuple[Any, ...], now: float) -> str | None:
        if size > self.max_size:
            return "oversized"
        if normalise_ip(str(source[0])) not in self.allowed:
            return "stranger"
        if not self.limiter.allow(source[:2], now):
            return "rate"
        return None


def is_scanner(msg: SipMessage) -> bool:
    """A known scanner's request: sipvicious sends ``User-Agent: friendly-scanner`` and
    ``"sipvicious"`` display names; answering them only invites more traffic."""
    agent = (msg.get("User-Agent") or "").lower()
    if any(s in agent for s in SCANNER_AGENTS):
        return True
    return "sipvicious" in (msg.get("From") or "").lower()
