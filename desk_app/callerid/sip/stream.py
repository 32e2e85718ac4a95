"""SIP over TCP (the option for PBXs that prefer it): framing and connections.

A TCP stream has no packet boundaries, so messages are cut at the blank line plus
Content-Length (RFC 3261 §18.3). The same caps as for UDP apply: a peer that sends an endless
header or a huge body is disconnected instead of buffered.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from desk_app.callerid.sip.guard import MAX_DATAGRAM, Guard, normalise_ip
from desk_app.callerid.sip.headers import ParseError

log = logging.getLogger(__name__)

_CONTENT_LENGTH = re.compile(rb"(?im)^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$")
MAX_CONNECTIONS = 16
IDLE_TIMEOUT = 900.0  # seconds; routers keep their connection open and send keep-alives

Address = tuple[str, int]
Handler = Callable[[bytes, Address, Callable[[bytes, Address], None], bool], None]


def split_stream(buffer: bytearray, max_message: int = MAX_DATAGRAM) -> list[bytes]:
    """Remove and return every complete message at the start of *buffer*.

    CRLF keep-alives between messages are skipped. Raises ParseError when the peer is
    sending something that can never become an acceptable message.
    """
    messages: list[bytes] = []
    while True:
        while buffer[:2] == b"\r\n":
            del buffer[:2]
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > max_message:
                raise ParseError("header section too long")
            return messages
        match = _CONTENT_LENGTH.search(bytes(buffer[:end + 2]))
        length = int(match.group(1)) if match else 0
        total = end + 4 + length
        if total > max_message:
            raise ParseError(f"message of {total} bytes is too large")
        if len(buffer) < total:
            return messages
        messages.append(bytes(buffer[:total]))
        del buffer[:total]


class StreamTransport:
    """A TCP listener plus outgoing connections (the one to the registrar)."""

    def __init__(self, handler: Handler, guard: Guard) -> None:
        self._handler = handler
        self._guard = guard
        self._server: asyncio.base_events.Server | None = None
        self._writers: dict[Address, asyncio.StreamWriter] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def listen(self, host: str, port: int) -> Address:
        self._server = await asyncio.start_server(self._accept, host, port)
        host, port = self._server.sockets[0].getsockname()[:2]
        return str(host), int(port)

    async def send_to(self, data: bytes, address: Address) -> None:
        writer = self._writers.get(address)
        if writer is None or writer.is_closing():
            reader, writer = await asyncio.open_connection(*address)
            self._start(reader, writer, address)
        writer.write(data)
        await writer.drain()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers.values()):
            writer.close()
        for task in list(self._tasks):
            task.cancel()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")[:2]
        if normalise_ip(str(peer[0])) not in self._guard.allowed or \
                len(self._writers) >= MAX_CONNECTIONS:
            writer.close()
            return
        self._start(reader, writer, peer)

    def _start(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               peer: Address) -> None:
        self._writers[peer] = writer
        task = asyncio.create_task(self._read(reader, writer, peer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    peer: Address) -> None:
        buffer = bytearray()

        def send(data: bytes, _address: Address) -> None:
            if not writer.is_closing():
                writer.write(data)

        try:
            while True:
                chunk = await asyncio.wait_for(reader.read(4096), IDLE_TIMEOUT)
                if not chunk:
                    break
                buffer += chunk
                for message in split_stream(buffer):
                    self._handler(message, peer, send, True)
        except (TimeoutError, ParseError, OSError) as exc:
            log.debug("sip: closing TCP connection with %s: %s", peer, exc)
        finally:
            if self._writers.get(peer) is writer:
                del self._writers[peer]
            writer.close()
