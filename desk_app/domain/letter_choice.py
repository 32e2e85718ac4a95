"""Today's list from the store's hits: the fast path of :mod:`desk_app.domain.letters`.

The store (``store.letters.today``) does not read whole histories: for each rule it asks only
for the trigger dates whose letter is due today (:func:`live_windows`) and returns plain
:data:`Hit` tuples. :func:`choose` applies steps 3–6 of ``domain.letters``' derivation (window,
printed, one a day by priority, DM, address) to those, building :class:`~desk_app.domain.letters.Due`
objects only for what is listed or waits. The outcome equals
:func:`~desk_app.domain.letters.due_for_customer` over full histories
(tests/letters/test_fast_path_hypothesis.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from desk_app.domain.calendar import DEFAULT_CALENDAR, BusinessCalendar
from desk_app.domain.letters import (
    EVENT_OF,
    POSTAL_CHANNELS,
    CustomerDue,
    Due,
    OrderFact,
    Rule,
    StageFn,
    due_date,
    last_day,
    matches_segment,
    orders_upto,
    segment_events,
    trigger_range,
)

# What the store found for one rule and one customer, as plain values: (rule index in the
# rule set, customer id, trigger date, ident, tie, args). *args* rebuild the event with
# ``EVENT_OF[rule.trigger](rule, *args, day)`` — only for the letters chosen; *tie* orders
# two letters with the same key (one order holding a product twice: the first line wins).
Hit = tuple[int, int, date, str, int, tuple[Any, ...]]
Window = tuple[date, date]  # (due date, last day of the window)


def live_windows(rule: Rule, day: date, calendar: BusinessCalendar = DEFAULT_CALENDAR
                 ) -> dict[date, Window]:
    """Every trigger date whose letter is due on *day* (due date ≤ *day* ≤ its window's
    last day), with that due date and last day. Due dates never go back as the trigger
    moves on, so these dates are one unbroken run: the store asks for exactly
    ``min()..max()`` of them, and no letter outside it can be due."""
    out = {}
    lo, hi = trigger_range(rule, day, calendar)
    t = lo
    while t <= hi:
        due = due_date(rule, t, calendar)
        last = last_day(rule, due, calendar)
        if due <= day <= last:
            out[t] = (due, last)
        t += timedelta(days=1)
    return out


class Reach(NamedTuple):
    """What the choice reads about a customer besides the hits: DM wanted, a usable
    address (letters, postcards), a phone (the call list) and the order count on the day
    (``max_orders``). A named tuple: the list makes one for each of some 70,000 customers
    at a million."""

    dm_allowed: bool
    has_address: bool
    has_phone: bool
    orders_count: int


# One candidate letter as the choice sorts it: (priority, due date, letter key, tie, rule
# index, hit). :func:`due_of` builds its :class:`Due`.
Entry = tuple[int, date, str, int, int, Hit]


class Picked(NamedTuple):
    """The outcome for one customer as entries (what :func:`choose` turns into a
    :class:`CustomerDue`): the one on the list, the one waiting for an address, the ones
    waiting their turn."""

    due: Entry | None
    address_missing: Entry | None
    waiting: tuple[Entry, ...]


def choose(hits: Iterable[Hit], rules: Sequence[Rule], day: date,
           windows: Sequence[Mapping[date, Window] | None], reach: Mapping[int, Reach],
           printed: Iterable[str] = (), printed_today: Iterable[int] = (),
           label_of: Callable[[int], str] | None = None) -> dict[int, CustomerDue]:
    """Steps 3–6 of the module docstring over the store's hits, customer by customer: the
    same outcome :func:`due_for_customer` gives on the full history (customers with
    nothing due are left out). See :func:`pick` for the arguments."""
    def built(entry: Entry | None) -> Due | None:
        return None if entry is None else due_of(entry, rules, windows, day)
    return {cid: CustomerDue(built(p.due), built(p.address_missing),
                             tuple(due_of(e, rules, windows, day) for e in p.waiting))
            for cid, p in pick(hits, rules, day, windows, reach, printed, printed_today,
                               label_of).items()}


def pick(hits: Iterable[Hit], rules: Sequence[Rule], day: date,
         windows: Sequence[Mapping[date, Window] | None], reach: Mapping[int, Reach],
         printed: Iterable[str] = (), printed_today: Iterable[int] = (),
         label_of: Callable[[int], str] | None = None) -> dict[int, Picked]:
    """:func:`choose` without building the :class:`Due` objects: today's list builds them
    only for the lines it shows. *windows*: :func:`live_windows` of each rule (None:
    disabled); *label_of*: a customer's stage label on the day, for the rules' segment
    filters (None: rules with a segment filter find no one, as without a stage model)."""
    printed = printed if isinstance(printed, (set, frozenset)) else set(printed)
    today = printed_today if isinstance(printed_today, (set, frozenset)) else \
        set(printed_today)
    prefixes = [f"{r.key}:" for r in rules]
    by_customer: dict[int, list[Entry]] = {}
    for hit in hits:
        i, cid, trigger, ident, tie, _args = hit
        live = windows[i]
        if live is None:
            continue
        window = live.get(trigger)
        if window is None:
            continue
        key = f"{prefixes[i]}{cid}:{ident}"
        if key in printed:
            continue
        found = by_customer.get(cid)
        entry = (rules[i].priority, window[0], key, tie, i, hit)
        if found is None:
            by_customer[cid] = [entry]
        else:
            found.append(entry)
    out: dict[int, Picked] = {}
    postal = [r.channel in POSTAL_CHANNELS for r in rules]
    call = [r.channel == "call" for r in rules]
    max_orders = [r.max_orders for r in rules]
    segments = [r.segments for r in rules]
    for cid, entries in by_customer.items():
        who = reach.get(cid)
        if who is None or not who.dm_allowed:
            continue
        label: str | None = None
        sendable, missing = [], []
        if len(entries) > 1:
            entries.sort(key=lambda e: e[:4])
        for entry in entries:
            i = entry[4]
            most = max_orders[i]
            if most is not None and who.orders_count > most:
                continue
            wanted = segments[i]
            if wanted:
                if label_of is None:
                    continue
                if label is None:
                    label = label_of(cid)
                if not matches_segment(label, wanted):
                    continue
            if postal[i] and not who.has_address:
                missing.append(entry)
            elif call[i] and not who.has_phone:
                continue
            else:
                sendable.append(entry)
        if not sendable and not missing:
            continue
        gone = missing[0] if missing else None
        if cid in today:
            out[cid] = Picked(None, gone, tuple(sendable))
        else:
            out[cid] = Picked(sendable[0] if sendable else None, gone, tuple(sendable[1:]))
    return out


def segment_hits(i: int, rule: Rule, customer_id: int, history: Sequence[OrderFact],
                 day: date, stage_at: StageFn, calendar: BusinessCalendar = DEFAULT_CALENDAR
                 ) -> list[Hit]:
    """A ``segment_entered`` rule's hits for one customer, from the orders up to *day*."""
    orders = orders_upto(history, day)
    if not orders:
        return []
    return [(i, customer_id, e.trigger_date, e.ident, 0, (e,))
            for e in segment_events(rule, orders, day, stage_at, calendar)]


def due_of(entry: Entry, rules: Sequence[Rule],
           windows: Sequence[Mapping[date, Window] | None], day: date) -> Due:
    """The :class:`Due` of a picked entry."""
    i, cid, trigger, _ident, _tie, args = entry[5]
    return due_from(entry[2], i, cid, trigger, args, rules, windows, day)


def due_from(key: str, i: int, cid: int, trigger: date, args: tuple[Any, ...],
             rules: Sequence[Rule], windows: Sequence[Mapping[date, Window] | None],
             day: date) -> Due:
    """The :class:`Due` of a letter from its parts (what today's list keeps of an entry
    until the line is read)."""
    rule = rules[i]
    event = EVENT_OF[rule.trigger](rule, *args, day)
    window = windows[i]
    assert window is not None  # an entry exists only for a live rule
    due, last = window[trigger]
    return Due(key, rule, cid, event.trigger_date, due, last, event.reason_code,
               event.reason_params, event.order_id)
