"""INVITE server transactions: what we answered, which calls are ringing, when to forget.

UDP loses and repeats packets, so a router retransmits an INVITE until it hears 100/180, and
we retransmit a 487 until the router ACKs it (RFC 3261 §17.2.1). Remembering the last response per
transaction lets a retransmission get the same answer and never a second pop-up. The table is
capped and every entry expires, because a scanner or a lost CANCEL must not make it grow.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass

from desk_app.callerid.sip.message import SipMessage
from desk_app.callerid.sip.uri import parse_name_addr
from desk_app.domain.call_event import CallEvent

T1 = 0.5  # RFC 3261 timer values, seconds
T2 = 4.0
TIMER_H = 64 * T1  # give up waiting for the ACK of a 487
TIMER_I = 5.0  # absorb ACK retransmissions after the ACK
TransactionKey = tuple[object, ...]  # what transaction_key() returns: hashable, compared whole


def transaction_key(msg: SipMessage) -> TransactionKey:
    """The key shared by an INVITE, its retransmissions, its CANCEL and its non-2xx ACK.

    RFC 3261 branches (``z9hG4bK…``) are unique per transaction; RFC 2543 peers (old routers)
    are matched on Call-ID, From tag, CSeq number and top Via instead (§17.2.3). Raises
    ParseError when the mandatory headers are missing.
    """
    via = msg.top_via
    number, _ = msg.cseq
    sent_by = (via.host.lower(), via.port or 5060)
    if via.branch.startswith("z9hG4bK"):
        return ("3261", via.branch, *sent_by)
    from_tag = parse_name_addr(msg.get("From") or "").params.get("tag", "")
    return ("2543", msg.call_id, from_tag, number, via.branch, *sent_by)


class TagMaker:
    """To-tags derived from the transaction key: answering a retransmission statelessly
    (OPTIONS, 405, 486) still gives the same tag, so non-INVITE requests need no state."""

    def __init__(self) -> None:
        self._salt = secrets.token_bytes(16)

    def __call__(self, key: TransactionKey) -> str:
        return hashlib.blake2s(repr(key).encode(), key=self._salt, digest_size=6).hexdigest()


class Phase(enum.Enum):
    RINGING = "ringing"  # 180 sent, waiting for CANCEL
    COMPLETED = "completed"  # 487 sent, retransmitting it until the ACK
    CONFIRMED = "confirmed"  # ACK received; kept briefly to absorb repeats


@dataclass(slots=True, eq=False)
class InviteTransaction:
    key: TransactionKey
    request: SipMessage
    dest: tuple[str, int]  # where responses go
    source: tuple[str, int]  # where the INVITE came from (for Via received=/rport=)
    to_tag: str
    event: CallEvent  # the call's pop-up event (shared by every transaction of one Call-ID)
    response: bytes  # last response, resent on retransmission
    deadline: float
    phase: Phase = Phase.RINGING
    reliable: bool = False  # TCP: no retransmissions of our own
    retransmit_at: float | None = None
    interval: float = T1

    @property
    def call_id(self) -> str:
        return self.request.call_id


class CallTable:
    """Transactions by key. At most *max_calls* ring at once; finished ones (kept for up to
    32 s to answer retransmissions) are bounded too, the oldest making room for new calls."""

    def __init__(self, *, max_calls: int = 32, ring_timeout: float = 180.0) -> None:
        self.max_calls = max_calls
        self.max_entries = max_calls * 4
        self.ring_timeout = ring_timeout
        self._by_key: dict[TransactionKey, InviteTransaction] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: TransactionKey) -> InviteTransaction | None:
        return self._by_key.get(key)

    def ringing(self, call_id: str) -> list[InviteTransaction]:
        return [tx for tx in self._by_key.values()
                if tx.phase is Phase.RINGING and tx.call_id == call_id]

    def add(self, tx: InviteTransaction) -> bool:
        """Store a new ringing transaction; False when too many ring already (answer 486)."""
        ringing = sum(1 for t in self._by_key.values() if t.phase is Phase.RINGING)
        if ringing >= self.max_calls:
            return False
        if len(self._by_key) >= self.max_entries:  # forget the oldest finished transaction
            oldest = next(t for t in self._by_key.values() if t.phase is not Phase.RINGING)
            del self._by_key[oldest.key]
        self._by_key[tx.key] = tx
        return True

    def complete(self, tx: InviteTransaction, response: bytes, now: float) -> None:
        """A final response (487) was sent: retransmit it (UDP) until ACK or timer H."""
        tx.phase = Phase.COMPLETED
        tx.response = response
        tx.deadline = now + TIMER_H
        tx.retransmit_at = None if tx.reliable else now + T1
        tx.interval = T1

    def confirm(self, tx: InviteTransaction, now: float) -> None:
        tx.phase = Phase.CONFIRMED
        tx.retransmit_at = None
        tx.deadline = min(tx.deadline, now + TIMER_I)

    def tick(self, now: float) -> tuple[list[InviteTransaction], list[InviteTransaction]]:
        """Return (responses due for retransmission, ringing calls that timed out)."""
        resend: list[InviteTransaction] = []
        expired: list[InviteTransaction] = []
        for tx in list(self._by_key.values()):
            if tx.deadline <= now:
                del self._by_key[tx.key]
                if tx.phase is Phase.RINGING:
                    expired.append(tx)
            elif tx.retransmit_at is not None and tx.retransmit_at <= now:
                resend.append(tx)
                tx.interval = min(tx.interval * 2, T2)
                tx.retransmit_at = now + tx.interval
        return resend, expired
