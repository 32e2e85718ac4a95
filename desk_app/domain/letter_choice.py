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
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
        last = due + timedelta(days=rule.window_days - 1)
        if due <= day <= last:
            out[t] = (due, last)
        t += timedelta(days=1)
    return out


@dataclass(frozen=True, slots=True)
class Reach:
    """What the choice reads about a customer besides the hits: DM wanted, a usable
    address (letters, postcards), a phone (the call list) and the order count on the day
    (``max_orders``)."""

    dm_allowed: bool
    has_address: bool
    has_phone: bool
    orders_count: int


def choose(hits: Iterable[Hit], rules: Sequence[Rule], day: date,
           windows: Sequence[Mapping[date, Window] | None], reach: Mapping[int, Reach],
           printed: Iterable[str] = (), printed_today: Iterable[int] = (),
           label_of: Callable[[int], str] | None = None) -> dict[int, CustomerDue]:
    """Steps 3–6 of the module docstring over the store's hits, customer by customer: the
    same outcome :func:`due_for_customer` gives on the full history, with :class:`Due`
    objects built only for what goes on a list or waits (customers with nothing due are
    left out). *windows*: :func:`live_windows` of each rule (None: disabled);
    *label_of*: a customer's stage label on the day, for the rules' segment filters
    (None: rules with a segment filter find no one, as without a stage model)."""
    printed = printed if isinstance(printed, (set, frozenset)) else set(printed)
    today = printed_today if isinstance(printed_today, (set, frozenset)) else \
        set(printed_today)
    prefixes = [f"{r.key}:" for r in rules]
    by_customer: dict[int, list[tuple[int, date, str, int, int, Hit]]] = {}
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
    out: dict[int, CustomerDue] = {}
    for cid, entries in by_customer.items():
        who = reach.get(cid)
        if who is None or not who.dm_allowed:
            continue
        label: str | None = None
        sendable, missing = [], []
        if len(entries) > 1:
            entries.sort(key=lambda e: e[:4])
        for entry in entries:
            rule = rules[entry[4]]
            if rule.max_orders is not None and who.orders_count > rule.max_orders:
                continue
            if rule.segments:
                if label_of is None:
                    continue
                if label is None:
                    label = label_of(cid)
                if not matches_segment(label, rule.segments):
                    continue
            if rule.channel in POSTAL_CHANNELS and not who.has_address:
                missing.append(entry)
            elif rule.channel == "call" and not who.has_phone:
                continue
            else:
                sendable.append(entry)
        if not sendable and not missing:
            continue
        gone = missing[0] if missing else None
        if cid in today:
            chosen, waiting = None, sendable
        else:
            chosen, waiting = (sendable[0] if sendable else None), sendable[1:]
        out[cid] = CustomerDue(_due_of(chosen, rules, windows, day),
                               _due_of(gone, rules, windows, day),
                               tuple(_due_of(e, rules, windows, day) for e in waiting))
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


def _due_of(entry, rules: Sequence[Rule], windows, day: date):
    if entry is None:
        return None
    i, cid, trigger, _ident, _tie, args = entry[5]
    rule = rules[i]
    event = EVENT_OF[rule.trigger](rule, *args, day)
    due, last = windows[i][trigger]
    return Due(entry[2], rule, cid, event.trigger_date, due, last, event.reason_code,
               event.reason_params, event.order_id)
