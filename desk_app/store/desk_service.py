"""The call desk without a screen: everything the pop-up and the main window ask the store.

The GUI runs these methods on its one background worker; the CLI, the tests and the
benchmark call them directly. Keeping the desk's logic here (which lookup a call uses, when
a call is logged, how outcomes change, what a registration checks) means the screens only
lay out read models and cannot drift from what the CLI reports.

A service owns one Session and must stay on the thread that created it. Every public method
is its own short transaction, so a reader never holds an old snapshot while another desk
writes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from desk_app.domain import postal
from desk_app.domain.call_event import CallEvent, CallState
from desk_app.domain.clock import today_local
from desk_app.domain.customer import CustomerCard, CustomerSummary, NoteView
from desk_app.store import calls, customers, notes
from desk_app.store.caller_lookup import CallerLookup, lookup_device_number
from desk_app.store.db import Store
from desk_app.store.models import Operator

POPUP_ORDERS = 5
CARD_ORDERS = 50
CARD_NOTES = 100


@dataclass(frozen=True)
class OperatorView:
    id: int
    name: str


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


@dataclass(frozen=True)
class RegisterResult:
    card: CustomerCard | None
    duplicates: tuple[CustomerSummary, ...] = ()


def _only_customer(session, event: CallEvent) -> int | None:
    """The one customer owning the event's number (no card is loaded: a replay may be long)."""
    if event.withheld is not None or not event.number or event.is_internal:
        return None
    ids = customers.phone_customer_ids(session, event.number)
    return ids[0] if len(ids) == 1 else None


class DeskService:
    def __init__(self, store: Store, *, operator_id: int | None = None,
                 today: Callable[[], date] = today_local) -> None:
        self.store = store
        self.session = store.new_session()
        self.operator_id = operator_id
        self.today = today
        self._by_source_call: dict[str, int] = {}  # CallEvent.call_id → calls.id

    def close(self) -> None:
        self.session.close()

    @contextmanager
    def _tx(self):
        try:
            yield self.session
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise

    # -- calls ---------------------------------------------------------------------------
    def handle_event(self, event: CallEvent) -> PopupData | CallUpdate:
        """A ringing call is looked up and logged; a later state updates the same call."""
        known = self._by_source_call.get(event.call_id) if event.call_id else None
        if known is not None:
            with self._tx() as s:
                if event.state == CallState.CANCELLED:
                    outcome = calls.set_outcome(s, known, calls.MISSED)
                else:
                    entry = calls.get_call(s, known)
                    assert entry is not None  # logged when it rang, never deleted
                    outcome = entry.outcome
            return CallUpdate(event, known, event.state, outcome)
        with self._tx() as s:
            if event.is_internal:
                lookup = CallerLookup(None, None)
            else:
                lookup = lookup_device_number(s, event.number, self.today(), event.withheld)
            customer_id = lookup.card.summary.customer_id if lookup.card else None
            call_id = calls.log_call(s, event, customer_id, self.operator_id)
            if event.state == CallState.CANCELLED:
                calls.set_outcome(s, call_id, calls.MISSED)
        if event.call_id:
            self._by_source_call[event.call_id] = call_id
        return PopupData(event, call_id, lookup)

    def record_log(self, events: list[CallEvent]) -> int:
        """Write call-log records (replayed or finished calls) the log does not have yet;
        returns how many were new.

        One transaction for a whole replay, and idempotent: the server replays the same log at
        every reconnect. Nobody handled these calls, so no operator; the customer is filled in
        when the number belongs to exactly one, so the log shows who called.
        """
        added = 0
        with self._tx() as s:
            for event in events:
                if event.log_kind is None:
                    raise ValueError("record_log takes call-log records only")
                if calls.already_logged(s, event):
                    continue
                calls.log_call(s, event, _only_customer(s, event), None)
                added += 1
        return added

    def set_outcome(self, call_id: int, outcome: str, customer_id: int | None = None) -> str:
        with self._tx() as s:
            return calls.set_outcome(s, call_id, outcome, operator_id=self.operator_id,
                                     customer_id=customer_id)

    def choose_customer(self, call_id: int | None, customer_id: int) -> CustomerCard | None:
        """The clerk picked one of several matches: load the card, remember it on the call."""
        with self._tx() as s:
            if call_id is not None:
                calls.set_outcome(s, call_id, calls.POPUP, customer_id=customer_id)
            return customers.card(s, customer_id, self.today(), n_orders=POPUP_ORDERS)

    def call_log(self, day: date | None = None, operator_id: int | None = None,
                 limit: int = 500) -> list[calls.CallEntry]:
        with self._tx() as s:
            return calls.call_log(s, day, operator_id, limit)

    def recent_calls(self, limit: int = 30) -> list[calls.CallEntry]:
        with self._tx() as s:
            return calls.recent_calls(s, limit)

    def missed_calls(self, include_done: bool = False) -> list[calls.CallEntry]:
        with self._tx() as s:
            return calls.missed_calls(s, include_done)

    def mark_callback_done(self, call_id: int, done: bool = True) -> None:
        with self._tx() as s:
            calls.mark_callback_done(s, call_id, done, self.operator_id)

    # -- customers -------------------------------------------------------------------------
    def search(self, text: str, limit: int = customers.SEARCH_LIMIT) -> list[CustomerSummary]:
        with self._tx() as s:
            return customers.search(s, text, self.today(), limit)

    def card(self, customer_id: int, n_orders: int = CARD_ORDERS,
             n_notes: int = CARD_NOTES) -> CustomerCard | None:
        with self._tx() as s:
            return customers.card(s, customer_id, self.today(), n_orders=n_orders,
                                  n_notes=n_notes)

    def duplicates(self, name: str, kana: str, phones: list[str]) -> list[CustomerSummary]:
        with self._tx() as s:
            return customers.summaries(s, customers.duplicates(s, name, kana, phones),
                                       self.today())

    def register_customer(self, data: customers.NewCustomer, *, call_id: int | None = None,
                          force: bool = False) -> RegisterResult:
        """重複チェック first; with *force* the clerk confirmed it is a different person."""
        with self._tx() as s:
            if not force:
                dup_ids = customers.duplicates(s, data.name, data.kana,
                                               [text for _kind, text in data.phones])
                if dup_ids:
                    return RegisterResult(None, tuple(customers.summaries(s, dup_ids,
                                                                          self.today())))
            customer = customers.create_customer(s, data)
            # notes kept against the caller's number before they were a customer
            notes.attach_number_notes(s, customer.id, [text for _kind, text in data.phones])
            if call_id is not None:
                calls.set_outcome(s, call_id, calls.POPUP, customer_id=customer.id)
            s.flush()
            new_id = customer.id
        return RegisterResult(self.card(new_id, n_orders=POPUP_ORDERS))

    def postal_lookup(self, code: str) -> list[postal.PostalAddress]:
        return postal.lookup(code)

    # -- notes -------------------------------------------------------------------------
    def add_note(self, customer_id: int, body: str, category: str = "other", *,
                 needs_follow_up: bool = False, call_id: int | None = None,
                 nps: int | None = None) -> NoteView:
        with self._tx() as s:
            note = notes.add_note(s, customer_id, body, category,
                                  needs_follow_up=needs_follow_up,
                                  operator_id=self.operator_id, call_id=call_id, nps=nps)
            if call_id is not None:
                calls.set_outcome(s, call_id, calls.NOTE, operator_id=self.operator_id,
                                  customer_id=customer_id)
            return note

    def set_note_done(self, note_id: int, done: bool = True) -> None:
        with self._tx() as s:
            notes.set_done(s, note_id, done, self.operator_id)

    def customer_notes(self, customer_id: int, limit: int = CARD_NOTES) -> list[NoteView]:
        with self._tx() as s:
            return notes.customer_notes(s, customer_id, limit)

    def voices(self, since: datetime | None = None, until: datetime | None = None,
               categories: tuple[str, ...] = notes.VOICE_CATEGORIES) -> list[notes.VoiceEntry]:
        with self._tx() as s:
            return notes.voices(s, since, until, categories)

    # -- operators ---------------------------------------------------------------------
    def operators(self) -> list[OperatorView]:
        with self._tx() as s:
            return [OperatorView(o.id, o.name) for o in s.scalars(
                select(Operator).where(Operator.active.is_(True)).order_by(Operator.id))]

    def add_operator(self, name: str) -> OperatorView:
        name = name.strip()
        if not name:
            raise ValueError("担当者名が空です (empty operator name)")
        with self._tx() as s:
            found = s.scalar(select(Operator).where(Operator.name == name))
            if found is None:
                found = Operator(name=name, active=True)
                s.add(found)
                s.flush()
            found.active = True
            return OperatorView(found.id, found.name)
