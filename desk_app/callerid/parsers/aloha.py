"""ナンバー・ディスプレイ adapters of the アロハUSB kind (9600 baud, 7E1).

Each call is one frame ``STX MMDD w hhmm <number or reason> ETX``; the host must answer ACK
(0x06), or NAK (0x15) for a bad frame so that the adapter sends it again. Reason codes replace
the number: P 非通知, O 表示圏外, S サービス競合, C 公衆電話, E 受信エラー (vendor FAQ, aloha gem).

The port normally strips the parity bit (7E1). A capture taken at 8N1 still carries it in bit
7; such a frame is accepted when every byte has even parity, which also lets us NAK a frame
garbled on the wire. The parser does no I/O: the bytes to write back wait in :meth:`take_replies`.
"""

from __future__ import annotations

import math
import re

from desk_app.callerid.parsers._common import make_event, parse_number, warn_ignored
from desk_app.callerid.parsers._record import RecordParser
from desk_app.domain.call_event import CallEvent

STX, ETX, ACK, NAK = 0x02, 0x03, b"\x06", b"\x15"
_FRAME = re.compile(r"(?P<mm>\d\d)(?P<dd>\d\d)(?P<wd>\d)(?P<hh>\d\d)(?P<mi>\d\d)(?P<nr>.+)")
_MAX_FRAME = 64  # date, weekday, time and a 20-digit number fit many times over
_SKIP = frozenset(b"\r\n \x00\x06\x15")  # line ends / echoes between frames are not news


def _even(byte: int) -> bool:
    return bin(byte).count("1") % 2 == 0


class AlohaParser(RecordParser):
    """Frames in, calls out; :attr:`replies` collects ACK/NAK bytes for the serial source.
    The buffer holds at most one frame begun by STX; bytes between frames are junk."""

    source = "aloha"

    def __init__(self, repeat_window: float = 5.0) -> None:
        super().__init__(repeat_window)
        self._junk = bytearray()
        self.replies: list[bytes] = []

    def take_replies(self) -> list[bytes]:
        out, self.replies = self.replies, []
        return out

    def _next_record(self) -> bytes | None:
        buf = self._buf
        while buf:
            if buf[0] & 0x7F != STX:  # between frames: up to the next STX is not news
                start = next((i for i, b in enumerate(buf) if b & 0x7F == STX), len(buf))
                self._junk.extend(b for b in buf[:start] if b not in _SKIP)
                buf = buf[start:]
                continue
            self._drop_junk()
            for i in range(1, len(buf)):
                low = buf[i] & 0x7F
                if low == STX:
                    warn_ignored("ALOHA frame cut short by a new STX", buf[:i])
                    buf = buf[i:]
                    break
                if low == ETX:
                    self._buf = buf[i + 1:]
                    return buf[:i + 1]
                if i >= _MAX_FRAME:
                    warn_ignored("ALOHA frame without ETX", buf[:i + 1])
                    self.replies.append(NAK)
                    buf = buf[i + 1:]
                    break
            else:  # a frame has begun: wait for its ETX
                self._buf = buf
                return None
        self._buf = b""
        return None

    def flush(self, now: float = math.inf) -> list[CallEvent]:
        """A frame is complete only at ETX; at end of input a partial one is reported, dropped."""
        if now == math.inf and self._buf:
            warn_ignored("ALOHA frame without ETX at end of input", self._buf)
            self._buf = b""
        self._drop_junk()
        return []

    def _drop_junk(self) -> None:
        if self._junk:
            warn_ignored("bytes outside an ALOHA frame", bytes(self._junk))
            self._junk.clear()

    def _record(self, frame: bytes, now: float) -> list[CallEvent]:
        if any(b & 0x80 for b in frame) and not all(_even(b) for b in frame):
            warn_ignored("ALOHA frame with a parity error", frame)
            self.replies.append(NAK)
            return []
        text = bytes(b & 0x7F for b in frame[1:-1]).decode("ascii").strip()
        m = _FRAME.fullmatch(text)
        number, reason = parse_number(m.group("nr")) if m else (None, None)
        if m is None or not (number or reason) or not m.group("nr").strip().isalnum():
            warn_ignored("malformed ALOHA frame", frame)
            self.replies.append(NAK)
            return []
        self.replies.append(ACK)
        if self._is_repeat((text,), now):  # resent because our ACK was lost
            return []
        return [make_event(self.source, number, None, reason, None, text)]
