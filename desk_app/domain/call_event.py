"""The one event every caller-ID source emits.

Serial modems, ナンバー・ディスプレイ adapters, NCID, Whozz Calling and the SIP user agent all
speak different wire formats; after parsing they all produce this frozen value, so the
pop-up, the call log and the CLI never care where a call came from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone


class Withheld(str, enum.Enum):
    """Why the network did not give a number (Japanese Number Display reason codes)."""

    PRIVATE = "private"  # P: 非通知 (caller dialled 184 or has it set permanently)
    UNAVAILABLE = "unavailable"  # O: 表示圏外 (international, some IP lines)
    PAYPHONE = "payphone"  # C: 公衆電話
    CONFLICT = "conflict"  # S: 表示圏外（サービス競合）
    ERROR = "error"  # E: 受信エラー

    @classmethod
    def from_code(cls, code: str) -> Withheld | None:
        """Map a device's reason code or word to a reason; None when it is not one."""
        return _REASON_WORDS.get(code.strip().upper().replace(" ", "").replace("_", "-"))


_REASON_WORDS: dict[str, Withheld] = {
    "P": Withheld.PRIVATE,
    "PRIVATE": Withheld.PRIVATE,
    "ANONYMOUS": Withheld.PRIVATE,
    "RESTRICTED": Withheld.PRIVATE,
    "WITHHELD": Withheld.PRIVATE,
    "184": Withheld.PRIVATE,
    "非通知": Withheld.PRIVATE,
    "O": Withheld.UNAVAILABLE,
    "OUT-OF-AREA": Withheld.UNAVAILABLE,
    "OUTOFAREA": Withheld.UNAVAILABLE,
    "UNAVAILABLE": Withheld.UNAVAILABLE,
    "表示圏外": Withheld.UNAVAILABLE,
    "C": Withheld.PAYPHONE,
    "公衆電話": Withheld.PAYPHONE,
    "S": Withheld.CONFLICT,
    "E": Withheld.ERROR,
    "受信エラー": Withheld.ERROR,
}


class CallState(str, enum.Enum):
    """Where the call stands; serial sources only ever report RINGING."""

    RINGING = "ringing"
    CANCELLED = "cancelled"  # caller hung up or another phone answered (SIP CANCEL)
    ENDED = "ended"


class LogKind(str, enum.Enum):
    """What a call-log record says happened; the desk records it, never pops it up.

    Some sources also report calls that are not ringing now: an NCID server replays its call
    log at every connect and reports calls it hung up on, blocked, placed or finished. Their
    values are the call log's outcomes.
    """

    HISTORY = "log"  # a replayed incoming call (the server's own call log)
    HANGUP = "hangup"  # the server hung up on the caller (its blacklist)
    BLOCKED = "blocked"  # the line or modem refused the call
    OUTGOING = "outgoing"  # a call placed from this line
    ENDED = "ended"  # the end-of-call record of a call


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class CallEvent:
    """One incoming call as a source saw it.

    ``number`` holds digits exactly as the device gave them (no normalisation: that is the
    store's job, because a device may drop or add a trunk prefix). ``raw`` keeps the text the
    event was parsed from so that support can see what the hardware actually sent.
    """

    source: str
    number: str | None = None
    name: str | None = None
    withheld: Withheld | None = None
    line: str | None = None
    raw: str = ""
    received_at: datetime = field(default_factory=utcnow)
    state: CallState = CallState.RINGING
    call_id: str | None = None  # correlates SIP state changes of one call
    log_kind: LogKind | None = None  # set on call-log records, which never pop up

    def with_state(self, state: CallState) -> CallEvent:
        return replace(self, state=state)

    @property
    def is_internal(self) -> bool:
        """Router-internal extension calls (内線 1–2 digits) are logged, never popped as customers."""
        return self.number is not None and len(self.number) <= 2

    def to_json_dict(self, *, with_time: bool = False) -> dict[str, str | None]:
        """The CLI contract: {number, name, withheld, line, raw} (+ received_at, state)."""
        out: dict[str, str | None] = {
            "number": self.number,
            "name": self.name,
            "withheld": self.withheld.value if self.withheld else None,
            "line": self.line,
            "raw": self.raw,
        }
        if with_time:
            out["received_at"] = self.received_at.isoformat()
            out["state"] = self.state.value
        return out


WITHHELD_LABELS_JA: dict[Withheld, str] = {
    Withheld.PRIVATE: "非通知",
    Withheld.UNAVAILABLE: "表示圏外",
    Withheld.PAYPHONE: "公衆電話",
    Withheld.CONFLICT: "表示圏外（サービス競合）",
    Withheld.ERROR: "受信エラー",
}
