"""NetCallerID serial box (4800 8N1): one ``###…+++`` record per call, ended by a CR.

Formats (ncidd.c, misterhouse Caller_ID.pm)::

    ###DATE03301423...NMBR4075551212...NAMEWIRELESS CALL+++
    ###DATE03301423...NMBR...NAME-UNKNOWN CALLER-+++      (no number: out of area)
    ###DATE03301423...NMBR...NAME+++                      (no number, no name)
    ###DATE...NMBR...NAME   -MSG OFF-+++                  (message-waiting lamp: not a call)

Fields are ``LABELvalue`` separated by ``...``; NCID gateways use the same framing with extra
``CALL``/``LINE`` fields, which we accept too (``CALLOUT`` etc. are not incoming calls).
"""

from __future__ import annotations

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

_RECORD = re.compile(rb"###(?P<body>.*?)\+\+\+", re.S)
_RECORD_START = re.compile(rb"#{1,3}$|###")  # a record begins, or may once more bytes come
_FIELD = re.compile(r"^(DATE|NMBR|NAME|LINE|CALL)(.*)$", re.S)
_MESSAGE = re.compile(r"^\s*-\s*MSG\s+(ON|OFF)\s*-\s*$", re.I)
_MAX_PENDING = 512


class NetCallerIdParser(RecordParser):
    """Records in, calls out; bytes outside ``###…+++`` are logged and dropped. A record is
    complete at ``+++``; at end of input a partial one is dropped."""

    source = "netcallerid"
    max_pending = _MAX_PENDING

    def _next_record(self) -> bytes | None:
        while (start := self._buf.find(b"#")) >= 0:
            if start > 0:
                self._junk(self._buf[:start])
                self._buf = self._buf[start:]
            if m := _RECORD.match(self._buf):
                self._buf = self._buf[m.end():]
                return m.group("body")
            if _RECORD_START.match(self._buf):
                return None  # a record has begun: wait for its "+++"
            self._junk(self._buf[:1])  # a lone '#' that starts no record
            self._buf = self._buf[1:]
        self._junk(self._buf)  # no record begins here: nothing to keep
        self._buf = b""
        return None

    def end_of_message(self, now: float = 0.0) -> list[CallEvent]:
        self._junk(self._buf)
        self._buf = b""
        return []

    @staticmethod
    def _junk(data: bytes) -> None:
        if data.strip(b"\r\n\x00 "):
            warn_ignored("bytes outside a NetCallerID record", data)

    def _record(self, body: bytes, now: float) -> list[CallEvent]:
        text = decode(body)
        fields: dict[str, str] = {}
        for part in text.split("..."):
            if m := _FIELD.match(part):
                fields.setdefault(m.group(1), m.group(2))
        if "NMBR" not in fields and "NAME" not in fields:
            warn_ignored("NetCallerID record without NMBR/NAME", body)
            return []
        if _MESSAGE.match(fields.get("NAME", "")) and not fields.get("NMBR", "").strip():
            return []  # message-waiting indicator
        if fields.get("CALL", "IN").strip().upper() not in ("IN", ""):
            return []  # a gateway's outgoing/blocked/hung-up call: not a ringing phone
        number, reason = parse_number(fields.get("NMBR"))
        line = clean_text(fields.get("LINE", ""))
        key = (number, reason, clean_text(fields.get("NAME", "")), fields.get("DATE"), line)
        if self._is_repeat(key, now):
            return []
        return [make_event(self.source, number, fields.get("NAME"), reason,
                           None if line in ("", "-") else line, "###" + text + "+++")]
