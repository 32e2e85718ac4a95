"""Head-counts per segment on every day, from one pass over the orders.

A customer's segment changes on few days only: an order's day (count, tenure and total
change), the day the last order turns ``lapse_days`` old (現役 → 離脱, no order needed), and
the registration day (見込み until the first order). So each order of a customer, taken in
the customer's date order, holds the customer in one segment over a span of days: its
*active* segment from its own day until the next order or until it is ``lapse_days``
old, whichever comes first, then its *lapsed* segment until the next order (if it lapses
before one). 見込み spans registration to the first order. A +1 on a span's first day and
a −1 on the day after it, per segment, and a running sum over the days give every
segment's head-count on every day: counts as of any date and the 24 month-ends are then
look-ups in a small table (segments × days: 8 bytes × 11 × 365 a year).

The table depends on the snapshot and the stage rules; :func:`build` makes it in one
vectorised pass over the orders (in blocks of customers, so the temporaries stay small),
:func:`updated` after a refresh takes out the changed customers' spans and puts in their
new ones. The segment rules are :func:`base_codes`, shared with the per-customer engine,
and the tests check both against the domain's :func:`~desk_app.domain.stages.segment`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desk_app.domain import stages
from desk_app.domain.stages import StageRules
from desk_app.services.analysis.columns import Snapshot

# Segments × days above this (8 bytes each, 16 MB): the engine counts customer by customer
# instead (dates some 500 years apart at eleven segments: a mistyped year). The seeded 1M
# store spans four years: 11 × 1,336 cells.
MAX_CELLS = 2_000_000
BLOCK = 100_000  # customers per pass of :func:`_spans` in a full build


def _first_match(conditions: int, bits: int) -> int:
    """The code of the first of *conditions* rules whose bit is set in *bits* (the first
    rule is the highest bit), or *conditions* when none is."""
    for k in range(conditions):
        if bits & (1 << (conditions - 1 - k)):
            return k
    return conditions


# CPM: 初回 (one order), よちよち (tenure < young), コツコツ (total < loyal), 流行 (tenure <
# trend), else 優良 — first match wins; indexed by those four tests as bits, highest first
_CPM_CODES = np.array([_first_match(4, b) for b in range(16)], np.int8)
# rank4: 新規 (one order), else 優良 (total ≥ loyal), else 常連
_RANK4_CODES = np.array([0 if b & 2 else 2 if b & 1 else 1 for b in range(4)], np.int8)


def base_codes(rules: StageRules, single: np.ndarray, tenure: np.ndarray, total: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """(active, lapsed) segment codes (int8, indexes into ``rules.segments``) of customers
    with orders: *single* where they have exactly one, *tenure* days between first and
    last, *total* yen; the segment while 現役 and the one once 離脱. The rules' tests are
    packed as bits and looked up in a table of first matches: one pass per test (a third
    of the time of overwriting the codes rule by rule, at six million orders)."""
    bits = single.astype(np.uint8)
    if rules.variant == "rank4":
        bits <<= 1
        bits |= total >= rules.loyal_amount
        code = _RANK4_CODES[bits]
        return code, np.full(len(code), rules.segments.index(stages.LAPSED), np.int8)
    for test in (tenure < rules.young_tenure_days, total < rules.loyal_amount,
                 tenure < rules.trend_tenure_days):
        bits <<= 1
        bits |= test
    code = _CPM_CODES[bits]
    return code, code + np.int8(len(stages.CPM_BASES))


@dataclass(frozen=True)
class Timeline:
    """``table[k, i]``: customers in segment *k* on day ``lo + i``; the last column holds
    for every later day too (nothing changes after the last span starts or ends)."""

    lo: int
    table: np.ndarray  # int64[segments, days]

    @property
    def hi(self) -> int:
        return self.lo + self.table.shape[1] - 1

    def counts(self, day: int) -> np.ndarray:
        """Head-count per segment code as of *day* (int64[segments])."""
        if day < self.lo:
            return np.zeros(self.table.shape[0], np.int64)
        return self.table[:, min(day - self.lo, self.table.shape[1] - 1)]


def _bounds(s: Snapshot, idx: np.ndarray | None, lapse: int) -> tuple[int, int] | None:
    """The first and last day a span of the customers *idx* (all when None) starts or
    ends on; None when they have no span at all."""
    if idx is None:
        created = s.created_day[s.registered]
        days = s.d_day
        lo_o, hi_o = (int(days[0]), int(days[-1])) if len(days) else (None, None)
    else:
        created = s.created_day[idx[s.registered[idx]]]
        begin, end = s.start[idx], s.start[idx + 1]
        has = end > begin
        if has.any():
            lo_o = int(s.o_day[begin[has]].min())  # each customer's first order
            hi_o = int(s.o_day[end[has] - 1].max())  # and last
        else:
            lo_o = hi_o = None
    lows, highs = [], []
    if len(created):
        lows.append(int(created.min()))
        highs.append(int(created.max()))
    if lo_o is not None and hi_o is not None:
        lows.append(lo_o)
        highs.append(hi_o + lapse)
    if not lows:
        return None
    return min(lows), max(highs)


def _spans(s: Snapshot, rules: StageRules, idx: np.ndarray, lo: int, days: int
           ) -> np.ndarray:
    """The +1/−1 of the spans of customers *idx* (ascending int64), as a flat
    int64[segments × (days + 1)] difference table over days ``lo …``; the extra last
    column takes the ends of spans that never end (drop it)."""
    k_segs = len(rules.segments)
    width = days + 1
    diff = np.zeros(k_segs * width, np.int64)
    never = lo + days  # the extra column

    def add(key: np.ndarray, sign: int) -> None:
        if len(key):
            counted = np.bincount(key, minlength=k_segs * width)
            if sign > 0:
                diff[:] += counted
            else:
                diff[:] -= counted

    begin = s.start[idx]
    n_of = s.start[idx + 1] - begin
    has = n_of > 0
    # 見込み: registered, from the registration day until the first order (if any)
    first_c = np.full(len(idx), never, np.int64)
    first_c[has] = s.o_day[begin[has]]
    created = s.created_day[idx].astype(np.int64)
    prospect = s.registered[idx] & (created < first_c)
    p_key = rules.segments.index(stages.PROSPECT) * width - lo
    add(created[prospect] + p_key, +1)
    add(first_c[prospect] + p_key, -1)
    m = int(n_of.sum())
    if not m:
        return diff
    # every order of these customers, in customer-then-date order
    if len(idx) and int(idx[-1]) - int(idx[0]) + 1 == len(idx):  # a run of customers
        a = int(begin[0])
        day = s.o_day[a:a + m]
        cum_after = s.cum_total[a + 1:a + m + 1]
    else:
        before = np.cumsum(n_of) - n_of
        pos = np.arange(m, dtype=np.int64) + np.repeat(begin - before, n_of)
        day = s.o_day[pos]
        cum_after = s.cum_total[pos + 1]
        del pos
    n_has = n_of[has]
    first_at = np.cumsum(n_has) - n_has  # each customer's first order, in the batch
    single = np.zeros(m, bool)  # an order that is its customer's first: count 1
    single[first_at] = True
    total = cum_after - np.repeat(s.cum_total[begin[has]], n_has)
    del cum_after
    tenure = day - np.repeat(first_c[has].astype(np.int32), n_has)
    active, lapsed = base_codes(rules, single, tenure, total)
    del single, total, tenure
    # the next order's day; none after a customer's last order
    nxt = np.empty(m, np.int32)
    nxt[:-1] = day[1:]
    nxt[first_at + n_has - 1] = never
    # order i holds its customer in `active` from its day until e, the earlier of the next
    # order and its lapse day, then in `lapsed` from e until the next order (an empty span
    # when the next order comes first)
    e = np.minimum(day + np.int32(rules.lapse_days), nxt)
    # key of (code, day) in the flat table: code × width + day − lo
    row = np.arange(k_segs, dtype=np.int32) * np.int32(width) - np.int32(lo)
    key = row[active]
    add(key + day, +1)
    add(key + e, -1)
    key = row[lapsed]
    add(key + e, +1)
    add(key + nxt, -1)
    return diff


def build(s: Snapshot, rules: StageRules) -> Timeline | None:
    """The table for snapshot *s* under *rules*; None when its days span too far."""
    k_segs = len(rules.segments)
    bounds = _bounds(s, None, rules.lapse_days)
    if bounds is None:
        return Timeline(0, np.zeros((k_segs, 1), np.int64))
    lo, hi = bounds
    days = hi - lo + 1
    if k_segs * days > MAX_CELLS:
        return None
    diff = np.zeros(k_segs * (days + 1), np.int64)
    for a in range(0, s.n, BLOCK):
        diff += _spans(s, rules, np.arange(a, min(a + BLOCK, s.n), dtype=np.int64), lo, days)
    table = np.cumsum(diff.reshape(k_segs, days + 1)[:, :days], axis=1)
    return Timeline(lo, table)


def updated(t: Timeline, old: Snapshot, new: Snapshot, ids: np.ndarray, rules: StageRules
            ) -> Timeline | None:
    """*t* (the table of *old*) for *new*, a snapshot in which only the customers *ids*
    changed: their old spans taken out, their new ones put in."""
    ids = np.unique(np.asarray(ids, np.int64))
    old_ids, new_ids = ids[ids < old.n], ids[ids < new.n]
    lo, hi = t.lo, t.hi
    bounds = _bounds(new, new_ids, rules.lapse_days)
    if bounds is not None:
        lo, hi = min(lo, bounds[0]), max(hi, bounds[1])
    k_segs = len(rules.segments)
    days = hi - lo + 1
    if k_segs * days > MAX_CELLS:
        return None
    # the old table widened to lo … hi: zeros before, its last column repeated after
    table = np.empty((k_segs, days), np.int64)
    a = t.lo - lo
    table[:, :a] = 0
    table[:, a:a + t.table.shape[1]] = t.table
    table[:, a + t.table.shape[1]:] = t.table[:, -1:]
    delta = _spans(new, rules, new_ids, lo, days) - _spans(old, rules, old_ids, lo, days)
    table += np.cumsum(delta.reshape(k_segs, days + 1)[:, :days], axis=1)
    return Timeline(lo, table)
