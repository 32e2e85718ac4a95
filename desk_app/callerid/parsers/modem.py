"""AT modem caller-ID output (``AT+VCID=1`` / ``AT#CID=1`` formatted mode and its relatives).

Modems print caller data as ``KEY = value`` lines (Rockwell/Conexant), ``KEY=value`` (USR,
Zoom), ``KEY: value`` (ZyXEL ``CALLER NUMBER:``), ``FM:… TO:…`` (ZyXEL ISDN), ``RING;nr;msn``
(ELSA), ``RING_ANALOG_nr`` (NTT INSメイト), ``RINGnr`` / ``RINGnr*sub`` (ISDN terminal adapters,
repeated at every ring; the sub-address is not part of the number), unformatted messages as
hex (``AT#CID=2``, :mod:`cid_hex`), Rockwell ``MESG =`` lines holding an MDMF parameter (Bell
Canada's number, as mgetty's cnd.c reads it) and, on some firmware, several keys on one line or
lines run together (``NAME=ONMBR=5072884388``). The data may come before the first RING (Japan,
UK), between the first and second (US), or with no RING at all, and Japan has no NAME — so a
call completes on NMBR+NAME, on the next RING, on ``END MSG`` or after a short quiet time
(:meth:`ModemParser.flush`). Keys and their variants follow ncidd.c, mgetty's cnd.c and
misterhouse's Caller_ID.pm.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from desk_app.callerid.parsers import cid_hex
from desk_app.callerid.parsers._common import (
    MAX_DIGITS,
    clean_text,
    decode,
    make_event,
    parse_number,
    warn_ignored,
)
from desk_app.callerid.parsers._record import LineParser
from desk_app.domain.call_event import CallEvent, Withheld

_KEY = re.compile(
    r"(?P<key>DATE\s*TIME|DDN_NMBR|CALLER'?S?\s*NUMBER|CALLER\s*NAME|CALLED\s*NUMBER"
    r"|REASON\s+FOR\s+NO\s+CALLER\s+NUMBER|REASON\s+FOR\s+NO\s+CALLER\s+NAME|CALLER\s?ID"
    r"|DATE|TIME|NMBR|DDN|NBR|NAME|MESG|FM|TO)\s*(?P<sep>[=:])[ \t]*",
    re.I,
)
_KINDS = {
    "DATETIME": "datetime", "DATE": "date", "TIME": "time", "MESG": "mesg",
    "NMBR": "number", "DDN_NMBR": "number", "DDN": "number", "NBR": "number", "FM": "number",
    "CALLERNUMBER": "number", "CALLER'SNUMBER": "number", "CALLERSNUMBER": "number",
    "CALLERID": "number", "NAME": "name", "CALLERNAME": "name",
    "REASONFORNOCALLERNUMBER": "reason", "REASONFORNOCALLERNAME": "name_reason",
    "CALLEDNUMBER": "ignore", "TO": "ignore",
}
_RING = re.compile(r"^(?:CID\s*)?RING(?:\s+(?P<label>[A-Z0-9]))?$", re.I)
_RING_NUMBER = re.compile(
    r"^RING(?:[\s_;:/]+(?:(?:ANALOG|DIGITAL)[\s_]*)?|(?=\+?\d{3}))"  # RING;nr RING_ANALOG_nr RINGnr
    r"(?P<nr>[^/;\s*]*)(?:\*[^/;\s]*)?(?:[/;].*)?$", re.I)  # *sub-address, ;MSN: not the caller
_TRAILING_RING = re.compile(r"^(?P<value>[^A-Za-z]*?)\s*(?P<ring>(?:RING\s*)+)$", re.I)
_NOISE = re.compile(
    r"^(OK|ERROR|NO CARRIER|NO DIAL ?TONE|BUSY|NO ANSWER|CONNECT.*|RINGING|AT.*|CALLING MSG"
    r"|DRO[NF]\s*=.*|\+\w+:.*|\d{1,3})$", re.I)
_DLE_PAIR = re.compile(rb"\x10.", re.S)
_MAX_LINE = 512
_HEX_KINDS = {"DATE": "date", "NMBR": "number", "REASON": "reason", "NAME": "name",
              "NAME_REASON": "name_reason"}
_MESG_KINDS = {"NMBR": "number", "REASON": "reason", "NAME": "name",
               "NAME_REASON": "name_reason"}  # a MESG's date is never a block start
_DIGITS_LINE = re.compile(rf"\d{{4,{MAX_DIGITS}}}")
_BLOCK_KINDS = {"datetime", "date", "time", "number", "name", "reason", "name_reason"}


@dataclass
class _Call:
    """Fields of the call being collected; ``*_seen`` says a key arrived even if its value is empty."""

    number: str | None = None
    number_seen: bool = False
    withheld: Withheld | None = None
    name: str | None = None
    name_seen: bool = False
    name_reason: Withheld | None = None
    date: str | None = None
    time: str | None = None
    line: str | None = None
    rings: int = 0
    raw: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.number_seen or self.name_seen or self.withheld is not None


class ModemParser(LineParser):
    """Incremental parser for AT modem caller-ID text. ``flush(now)`` completes a call after a
    quiet time; ``flush()`` with no clock means end of input. A line longer than
    ``max_pending`` with no line end in sight is garbage, not a modem line."""

    source = "modem"
    line_end = re.compile(rb"[\r\n]")
    max_pending = _MAX_LINE

    def __init__(self, *, data_quiet: float = 0.5, ring_wait: float = 5.0,
                 repeat_window: float = 5.0) -> None:
        self.data_quiet = data_quiet  # NAME-less calls complete this long after the last line
        self.ring_wait = ring_wait  # a bare RING waits this long for caller data to follow
        super().__init__(repeat_window)
        self._buf_time = 0.0
        self._call: _Call | None = None
        self._ringing = False  # a completed call is still ringing: more RINGs belong to it
        self._open = False  # completed by NAME/NMBR: trailing NMBR/NAME/MESG still belong to it
        self._last: tuple[str | None, Withheld | None] | None = None  # caller of the last call
        self._activity = 0.0
        self._out: list[CallEvent] = []

    # -- public API -------------------------------------------------------------------------
    def feed(self, data: bytes, now: float = 0.0) -> list[CallEvent]:
        self._buf_time = now
        return super().feed(data, now)

    def flush(self, now: float = math.inf) -> list[CallEvent]:
        if self._buf and now - self._buf_time >= self.data_quiet:
            line, self._buf = self._buf, b""
            self._line(line, self._buf_time)
        quiet = now - self._activity
        call = self._call
        if call is not None:
            if call.has_data and quiet >= self.data_quiet:
                self._complete()
            elif quiet >= self.ring_wait:
                if call.rings:
                    self._complete()
                else:  # DATE/TIME/MESG alone never became a call
                    self._call = None
        if quiet >= self.ring_wait:
            self._ringing = False
        if quiet >= self.data_quiet:
            self._open = False
        return self._take()

    # -- line handling ----------------------------------------------------------------------
    def _record(self, data: bytes, now: float) -> list[CallEvent]:
        self._line(data, now)
        return self._take()

    def _line(self, data: bytes, now: float) -> None:
        data = _DLE_PAIR.sub(b"", data.replace(b"\x00", b""))
        text = clean_text(decode(data))
        if not text:
            return
        matches = [m for m in _KEY.finditer(text) if self._is_key(text, m)]
        head = text[: matches[0].start()] if matches else text
        if head.strip():
            self._head(head.strip(), data, now, standalone=not matches)
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            key = re.sub(r"\s", "", m.group("key")).upper()
            value = text[m.end():end].strip()
            if _KINDS[key] == "mesg" and (fields := cid_hex.parameters(value)):
                for name, field_value in fields.items():  # Rockwell: an MDMF parameter in hex
                    if name in _MESG_KINDS:
                        self._field(_MESG_KINDS[name], field_value, text, now)
                continue
            self._field(_KINDS[key], value, text, now)

    @staticmethod
    def _is_key(text: str, m: re.Match[str]) -> bool:
        """'=' keys may sit anywhere (run-together lines); ':' keys only start a word."""
        if m.group("sep") == "=":
            return re.sub(r"\s", "", m.group("key")).upper() not in ("FM", "TO")
        return m.start() == 0 or text[m.start() - 1].isspace()

    def _head(self, head: str, data: bytes, now: float, standalone: bool) -> None:
        """Text that is not ``KEY=value``: rings, modem chatter, or an ELINK bare number."""
        upper = head.upper()
        if m := _RING.match(head):
            self._ring(now, head, m.group("label"))
        elif upper.split() and all(t == "RING" for t in upper.split()):
            for _ in upper.split():
                self._ring(now, "RING")
        elif upper == "END MSG":  # Kortex: the caller-ID message is over
            if self._call is not None and self._call.has_data:
                self._complete()
        elif _NOISE.match(head):
            pass  # OK / echo / result codes: normal chatter
        elif m := _RING_NUMBER.match(head):
            number, reason = parse_number(m.group("nr"))
            if self._ringing and self._call is None and self._last == (number, reason):
                self._ring(now, head)  # the adapter repeats the caller at every ring
                return
            if number or reason:
                self._field("number", m.group("nr"), head, now)
            self._ring(now, head)
        elif standalone and _DIGITS_LINE.fullmatch(head):
            # ELINK 301 ISDN: a line of digits only; first, since a short one such as
            # 8003020130 would also read as a hex MDMF message (and no real one is that short)
            self._field("number", head, head, now)
        elif standalone and (fields := cid_hex.decode(head)) is not None:
            for key, value in fields.items():  # unformatted (hex) SDMF/MDMF message
                self._field(_HEX_KINDS[key], value, head, now)
        else:
            warn_ignored("modem line", data)

    def _ring(self, now: float, raw: str, label: str | None = None) -> None:
        self._activity = now
        self._open = False
        call = self._call
        if call is not None and call.has_data:
            call.line = call.line or label
            self._complete()
        elif self._ringing:
            return
        else:
            if call is None:
                call = self._call = _Call()
            call.rings += 1
            call.line = call.line or label
            call.raw.append(raw)
            if call.rings >= 3:  # caller data would have come by now: "no caller ID" call
                self._complete()

    def _field(self, kind: str, value: str, raw: str, now: float) -> None:
        if kind != "name" and (m := _TRAILING_RING.match(value)):
            value, rings = m.group("value"), re.findall("RING", m.group("ring").upper())
        else:
            rings = []
        self._activity = now
        if self._open and kind in ("number", "name", "reason", "name_reason", "mesg"):
            kind = "ignore"  # a masking NMBR=O or a trailing MESG of the call just reported
        if self._ringing and kind in _BLOCK_KINDS:
            self._ringing = False
        self._open = False if kind in ("date", "datetime", "time") else self._open
        call = self._call
        if call is not None and kind in ("date", "datetime", "time") and (
            call.number_seen or call.name_seen
            or (call.date if kind != "time" else call.time) is not None
        ):
            self._complete()  # DATE/TIME lead a block: after data it is the next call
            call = None
        if call is None and kind != "ignore" and not self._ringing:
            call = self._call = _Call()
        if call is not None:
            if not call.raw or call.raw[-1] != raw:
                call.raw.append(raw)
            self._store(call, kind, value)
            if call.number_seen and call.name_seen:
                self._complete()
                self._open = True
        for _ in rings:
            self._ring(now, "RING")

    @staticmethod
    def _store(call: _Call, kind: str, value: str) -> None:
        if kind == "number" and not call.number_seen:  # the first NMBR of a call wins
            call.number_seen = True
            call.number, reason = parse_number(value)
            call.withheld = call.withheld or reason
        elif kind == "reason":
            call.withheld = call.withheld or Withheld.from_code(value)
            call.number_seen = True
        elif kind == "name" and not call.name_seen:
            call.name_seen = True
            call.name = value
            call.name_reason = Withheld.from_code(value)
        elif kind == "name_reason":
            call.name_reason = call.name_reason or Withheld.from_code(value)
        elif kind == "datetime":
            call.date, _, call.time = value.partition(" ")
        elif kind == "date":
            call.date = value
        elif kind == "time":
            call.time = value

    def _complete(self) -> None:
        call, self._call = self._call, None
        if call is None or not (call.has_data or call.rings):
            return
        self._ringing = True
        withheld = call.withheld or (call.name_reason if not call.number else None)
        self._last = (call.number, call.withheld)
        key = (call.number, call.name, withheld, call.line, call.date, call.time)
        if self._is_repeat(key, self._activity):
            return
        self._out.append(make_event(self.source, call.number, call.name, withheld, call.line,
                                    "\n".join(call.raw)))

    def _take(self) -> list[CallEvent]:
        out, self._out = self._out, []
        return out
