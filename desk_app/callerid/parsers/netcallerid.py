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

import math
import re

from desk_app.callerid.parsers._common import (
    Repeats,
    clean_text,
    decode,
    make_event,
    parse_number,
    warn_ignored,
)
from desk_app.domain.call_event import CallEvent

_RECORD = re.compile(rb"###(?P<body>.*?)\+\+\+", re.S)
_FIELD = re.compile(r"^(DATE|NMBR|NAME|LINE|CALL)(.*)$", re.S)
_MESSAGE = re.compile(r"^\s*-\s*MSG\s+(ON|OFF)\s*-\s*$", re.I)
_MAX_PENDING = 512


class NetCallerIdParser:
    """Records in, calls out; bytes outside ``###…+++`` are logged and dropped."""

    source = "netcallerid"

    def __init__(self, repeat_window: float = 5.0) -> None:
        self._buf = b""
        self._repeats = Repeats(repeat_window)

    def feed(self, data: bytes, now: float = 0.0) -> list[CallEvent]:
        self._buf += data
        out: list[CallEvent] = []
        while (m := _RECORD.search(self._buf)) is not None:
            self._junk(self._buf[: m.start()])
            self._buf = self._buf[m.end():]
            out.extend(self._record(m.group("body"), now))
        start = self._buf.find(b"#")
        if start < 0 or len(self._buf) - start > _MAX_PENDING:
            self._junk(self._buf)
            self._buf = b""
        elif start > 0:
            self._junk(self._buf[:start])
            self._buf = self._buf[start:]
        return out

    def flush(self, now: float = math.inf) -> list[CallEvent]:
        """A record is complete at ``+++``; at end of input a partial one is dropped."""
        if now == math.inf:
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
        if self._repeats.is_repeat(key, now):
            return []
        return [make_event(self.source, number, fields.get("NAME"), reason,
                           None if line in ("", "-") else line, "###" + text + "+++")]
