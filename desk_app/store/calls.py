"""The call log (着信履歴) and the unanswered-calls list (不在着信一覧).

Every call is written when it rings, before anyone touches it, so that a call nobody
answered still shows up for a call-back. The outcome is the call's life as the desk sees
it: "ringing" while the pop-up is up and nobody took it, "answered" once a clerk acted on it
(F8, a click into it, an order, the card, a note), "missed" when it ended unanswered (the
pop-up closed without action, the caller hung up), then "note" / "order" for what came of
it. It only ever moves up: a later, weaker event (the pop-up being dismissed, a SIP CANCEL
arriving late) never erases what the clerk did; "missed" is set only on a ringing call.

A missed call waits for a call-back until it is marked 折り返し済み or the same number
called again and was answered (:func:`missed_calls`).

Call-log records that never rang at this desk (an NCID server's replayed log, the calls it
hung up on or blocked) are written with the outcome their source gave them and keep it: they
are history, never a pop-up to follow up and never "missed". Replays repeat at every
reconnect, so :func:`already_logged` lets the desk skip what it has already recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, literal, select, update
from sqlalchemy.orm import Session, aliased

from desk_app.domain.call_event import CallEvent, LogKind
from desk_app.domain.clock import JST, now_utc
from desk_app.domain.phone import display_form
from desk_app.store.models import Call, Customer, Operator, Phone

RINGING, ANSWERED = "ringing", "answered"
NOTE, ORDER, MISSED = "note", "order", "missed"
ANSWERED_ELSEWHERE, INTERNAL = "answered_elsewhere", "internal"
LOG, HANGUP, BLOCKED = LogKind.HISTORY.value, LogKind.HANGUP.value, LogKind.BLOCKED.value
OUTGOING, ENDED = LogKind.OUTGOING.value, LogKind.ENDED.value
LOG_OUTCOMES = (LOG, HANGUP, BLOCKED, OUTGOING, ENDED)
OUTCOMES = (RINGING, ANSWERED, NOTE, ORDER, MISSED, ANSWERED_ELSEWHERE, INTERNAL) + LOG_OUTCOMES
# a clerk took the call: it settles an earlier missed call from the same number
TAKEN = (ANSWERED, NOTE, ORDER)
# Higher wins; INTERNAL and the call-log records are fixed at logging time.
_FIXED = frozenset((INTERNAL, *LOG_OUTCOMES))
_RANK = ({MISSED: 0, RINGING: 1, ANSWERED_ELSEWHERE: 1, ANSWERED: 2, NOTE: 3, ORDER: 4}
         | dict.fromkeys(_FIXED, 9))
# a ring nobody touched for this long is over (the desk that showed it was closed or
# crashed before its pop-up could say so): see close_stale_rings
STALE_RING = timedelta(minutes=10)
# Call-log records carry their time to the minute (NCID's TIME is hhmm).
_LOG_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class CallEntry:
    """One row of the call log as screens show it."""

    id: int
    received_at: datetime  # UTC, aware
    line: str | None
    number: str | None
    number_display: str
    withheld: str | None
    customer_id: int | None
    customer_name: str | None
    operator: str | None
    outcome: str
    callback_done: bool
    source: str = ""
    # the same number called again later and a clerk took that call (missed calls only)
    answered_later: bool = False
    # customers who have the number, when the call is no one customer's (a family's shared
    # number before a clerk chose who called: 2 or more)
    owners: int = 0

    @property
    def settled(self) -> bool:
        """A missed call needs no call-back any more: called back, or answered later."""
        return self.callback_done or self.answered_later


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def log_call(session: Session, event: CallEvent, customer_id: int | None,
             operator_id: int | None) -> int:
    """Insert the call as it rings (or a call-log record, with its own outcome); returns its
    id (shown nowhere, used for outcomes)."""
    if event.log_kind is not None:
        outcome = event.log_kind.value
    else:
        outcome = INTERNAL if event.is_internal else RINGING
    call = Call(received_at=_utc(event.received_at).astimezone(UTC),
                source=event.source[:20], line=event.line, raw=event.raw or None,
                number=event.number, withheld=event.withheld.value if event.withheld else None,
                customer_id=customer_id, operator_id=operator_id,
                outcome=outcome)
    session.add(call)
    session.flush()
    return call.id


def already_logged(session: Session, event: CallEvent) -> bool:
    """Is this call-log record's call already in the log (same source and number, within the
    record's minute)?

    The minute, not the exact instant, because the record only knows hhmm: an earlier replay
    of it matches exactly, and the row this desk wrote when the same call rang live (seconds
    into that minute) matches too, so a call the clerk saw is not listed twice.
    """
    start = _utc(event.received_at).astimezone(UTC)
    stmt = select(Call.id).where(Call.source == event.source[:20],
                                 Call.received_at >= start,
                                 Call.received_at < start + _LOG_PRECISION)
    stmt = stmt.where(Call.number.is_(None) if event.number is None
                      else Call.number == event.number)
    return session.scalar(stmt.limit(1)) is not None


def set_outcome(session: Session, call_id: int, outcome: str, *,
                operator_id: int | None = None, customer_id: int | None = None) -> str:
    """Raise the outcome to *outcome* unless it already says more; returns the result.

    "missed" replaces only "ringing". A customer chosen later (the family chooser, a new
    registration) is recorded when the call had none.
    """
    if outcome not in _RANK:
        raise ValueError(f"unknown outcome {outcome!r}")
    call = session.get(Call, call_id)
    if call is None:
        raise LookupError(f"no call {call_id}")
    current = call.outcome
    if outcome == MISSED:
        if current == RINGING:
            call.outcome = MISSED
    elif _RANK[outcome] > _RANK.get(current, 0) and current not in _FIXED:
        call.outcome = outcome
    if operator_id is not None and outcome in TAKEN:
        call.operator_id = operator_id
    if customer_id is not None and call.customer_id is None:
        call.customer_id = customer_id
    return call.outcome


def _entries(session: Session, stmt) -> list[CallEntry]:
    rows = session.execute(stmt).all()
    owners = _owners(session, {c.number for c, *_ in rows if c.customer_id is None and c.number})
    return [CallEntry(
        id=c.id, received_at=_utc(c.received_at), line=c.line, number=c.number,
        number_display=display_form(c.number) if c.number else "", withheld=c.withheld,
        customer_id=c.customer_id, customer_name=name, operator=op, outcome=c.outcome,
        callback_done=c.callback_done_at is not None, source=c.source,
        answered_later=bool(later),
        owners=owners.get(c.number, 0) if c.customer_id is None and c.number else 0)
        for c, name, op, later in rows]


def _owners(session: Session, numbers: set[str]) -> dict[str, int]:
    """How many customers have each of *numbers* (a family's shared home number: several;
    the call is not one customer's until a clerk chooses)."""
    if not numbers:
        return {}
    return dict(session.execute(
        select(Phone.national, func.count(func.distinct(Phone.customer_id)))
        .where(Phone.national.in_(numbers)).group_by(Phone.national)).all())


def _answered_later():
    """A later call from the same number that a clerk took (correlated on the outer row)."""
    later = aliased(Call)
    return (select(later.id)
            .where(later.number == Call.number, later.received_at > Call.received_at,
                   later.outcome.in_(TAKEN))
            .exists())


def _base(answered_later: ColumnElement[bool] | None = None):
    """Calls with their customer's and operator's names and *answered_later* (an
    :func:`_answered_later` condition, or false for every row)."""
    later = (literal(False) if answered_later is None else answered_later).label("later")
    return (select(Call, Customer.name, Operator.name, later)
            .outerjoin(Customer, Customer.id == Call.customer_id)
            .outerjoin(Operator, Operator.id == Call.operator_id))


def day_range_utc(day: date) -> tuple[datetime, datetime]:
    """A Japan-time day as a UTC half-open range (the store keeps UTC)."""
    start = datetime.combine(day, time(0), JST).astimezone(UTC)
    return start, start + timedelta(days=1)


def call_log(session: Session, day: date | None = None, operator_id: int | None = None,
             limit: int = 500) -> list[CallEntry]:
    """Newest first; *day* is a Japan-time day, *operator_id* who handled it."""
    stmt = _base()
    if day is not None:
        start, end = day_range_utc(day)
        stmt = stmt.where(Call.received_at >= start, Call.received_at < end)
    if operator_id is not None:
        stmt = stmt.where(Call.operator_id == operator_id)
    return _entries(session, stmt.order_by(Call.received_at.desc(), Call.id.desc()).limit(limit))


def recent_calls(session: Session, limit: int = 30) -> list[CallEntry]:
    return call_log(session, limit=limit)


def missed_calls(session: Session, include_done: bool = False,
                 limit: int = 200) -> list[CallEntry]:
    """Unanswered calls waiting for a call-back (withheld ones cannot be called back).

    A missed call is done when it is marked 折り返し済み, or when the same number called
    again later and a clerk took that call (the caller reached the desk after all);
    *include_done* lists the done ones too, with :attr:`CallEntry.settled` saying so.
    """
    later = _answered_later()
    if include_done:
        stmt = _base(later)
    else:  # none of the listed ones was answered later: the subquery only filters
        stmt = _base().where(Call.callback_done_at.is_(None), ~later)
    stmt = stmt.where(Call.outcome == MISSED, Call.number.is_not(None))
    return _entries(session, stmt.order_by(Call.received_at.desc(), Call.id.desc()).limit(limit))


def mark_callback_done(session: Session, call_id: int, done: bool = True,
                       operator_id: int | None = None) -> None:
    call = session.get(Call, call_id)
    if call is None:
        raise LookupError(f"no call {call_id}")
    call.callback_done_at = now_utc() if done else None
    if done and operator_id is not None and call.operator_id is None:
        call.operator_id = operator_id


def close_stale_rings(session: Session, now: datetime | None = None,
                      older_than: timedelta = STALE_RING) -> list[int]:
    """Rings still "ringing" long after they started become "missed"; returns their ids.

    A pop-up says "missed" when it closes unanswered; a desk that was killed never did, and
    its calls would stay ringing for ever (and never reach the call-back list).
    """
    cutoff = (now or now_utc()) - older_than
    # the outcome as a literal, as the partial index ix_calls_ringing names it: the few
    # calls still ringing, not the whole call history (the desk's start waits on this)
    ringing = Call.outcome == literal(RINGING, literal_execute=True)
    ids = list(session.scalars(select(Call.id).where(ringing, Call.received_at < cutoff)))
    if ids:
        session.execute(update(Call).where(Call.id.in_(ids)).values(outcome=MISSED))
    return ids


def get_call(session: Session, call_id: int) -> CallEntry | None:
    found = _entries(session, _base().where(Call.id == call_id))
    return found[0] if found else None
