"""YAC (Yet Another Caller ID) network messages, as YAC servers send them to listeners on TCP
port 10629: one message per connection, ended by NUL (yac2ncid.sh)::

    @CALLBush George W.~(212) 555-9384\\0      a call: name, '~', number
    Meet me for dinner at 8.\\0                a text message: not a call

A message also ends at CR/LF or when the sender closes the connection
(:meth:`YacParser.end_of_message`), since not every YAC sender writes the NUL.
"""

from __future__ import annotations

import logging
import re

from desk_app.callerid.parsers._common import decode, make_event, parse_number
from desk_app.callerid.parsers._record import LineParser
from desk_app.domain.call_event import CallEvent

log = logging.getLogger(__name__)


class YacParser(LineParser):
    """Messages in, calls out; text messages are logged, not popped up. The YAC source calls
    :meth:`end_of_message` when the sender closes its connection."""

    source = "yac"
    line_end = re.compile(rb"[\x00\r\n]")
    max_pending = 4096

    def _record(self, data: bytes, now: float) -> list[CallEvent]:
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
        if self._is_repeat((name, number, reason), now):
            return []
        return [make_event(self.source, number, name, reason, None, text)]
