"""The UAS side: what the listener answers to each request, and when a pop-up is due.

INVITE → 100 Trying and 180 Ringing, never 200 (the desk must not take the call away from the
real phones); CANCEL → 200 and 487 for the INVITE; ACK absorbed; BYE/OPTIONS/NOTIFY → 200;
methods we know but do not do → 405; anything else → 501. A retransmission gets the answer
we gave before and never a second pop-up; an INVITE forked to us again under the same Call-ID
rings without popping up twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.callerid.sip.caller import call_event
from desk_app.callerid.sip.guard import is_scanner
from desk_app.callerid.sip.headers import ParseError
from desk_app.callerid.sip.message import SipMessage, build_response
from desk_app.callerid.sip.transactions import (
    CallTable,
    InviteTransaction,
    Phase,
    TagMaker,
    TransactionKey,
    transaction_key,
)
from desk_app.callerid.sip.uri import parse_name_addr
from desk_app.domain.call_event import CallEvent, CallState, utcnow

log = logging.getLogger(__name__)

Address = tuple[str, int]
Send = Callable[[bytes, Address], None]
ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY"
_NOT_ALLOWED = {"REGISTER", "SUBSCRIBE", "MESSAGE", "REFER", "PRACK", "UPDATE", "INFO", "PUBLISH"}


@dataclass(frozen=True, slots=True)
class Incoming:
    """One request and where it came from / where its answers go."""

    msg: SipMessage
    key: TransactionKey
    source: Address
    dest: Address  # RFC 3261 §18.2.2 / RFC 3581 response address
    send: Send
    reliable: bool
    now: float

    def reply(self, status: int, reason: str, to_tag: str, headers: tuple[tuple[str, str], ...] = ()) -> bytes:
        data = build_response(self.msg, status, reason, to_tag=to_tag, headers=headers,
                              received=self.source)
        self.send(data, self.dest)
        return data


class RequestServer:
    def __init__(self, calls: CallTable, stats: Counter[str], *, line: str,
                 contact: Callable[[], str],
                 deliver: Callable[[CallEvent, str | None], None]) -> None:
        self.calls = calls
        self.stats = stats
        self.line = line  # the extension: CallEvent.line
        self._contact = contact
        self._deliver = deliver  # (event, raw INVITE or None)
        self._tags = TagMaker()

    def handle(self, msg: SipMessage, source: Address, send: Send, reliable: bool,
               now: float) -> None:
        """Answer one request; ParseError when it lacks what an answer needs."""
        if is_scanner(msg):
            self.stats["drop_scanner"] += 1
            return
        key = transaction_key(msg)  # ParseError without Via/CSeq
        if not (msg.get("From") and msg.get("To") and msg.call_id):
            raise ParseError("request without From/To/Call-ID")
        via = msg.top_via
        dest = source if reliable or "rport" in via.params else (source[0], via.port or 5060)
        req = Incoming(msg, key, source, dest, send, reliable, now)
        tag = self._tags(key)
        method = msg.method
        if method == "INVITE":
            self._invite(req, tag)
        elif method == "CANCEL":
            self._cancel(req, tag)
        elif method == "ACK":
            tx = self.calls.get(key)
            if tx is not None and tx.phase is Phase.COMPLETED:
                self.calls.confirm(tx, now)
        elif method == "BYE":
            req.reply(200, "OK", tag)
            self._end(msg.call_id, send, now)
        elif method in ("OPTIONS", "NOTIFY"):
            req.reply(200, "OK", tag, (("Allow", ALLOW), ("Accept", "application/sdp")))
        elif method in _NOT_ALLOWED:
            req.reply(405, "Method Not Allowed", tag, (("Allow", ALLOW),))
        else:
            req.reply(501, "Not Implemented", tag, (("Allow", ALLOW),))

    def _invite(self, req: Incoming, tag: str) -> None:
        msg = req.msg
        tx = self.calls.get(req.key)
        if tx is not None:  # retransmission: same answer, no second pop-up
            self.stats["retransmission"] += 1
            req.send(tx.response, tx.dest)
            return
        if "tag" in _params(msg.get("To")):  # a re-INVITE: we never have dialogs
            req.reply(481, "Call/Transaction Does Not Exist", tag)
            return
        req.reply(100, "Trying", tag)
        same_call = self.calls.ringing(msg.call_id)
        event = same_call[0].event if same_call else call_event(
            msg, line=self.line, received_at=utcnow())
        ringing = build_response(msg, 180, "Ringing", to_tag=tag, received=req.source,
                                 headers=(("Contact", f"<{self._contact()}>"), ("Allow", ALLOW)))
        tx = InviteTransaction(req.key, msg, req.dest, req.source, tag, event, ringing,
                               deadline=req.now + self.calls.ring_timeout, reliable=req.reliable)
        if not self.calls.add(tx):
            self.stats["busy"] += 1
            req.reply(486, "Busy Here", tag)
            return
        req.send(ringing, req.dest)
        if same_call:
            self.stats["forked_invite"] += 1
            return
        self.stats["calls"] += 1
        log.info("sip: call from %s%s", event.number or event.withheld or "unknown",
                 " (internal)" if event.is_internal else "")
        log.debug("sip: INVITE from %s\n%s", req.source, event.raw)
        self._deliver(event, event.raw)

    def _cancel(self, req: Incoming, tag: str) -> None:
        tx = self.calls.get(req.key)
        if tx is None:
            req.reply(481, "Call/Transaction Does Not Exist", tag)
            return
        req.reply(200, "OK", tx.to_tag)  # RFC 3261 §9.2: same To tag as the INVITE's answers
        if tx.phase is Phase.RINGING:
            self._terminate(tx, req.send, req.now)
            if not self.calls.ringing(tx.call_id):
                self._deliver(tx.event.with_state(CallState.CANCELLED), None)

    def _terminate(self, tx: InviteTransaction, send: Send, now: float) -> None:
        final = build_response(tx.request, 487, "Request Terminated", to_tag=tx.to_tag,
                               received=tx.source)
        self.calls.complete(tx, final, now)
        send(final, tx.dest)

    def _end(self, call_id: str, send: Send, now: float) -> None:
        """BYE for a call that is still ringing (some PBXs hang up that way)."""
        ringing = self.calls.ringing(call_id)
        for tx in ringing:
            self._terminate(tx, send, now)
        if ringing:
            self._deliver(ringing[0].event.with_state(CallState.ENDED), None)

    def tick(self, now: float, send_udp: Send | None) -> None:
        """Retransmit 487s that were not ACKed yet; end calls that rang too long."""
        resend, expired = self.calls.tick(now)
        if send_udp is not None:
            for tx in resend:
                send_udp(tx.response, tx.dest)
        for tx in expired:
            if not self.calls.ringing(tx.call_id):
                self._deliver(tx.event.with_state(CallState.ENDED), None)


def _params(value: str | None) -> dict[str, str]:
    try:
        return parse_name_addr(value or "").params
    except ParseError:
        return {}
