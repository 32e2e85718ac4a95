"""YAC (Yet Another Caller ID) network messages, as YAC servers send them to listeners on TCP
port 10629: one message per connection, ended by NUL (yac2ncid.sh)::

    @CALLBush George W.~(212) 555-9384\\0      a call: name, '~', number
    Meet me for dinner at 8.\\0                a text message: not a call

A message also ends at CR/LF or when the sender closes the connection
(:meth:`YacParser.end_of_message`), since not every YAC sender writes the NUL.
"""

from __future__ import annotations

import logging
import math
import re

from desk_app.callerid.parsers._common import Repeats, decode, make_event, parse_number
from desk_app.domain.call_event import CallEvent

log = logging.getLogger(__name__)

_END = re.compile(rb"[\x00\r\n]")
_MAX_MESSAGE = 4096


class YacParser:
    """Messages in, calls out; text messages are logged, not popped up."""

    source = "yac"

    def __init__(self, repeat_window: float = 5.0) -> None:
        self._buf = b""
        self._repeats = Repeats(repeat_window)

    def feed(self, data: bytes, now: float = 0.0) -> list[CallEvent]:
        *messages, self._buf = _END.split(self._buf + data)
        if len(self._buf) > _MAX_MESSAGE:
            messages.append(self._buf)
            self._buf = b""
        out: list[CallEvent] = []
        for message in messages:
            out.extend(self._message(message, now))
        return out

    def end_of_message(self, now: float = 0.0) -> list[CallEvent]:
        """The sender closed its connection: whatever it sent is the whole message."""
        message, self._buf = self._buf, b""
        return self._message(message, now)

    def flush(self, now: float = math.inf) -> list[CallEvent]:
        return self.end_of_message(now) if now == math.inf else []

    def _message(self, data: bytes, now: float) -> list[CallEvent]:
        text = decode(data).strip()
        if not text:
            return []
        if not text.upper().startswith("@CALL"):
            log.info("yac message: %s", text)
            return []
        name, _, rest = text[5:].partition("~")
        number, reason = parse_number(rest.split("~")[0])
        if reason is None and number is None:
            reason = parse_number(name)[1]  # "@CALLPRIVATE~" style
        if self._repeats.is_repeat((name, number, reason), now):
            return []
        return [make_event(self.source, number, name, reason, None, text)]
