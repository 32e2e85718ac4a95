"""NCID server → client lines (TCP, default port 3333), as in NCID-API 1.x.

Letting the desk be an NCID client means several desks can share one modem through an
existing ncidd. At connect the server sends a 2xx banner, options and usually its call log as
``CIDLOG:``/``HUPLOG:``… lines, then ``300``. Only live incoming-call lines pop up: ``CID:``,
``WID:`` (call waiting) and ``PID:`` (a smartphone's incoming call). Replayed ``*LOG:`` lines
and live ``HUP:``/``BLK:``/``OUT:``/``END:`` lines are call-log material, kept in
:attr:`log_events`; ``MSG:``/``NOT:``/``RLY:``/``CIDINFO:`` are not calls at all. A log event
says what it records (:class:`LogKind`) and keeps the server's own DATE/TIME as its
``received_at``: a replay repeats the same calls at every reconnect, and the desk can only
recognise them again by when they happened, not by when they were replayed.

Fields are ``*LABEL*value*`` pairs whose order may change and whose values may contain ``*``
(``NMBR**17*`` is the number ``*17``), so values run up to the next *known* label.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime

from desk_app.callerid.parsers._common import (
    clean_text,
    decode,
    make_event,
    parse_number,
    warn_ignored,
)
from desk_app.callerid.parsers._record import LineParser
from desk_app.domain.call_event import CallEvent, LogKind
from desk_app.domain.clock import local_to_utc

log = logging.getLogger(__name__)

POPUP_TYPES = frozenset({"CID", "WID", "PID"})
LOG_TYPES = frozenset({"HUP", "BLK", "OUT", "END"})
TEXT_TYPES = frozenset({"MSG", "NOT", "RLY", "CIDINFO", "OPT", "ACK", "INFO", "RESP", "LOG"})
_LABELS = ("DATE", "TIME", "LINE", "NMBR", "MESG", "NAME", "MTYPE", "HTYPE", "SCALL", "ECALL",
           "CTYPE", "RING")
_FIELD = re.compile(r"\*({})\*".format("|".join(_LABELS)))
_TYPE = re.compile(r"^\+?(?P<type>[A-Z]+?)(?P<log>LOG)?:\s?(?P<body>.*)$")
_STATUS = re.compile(r"^\d{3}(\s|$)")
_NO_LINE = {"-", "NO-LINE", ""}
_LOG_KINDS = {"HUP": LogKind.HANGUP, "BLK": LogKind.BLOCKED, "OUT": LogKind.OUTGOING,
              "END": LogKind.ENDED}  # replayed CID/WID/PID lines are LogKind.HISTORY
_NOT_DIGIT = re.compile(r"\D")


def call_time(date_text: str | None, time_text: str | None) -> datetime | None:
    """The server's DATE and TIME (its local time, Japan) as UTC; None when unreadable.

    ncidd writes DATE as mmddyyyy unless configured for ddmmyyyy or yyyymmdd; a year never
    reads as a month, so the first order that gives a real date is taken (mmdd wins a tie,
    as it is ncidd's default).
    """
    day, clock = _NOT_DIGIT.sub("", date_text or ""), _NOT_DIGIT.sub("", time_text or "")
    if len(day) != 8 or len(clock) != 4:
        return None
    for order in ("%m%d%Y", "%Y%m%d", "%d%m%Y"):
        try:
            return local_to_utc(datetime.strptime(day + clock, order + "%H%M"))
        except ValueError:
            continue
    return None


def fields(body: str) -> dict[str, str]:
    """``*DATE*0330*…*NAME*x*`` → dict; a value ends where the next known label starts."""
    found = list(_FIELD.finditer(body))
    out: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(body)
        value = body[m.end():end]
        if i + 1 == len(found) and value.endswith("*"):
            value = value[:-1]
        out.setdefault(m.group(1), value)
    return out


class NcidParser(LineParser):
    """Lines in, live incoming calls out; log entries accumulate in :attr:`log_events`.
    NCID lines always end with a newline; only end of input completes a partial one."""

    source = "ncid"

    def __init__(self, repeat_window: float = 5.0) -> None:
        super().__init__(repeat_window)
        self.log_events: list[CallEvent] = []
        self.banner: str | None = None  # the server's 2xx greeting, for the source's status

    def take_log_events(self) -> list[CallEvent]:
        out, self.log_events = self.log_events, []
        return out

    def _record(self, data: bytes, now: float) -> list[CallEvent]:
        event = self._line(data, now)
        return [event] if event is not None else []

    def _line(self, data: bytes, now: float) -> CallEvent | None:
        text = clean_text(decode(data))
        if not text:
            return None
        if _STATUS.match(text):
            if text[0] == "2" and self.banner is None:
                self.banner = text
            log.debug("ncid status: %s", text)
            return None
        m = _TYPE.match(text)
        if m is None:
            warn_ignored("NCID line", data)
            return None
        kind, replayed, body = m.group("type"), bool(m.group("log")), m.group("body")
        if kind in TEXT_TYPES or kind == "HELLO":
            log.info("ncid %s: %s", kind, body)
            return None
        if kind not in POPUP_TYPES and kind not in LOG_TYPES:
            warn_ignored(f"NCID line type {kind}", data)
            return None
        f = fields(body)
        if "NMBR" not in f and "NAME" not in f:
            warn_ignored(f"NCID {kind} line without NMBR/NAME", data)
            return None
        number, reason = parse_number(f.get("NMBR"))
        line = f.get("LINE", "").strip()
        event = make_event(self.source, number, f.get("NAME"), reason,
                           None if line.upper() in _NO_LINE else line, text)
        if replayed or kind in LOG_TYPES:
            when = call_time(f.get("DATE"), f.get("TIME"))
            if when is None:
                log.warning("ncid %s line without a readable DATE/TIME: %r", kind, text)
            self.log_events.append(replace(event, log_kind=_LOG_KINDS.get(kind, LogKind.HISTORY),
                                           received_at=when or event.received_at))
            return None
        key = (kind, number, event.name, event.withheld, line, f.get("DATE"), f.get("TIME"))
        return None if self._is_repeat(key, now) else event
