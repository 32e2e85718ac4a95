"""What the settings screen and ``desk-app sip listen`` tell the user agent."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from desk_app.callerid.sip.headers import ParseError, split_hostport


@dataclass(frozen=True)
class SipConfig:
    """One extension on one router/PBX.

    ``auth_user`` is the digest user ID; ひかり電話 routers and most PBXs let it differ from
    the extension number, so both are kept (it defaults to the extension). ``bind_host`` None
    means "the local address that routes to the registrar" — never 0.0.0.0 unless asked for,
    so the listener is not exposed on every interface of a shop PC.
    """

    registrar: str
    extension: str
    password: str = field(default="", repr=False)
    auth_user: str | None = None
    registrar_port: int = 5060
    domain: str | None = None
    bind_host: str | None = None
    bind_port: int = 5062
    transport: str = "udp"  # "udp" or "tcp"
    expires: int = 600
    allowed_sources: tuple[str, ...] = ()  # peers besides the registrar that may send requests
    max_ringing: int = 32
    ring_timeout: float = 180.0
    register_timeout: float = 8.0
    rate_per_source: float = 50.0
    burst_per_source: float = 100.0

    def __post_init__(self) -> None:
        if self.transport.lower() not in ("udp", "tcp"):
            raise ValueError(f"transport must be udp or tcp, not {self.transport!r}")
        if not self.registrar.strip():
            raise ValueError("registrar address is empty")
        if not self.extension.strip():
            raise ValueError("extension is empty")

    @property
    def digest_user(self) -> str:
        return self.auth_user or self.extension


def parse_address(text: str, default_port: int) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` → (host, port); ValueError on nonsense."""
    try:
        host, port = split_hostport(text)
    except ParseError as exc:
        raise ValueError(str(exc)) from None
    host = host.strip("[]")
    if not host:
        raise ValueError(f"no host in {text!r}")
    return host, port or default_port


def resolve(host: str, port: int) -> list[str]:
    """All IP addresses of *host* (UDP); an empty list when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def route_source(remote_ip: str, port: int) -> str:
    """The local address the OS would use to reach *remote_ip* (no packet is sent)."""
    family = socket.AF_INET6 if ":" in remote_ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect((remote_ip, port))
            return str(sock.getsockname()[0])
        except OSError:
            return "::1" if family == socket.AF_INET6 else "127.0.0.1"
