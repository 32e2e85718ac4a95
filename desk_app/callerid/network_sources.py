"""Network caller-ID sources: NCID client (TCP), Whozz Calling Ethernet (UDP), YAC listener (TCP).

An NCID server lets several desks share one modem; the client reconnects with back-off when the
server restarts, and replayed call-log lines go to ``on_log``, never to the pop-up. Whozz
Calling units broadcast one record per UDP datagram to port 3520; YAC servers open one TCP
connection per message to listeners on port 10629. Reads use short timeouts so that the quiet
flush and ``stop()`` stay prompt.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from functools import partial

from desk_app.callerid.parsers.ncid import NcidParser
from desk_app.callerid.parsers.whozz import WhozzParser
from desk_app.callerid.parsers.yac import YacParser
from desk_app.callerid.status_messages import Worded
from desk_app.callerid.threaded import Backoff, P, ThreadedSource
from desk_app.domain.call_event import CallEvent
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)


class ServerClosed(Worded, ConnectionError):
    """The server ended the connection; :attr:`message` words it for the desk."""


class _SocketSource(ThreadedSource[P]):
    read_timeout = 0.25

    def __init__(self, fmt: str, parser: Callable[[], P], host: str, port: int,
                 backoff: Backoff | None) -> None:
        super().__init__(fmt, parser, backoff)
        self.host, self.port = host, port
        self._sock: socket.socket | None = None

    def _where(self) -> str:
        return f"{self.host}:{self.port}"

    def _interrupt(self) -> None:
        sock = self._sock
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass


class NcidSource(_SocketSource[NcidParser]):
    """Client of an NCID server (default port 3333).

    ``on_log`` gets the call-log records (replayed history, HUP/BLK/OUT/END) on this I/O
    thread; the desk's bridge sets it when it attaches the source, so they reach the call log.
    """

    def __init__(self, host: str, port: int = 3333, *, backoff: Backoff | None = None,
                 on_log: Callable[[CallEvent], None] | None = None,
                 connect_timeout: float = 5.0) -> None:
        super().__init__("ncid", NcidParser, host, port, backoff)
        self.on_log = on_log or (lambda event: None)
        self.connect_timeout = connect_timeout

    def _run(self) -> None:
        sock = self._sock = socket.create_connection((self.host, self.port), self.connect_timeout)
        where = f"{self.host}:{self.port}"
        try:
            sock.settimeout(self.read_timeout)
            self.parser = self._parser_factory()  # a new connection replays the log afresh
            self._connected(Problem("callerid.server", {"address": where}))
            self.backoff.reset()
            while not self.stopping:
                try:
                    data = sock.recv(65536)
                except TimeoutError:
                    self._flush()
                    continue
                if not data:
                    raise ServerClosed(Problem("callerid.server_closed", {"address": where}))
                self._deliver(data)
        finally:
            self._sock = None
            sock.close()

    def _after_parse(self) -> None:
        banner = getattr(self.parser, "banner", None)
        shown = self._connected_message.params.get("banner") if self._connected_message else None
        if banner and banner != shown:
            self._connected(Problem("callerid.server_banner",
                                    {"address": f"{self.host}:{self.port}", "banner": banner}))
        for event in self.parser.take_log_events():
            try:
                self.on_log(event)
            except Exception:
                log.exception("ncid: call-log consumer failed")


class WhozzSource(_SocketSource[WhozzParser]):
    """Listens for Whozz Calling Ethernet Link datagrams (default UDP 3520)."""

    def __init__(self, host: str = "0.0.0.0", port: int = 3520, *,
                 backoff: Backoff | None = None) -> None:
        super().__init__("whozz", WhozzParser, host, port, backoff)

    def _run(self) -> None:
        sock = self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.settimeout(self.read_timeout)
            self.bound = sock.getsockname()
            self._connected(Problem("callerid.listening_udp",
                                    {"address": "{}:{}".format(*self.bound)}))
            self.backoff.reset()
            while not self.stopping:
                try:
                    data, _peer = sock.recvfrom(4096)
                except TimeoutError:
                    continue
                now = time.monotonic()
                self._deliver(data, now)
                end = partial(self.parser.end_of_message, now)
                self._parse(end, data)  # one datagram = one record
        finally:
            self._sock = None
            sock.close()


class YacSource(_SocketSource[YacParser]):
    """Listens for YAC messages (default TCP 10629): one message per connection."""

    def __init__(self, host: str = "0.0.0.0", port: int = 10629, *,
                 backoff: Backoff | None = None, message_timeout: float = 5.0) -> None:
        super().__init__("yac", YacParser, host, port, backoff)
        self.message_timeout = message_timeout

    def _run(self) -> None:
        sock = self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(8)
            sock.settimeout(self.read_timeout)
            self.bound = sock.getsockname()
            self._connected(Problem("callerid.listening_tcp",
                                    {"address": "{}:{}".format(*self.bound)}))
            self.backoff.reset()
            while not self.stopping:
                try:
                    conn, _peer = sock.accept()
                except TimeoutError:
                    continue
                with conn:
                    self._message(conn)
        finally:
            self._sock = None
            sock.close()

    def _message(self, conn: socket.socket) -> None:
        """Read one sender until it closes (or goes quiet too long); a bad peer costs one message."""
        conn.settimeout(self.read_timeout)
        deadline = time.monotonic() + self.message_timeout
        while not self.stopping and time.monotonic() < deadline:
            try:
                data = conn.recv(4096)
            except TimeoutError:
                continue
            except OSError as exc:
                log.warning("yac: connection failed: %s", exc)
                break
            if not data:
                break
            self._deliver(data)
        self._parse(lambda: self.parser.end_of_message(time.monotonic()), b"")
