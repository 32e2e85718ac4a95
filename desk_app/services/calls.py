"""The call desk's calls: a ring looked up and logged, later states of the same call,
call-log records replayed by a server, outcomes, the call log and the missed calls.

A call is written when it rings, before anyone touches it, so a call nobody answered still
shows up for a call-back. :class:`CallDesk` remembers which call row each source call
(a SIP dialog, a device's call id) was logged under, so a CANCEL or a repeated ring updates
that row instead of logging a second call; a desk keeps one for its whole life.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desk_app.domain.call_event import CallEvent, CallState
from desk_app.domain.customer import CustomerCard
from desk_app.domain.phone import PhoneNumber
from desk_app.services.base import Changes, Result, ServiceContext, missing_as
from desk_app.services.rfm import screen_settings
from desk_app.store import calls, customers
from desk_app.store.caller_lookup import (
    CallerLookup,
    lookup_device_number,
    lookup_number,
    parse_query_number,
)
from desk_app.store.calls import (
    ANSWERED,
    LOG_OUTCOMES,
    MISSED,
    NOTE,
    ORDER,
    OUTCOMES,
    RINGING,
    CallEntry,
)

__all__ = ["ANSWERED", "LOG_OUTCOMES", "MISSED", "NOTE", "ORDER", "OUTCOMES", "POPUP_ORDERS",
           "RINGING", "CallDesk", "CallEntry", "CallUpdate", "CallerLookup", "PopupData",
           "call_log", "choose_customer", "close_stale_rings", "lookup",
           "mark_callback_done", "missed_calls", "recent_calls", "record_log", "set_outcome"]

POPUP_ORDERS = 5  # orders a pop-up's card shows
_REMEMBERED_CALLS = 2000  # source calls a desk remembers (a day of rings at a busy desk)


@dataclass(frozen=True)
class PopupData:
    """What a ringing call shows: the shared lookup plus the id the call was logged under."""

    event: CallEvent
    call_id: int
    lookup: CallerLookup

    @property
    def kind(self) -> str:
        """withheld / nodata / unknown / several / known — the pop-up's faces."""
        if self.lookup.withheld is not None:
            return "withheld"
        if self.lookup.number is None:
            return "nodata"  # a ring without number or reason: search, like withheld
        if not self.lookup.matches:
            return "unknown"
        return "known" if self.lookup.card is not None else "several"


@dataclass(frozen=True)
class CallUpdate:
    """A later state of a call already on screen (SIP CANCEL/BYE, a repeated ring)."""

    event: CallEvent
    call_id: int
    state: CallState
    outcome: str


class CallDesk:
    """One desk's calls: remembers the call row of each source call it logged.

    Thread-safe; the map is bounded (the oldest calls are forgotten first), and a call it
    no longer remembers is simply logged again as a new ring.
    """

    def __init__(self) -> None:
        self._by_source_call: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def known_call(self, source_call_id: str | None) -> int | None:
        if not source_call_id:
            return None
        with self._lock:
            return self._by_source_call.get(source_call_id)

    def _remember(self, source_call_id: str, call_id: int) -> None:
        with self._lock:
            self._by_source_call[source_call_id] = call_id
            while len(self._by_source_call) > _REMEMBERED_CALLS:
                self._by_source_call.popitem(last=False)

    def handle_event(self, ctx: ServiceContext,
                     event: CallEvent) -> Result[PopupData | CallUpdate]:
        """A ringing call is looked up and logged; a later state updates the same call."""
        known = self.known_call(event.call_id)
        if known is not None:
            with ctx.transaction() as s:
                if event.state == CallState.CANCELLED:
                    outcome = calls.set_outcome(s, known, calls.MISSED)
                else:
                    entry = calls.get_call(s, known)
                    outcome = entry.outcome if entry is not None else calls.RINGING
            return Result(CallUpdate(event, known, event.state, outcome),
                          Changes.of(calls=[known]))
        with ctx.transaction() as s:
            if event.is_internal:
                found = CallerLookup(None, None)
            else:
                found = lookup_device_number(s, event.number, ctx.today(), event.withheld,
                                             settings=screen_settings(ctx, s, ctx.today()))
            customer_id = found.card.summary.customer_id if found.card else None
            call_id = calls.log_call(s, event, customer_id, ctx.operator_id)
            if event.state == CallState.CANCELLED:
                calls.set_outcome(s, call_id, calls.MISSED)
        if event.call_id:
            self._remember(event.call_id, call_id)
        return Result(PopupData(event, call_id, found), Changes.of(calls=[call_id]))


def lookup(ctx: ServiceContext, number: str | PhoneNumber) -> CallerLookup:
    """Who is calling from *number* (what `desk-app lookup` prints, the pop-up's data);
    a text that is not a phone number raises ``PhoneNumberError``."""
    parsed = parse_query_number(number) if isinstance(number, str) else number
    with ctx.reading() as s:
        return lookup_number(s, parsed, ctx.today(),
                             settings=screen_settings(ctx, s, ctx.today()))


def _only_customer(session: Session, event: CallEvent) -> int | None:
    """The one customer owning the event's number (no card is loaded: a replay may be long)."""
    if event.withheld is not None or not event.number or event.is_internal:
        return None
    ids = customers.phone_customer_ids(session, event.number)
    return ids[0] if len(ids) == 1 else None


def record_log(ctx: ServiceContext, events: Iterable[CallEvent]) -> Result[int]:
    """Write call-log records (replayed or finished calls) the log does not have yet;
    the value is how many were new.

    One transaction for a whole replay, and idempotent: the server replays the same log at
    every reconnect. Nobody handled these calls, so no operator; the customer is filled in
    when the number belongs to exactly one, so the log shows who called.
    """
    added: list[int] = []
    with ctx.transaction() as s:
        for event in events:
            if event.log_kind is None:
                raise ValueError("record_log takes call-log records only")
            if calls.already_logged(s, event):
                continue
            added.append(calls.log_call(s, event, _only_customer(s, event), None))
    return Result(len(added), Changes.of(calls=added))


def set_outcome(ctx: ServiceContext, call_id: int, outcome: str,
                customer_id: int | None = None) -> Result[str]:
    """Raise a call's outcome (it only moves up); the value is the outcome it now has."""
    with ctx.transaction() as s, missing_as("call.not_found", "call", call=call_id):
        now = calls.set_outcome(s, call_id, outcome, operator_id=ctx.operator_id,
                                customer_id=customer_id)
    return Result(now, Changes.of(calls=[call_id], customers=[customer_id]))


def choose_customer(ctx: ServiceContext, call_id: int | None,
                    customer_id: int) -> Result[CustomerCard | None]:
    """The clerk picked one of several matches (so took the call): load the card, remember
    it on the call."""
    with ctx.transaction() as s:
        if call_id is not None:
            calls.set_outcome(s, call_id, calls.ANSWERED, operator_id=ctx.operator_id,
                              customer_id=customer_id)
        card = customers.card(s, customer_id, ctx.today(), n_orders=POPUP_ORDERS,
                              settings=screen_settings(ctx, s, ctx.today()))
    return Result(card, Changes.of(calls=[call_id]))


def call_log(ctx: ServiceContext, day: date | None = None, operator_id: int | None = None,
             limit: int = 500) -> list[CallEntry]:
    """Newest first; *day* is a Japan-time day, *operator_id* who handled it."""
    with ctx.reading() as s:
        return calls.call_log(s, day, operator_id, limit)


def recent_calls(ctx: ServiceContext, limit: int = 30) -> list[CallEntry]:
    with ctx.reading() as s:
        return calls.recent_calls(s, limit)


def missed_calls(ctx: ServiceContext, include_done: bool = False) -> list[CallEntry]:
    with ctx.reading() as s:
        return calls.missed_calls(s, include_done)


def close_stale_rings(ctx: ServiceContext) -> Result[int]:
    """Rings left "ringing" by a desk that was closed or crashed become "missed" (they
    reach the call-back list); the value is how many. The desk asks at its start and once
    more when the rings from before its start are over (``ui.app.keep_closing_stale_rings``)."""
    with ctx.transaction() as s:
        ids = calls.close_stale_rings(s)
    return Result(len(ids), Changes.of(calls=ids))


def mark_callback_done(ctx: ServiceContext, call_id: int, done: bool = True) -> Result[None]:
    """折り返し済み (or not yet, with *done* False), by the signed-in clerk."""
    with ctx.transaction() as s, missing_as("call.not_found", "call", call=call_id):
        calls.mark_callback_done(s, call_id, done, ctx.operator_id)
    return Result(None, Changes.of(calls=[call_id]))
