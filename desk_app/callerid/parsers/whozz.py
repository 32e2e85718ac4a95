"""Whozz Calling (CallerID.com) records: Ethernet Link UDP packets on port 3520, or the same
records from the serial models in their default (non-TCI) mode.

A UDP packet is ``^^<U>`` + 6 binary unit bytes + ``<S>`` + 6 binary serial bytes + an optional
``$`` + one record (wc2ncid.pl, the vendor's Ethernet emulator). Records::

    01 I S 0000 G A1 11/22 10:41 AM 770-263-7111   CallerID.com
    ^line ^in/out ^start/end ^duration ^checksum ^ring  ^date/time  ^number(14) ^name(15)
    01 R             11/22 10:41:02      (detail: R ring, F off-hook, N on-hook)

Only an inbound start record (``I S``) is an incoming call; end (``E``) and call-accounting
(``C``) records, outbound calls and detail records are not. Units send each record up to 8
times, so repeats are suppressed. The binary header bytes may be anything, even ``\\r`` or
``^``, so the header is skipped by position, never by searching.
"""

from __future__ import annotations

import logging
import re

from desk_app.callerid.parsers._common import (
    clean_text,
    decode,
    make_event,
    parse_number,
    warn_ignored,
)
from desk_app.callerid.parsers._record import RecordParser
from desk_app.domain.call_event import CallEvent

log = logging.getLogger(__name__)

HEADER = b"^^<U>"
_HEADER_LEN = 20  # "^^<U>" + 6 unit bytes + "<S>" + 6 serial bytes
_CALL = re.compile(
    r"(?P<line>\d\d)\s+(?P<io>[IO])\s+(?P<se>[SEC])\s+(?P<dur>\d{4})\s+(?P<cs>[GB])\s+"
    r"(?P<ring>\w+)\s+(?P<date>\d\d/\d\d)\s+(?P<time>\d\d?:\d\d)\s*(?P<ampm>[AP]M)? (?P<rest>.*)",
    re.S,
)
_DETAIL = re.compile(r"(?P<line>\d\d)\s+(?P<kind>[A-Z])\s+(?P<date>\d\d/\d\d)\s+\d\d:\d\d:\d\d")
_MAX_RECORD = 256


class WhozzParser(RecordParser):
    """Packets/records in, inbound calls out. A record ends at the next header, a line end,
    :meth:`end_of_message` (the UDP source calls it per datagram) or end of input; records
    never wait for a quiet time."""

    source = "whozz"
    max_pending = _MAX_RECORD

    def end_of_message(self, now: float = 0.0) -> list[CallEvent]:
        """The transport says the record is complete (one UDP datagram = one record)."""
        body = self._strip_header(self._buf)
        if body is None:  # a header cut short
            warn_ignored("truncated Whozz Calling header", self._buf)
            body = b""
        self._buf = b""
        return self._record(body, now)

    @staticmethod
    def _strip_header(buf: bytes) -> bytes | None:
        if not buf.startswith(HEADER):
            return buf
        if len(buf) < _HEADER_LEN:
            return None
        body = buf[_HEADER_LEN:]
        return body[1:] if body.startswith(b"$") else body

    def _next_record(self) -> bytes | None:
        """Cut one complete record off the buffer, or None when more bytes are needed."""
        buf = self._buf
        start = 0
        if buf.startswith(HEADER):
            if len(buf) < _HEADER_LEN:
                return None
            start = _HEADER_LEN
        ends = [i for i in (buf.find(HEADER, start), buf.find(b"\r", start),
                            buf.find(b"\n", start)) if i >= 0]
        if not ends:
            return None
        end = min(ends)
        record = self._strip_header(buf[:end]) or b""
        self._buf = buf[end:].lstrip(b"\r\n") if buf[end:end + 1] in (b"\r", b"\n") else buf[end:]
        return record

    def _record(self, data: bytes, now: float) -> list[CallEvent]:
        text = decode(data.replace(b"\x00", b"")).strip()
        if not text:
            return []
        m = _CALL.match(text)
        if m is None:
            if _DETAIL.match(text) is None:
                warn_ignored("Whozz Calling record", data)
            return []
        if m.group("io") != "I" or m.group("se") != "S":
            log.debug("whozz: not an incoming call start: %s", text)
            return []
        if m.group("cs") == "B":
            log.warning("whozz: caller ID checksum bad, showing it anyway: %s", text)
        number_field, name = self._split(m.group("rest"))
        number, reason = parse_number(number_field)
        line = m.group("line")
        key = (line, number, reason, clean_text(name), m.group("date"), m.group("time"))
        if self._is_repeat(key, now):
            return []
        return [make_event(self.source, number, name, reason, line, text)]

    @staticmethod
    def _split(rest: str) -> tuple[str, str]:
        """Number is a 14-column field, name the rest; fall back to "first word" if columns drift."""
        if len(rest) > 14 and rest[14] == " ":
            return rest[:14], rest[15:]
        number, _, name = rest.strip().partition(" ")
        return number, name
