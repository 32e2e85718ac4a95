"""The buffer-and-loop every caller-ID parser shares.

A device's bytes arrive in pieces of any size: a read may end mid-record or hold several.
:class:`RecordParser` keeps what has not formed a record yet, cuts off every complete record
(:meth:`RecordParser._next_record`, the only framing a format writes) and hands each to
:meth:`RecordParser._record`, which turns it into calls. A buffer that grows past
``max_pending`` without a record end is given up as one record (:meth:`_overflow`), so
garbage at the wrong speed can never eat memory. ``flush(now)`` completes nothing until end
of input (``now`` = infinity); formats that complete a call after a quiet time (modems)
override it. :class:`LineParser` is the common framing: a record ends at one of a set of bytes.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import ClassVar

from desk_app.callerid.parsers._common import Repeats
from desk_app.domain.call_event import CallEvent


class RecordParser(ABC):
    """Bytes in, records cut off, calls out. Subclasses set :attr:`source` and write
    :meth:`_next_record` and :meth:`_record`."""

    source: ClassVar[str]
    max_pending: ClassVar[int] = 4096  # bytes without a record end before they are given up

    def __init__(self, repeat_window: float = 5.0) -> None:
        self._buf = b""
        self._repeats = Repeats(repeat_window)

    def feed(self, data: bytes, now: float = 0.0) -> list[CallEvent]:
        self._buf += data
        out: list[CallEvent] = []
        while (record := self._next_record()) is not None:
            out.extend(self._record(record, now))
        if len(self._buf) > self.max_pending:
            out.extend(self._overflow(now))
        return out

    def flush(self, now: float = math.inf) -> list[CallEvent]:
        """Records are complete by their framing; only end of input completes the last one."""
        if now != math.inf or not self._buf:
            return []
        return self.end_of_message(now)

    def end_of_message(self, now: float = 0.0) -> list[CallEvent]:
        """The transport says what is buffered is a whole record (a datagram, a closed
        connection, end of input)."""
        record, self._buf = self._buf, b""
        return self._record(record, now)

    def _overflow(self, now: float) -> list[CallEvent]:
        """Too many bytes without a record end: what is there is taken as one record."""
        return self.end_of_message(now)

    def _is_repeat(self, key: tuple[Hashable, ...], now: float) -> bool:
        return self._repeats.is_repeat(key, now)

    @abstractmethod
    def _next_record(self) -> bytes | None:
        """Cut one complete record off ``self._buf``; None when more bytes are needed."""

    @abstractmethod
    def _record(self, data: bytes, now: float) -> list[CallEvent]:
        """The calls one record holds (usually one or none)."""


class LineParser(RecordParser):
    """Records that end at any byte matching :attr:`line_end` (which is dropped)."""

    line_end: ClassVar[re.Pattern[bytes]] = re.compile(rb"\n")

    def _next_record(self) -> bytes | None:
        m = self.line_end.search(self._buf)
        if m is None:
            return None
        record, self._buf = self._buf[:m.start()], self._buf[m.end():]
        return record
