"""What the settings screen and ``desk-app sip listen`` tell the user agent."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from desk_app.callerid.sip.headers import ParseError, split_hostport
from desk_app.callerid.status_messages import SettingError


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
            raise SettingError("callerid.setting.sip_transport", transport=self.transport)
        if not self.registrar.strip():
            raise SettingError("callerid.setting.sip_registrar")
        if not self.extension.strip():
            raise SettingError("callerid.setting.sip_extension")

    @property
    def digest_user(self) -> str:
        return self.auth_user or self.extension


def parse_address(text: str, default_port: int) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` → (host, port); ValueError on nonsense."""
    try:
        host, port = split_hostport(text)
    except ParseError:
        raise SettingError("callerid.setting.sip_address", address=text) from None
    host = host.strip("[]")
    if not host:
        raise SettingError("callerid.setting.sip_address", address=text)
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
