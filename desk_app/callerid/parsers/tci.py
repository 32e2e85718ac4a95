"""TCI multi-line serial boxes, and Whozz Calling serial units switched to TCI output (9600 8N1).

Fixed 70-character records, one per call (ncidd.c ``formatCID``)::

              1         2         3         4         5         6
    0123456789012345678901234567890123456789012345678901234567890123456789
    01      9/03      2:00 PM            PRIVATE
    03      9/03      2:23 PM       407-555-1212           WIRELESS CALLER

Line in 0-1, month 7-8, day 10-11, hour 17-18, minute 20-21, AM/PM 23-24, number right-justified
in 29-43, name left-justified in 55-69. Columns count characters, not bytes: a UTF-8 name makes
the record longer in bytes. The line terminator is not documented, so a record ends at CR/LF
or as soon as 70 characters are in, whichever comes first.
"""

from __future__ import annotations

from desk_app.callerid.parsers._common import clean_text, make_event, parse_number, warn_ignored
from desk_app.callerid.parsers._record import RecordParser
from desk_app.domain.call_event import CallEvent

RECORD_CHARS = 70
_MAX_BYTES = RECORD_CHARS * 4  # every character at most 4 UTF-8 bytes


def _looks_like_record(text: str) -> bool:
    return (len(text) >= 25 and text[:2].isdigit() and text[9] == "/"
            and text[23:25].upper() in ("AM", "PM"))


class TciParser(RecordParser):
    """Records in, calls out. Incomplete UTF-8 at the end of a read simply waits for more bytes;
    records end by length or line end, and only end of input completes a short last one."""

    source = "tci"
    max_pending = _MAX_BYTES

    def _next_record(self) -> bytes | None:
        self._buf = self._buf.lstrip(b"\r\n\x00")
        buf = self._buf
        ends = [i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0]
        end = min(ends) if ends else len(buf)
        text = buf[:end].decode("utf-8", errors="ignore")
        if len(text) >= RECORD_CHARS:  # a full record, terminated or not
            cut = len(text[:RECORD_CHARS].encode("utf-8"))
            if buf[:cut].decode("utf-8", errors="ignore") != text[:RECORD_CHARS]:
                cut = end  # undecodable bytes inside: let the line end decide
        elif ends:
            cut = end
        else:
            return None
        record, self._buf = buf[:cut], buf[cut:]
        return record

    def _record(self, data: bytes, now: float) -> list[CallEvent]:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            warn_ignored("bytes that are not UTF-8 in a TCI record", data)
            text = data.decode("utf-8", errors="replace").replace("\ufffd", "?")
        if not text.strip():
            return []
        if not _looks_like_record(text):
            warn_ignored("TCI record", data)
            return []
        number, reason = parse_number(text[25:44])
        name = text[44:]
        line = text[:2]
        key = (line, number, reason, clean_text(name), text[7:25])
        if self._is_repeat(key, now):
            return []
        return [make_event(self.source, number, name, reason, line, text.rstrip())]
