"""The engine's columns: every active order as numpy arrays, sorted once.

A :class:`Snapshot` is immutable; a refresh builds a new one (:func:`replace_customers`)
and swaps it in. Customer indexes are customer ids: the arrays are as long as the largest
id plus one, and ``registered`` marks the ids that exist, so a new customer never
renumbers anything. The columns hold ids, day numbers and yen only: no name, phone number
or address (so a copy on disk, :mod:`.cache`, holds no personal details either).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from desk_app.store import rfm_load

EPOCH = date(1970, 1, 1)
Progress = Callable[[int, int], None]  # (done, total)


def to_day(d: date) -> int:
    return (d - EPOCH).days


def day_pos(days: np.ndarray, day: int) -> int:
    """How many entries of the ascending *days* are ≤ *day*. The key is cast to the
    column's dtype first: with a Python int numpy would copy an int32 column to int64 on
    every call (20 ms at six million orders, against 2 µs)."""
    return int(np.searchsorted(days, days.dtype.type(day), side="right"))


def from_day(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month_ends(as_of: date, months: int) -> list[date]:
    """The last *months* month-ends on or before *as_of*, oldest first."""
    last = month_end(as_of)
    if last > as_of:
        last = date(as_of.year, as_of.month, 1) - timedelta(days=1)
    out = [last]
    while len(out) < months:
        out.append(date(out[-1].year, out[-1].month, 1) - timedelta(days=1))
    return out[::-1]


@dataclass(frozen=True)
class Snapshot:
    """Immutable columns; a refresh builds a new one and swaps it in."""

    registered: np.ndarray  # bool[N]
    created_day: np.ndarray  # int32[N]
    start: np.ndarray  # int64[N+1]: orders of customer c are start[c]:start[c+1]
    o_day: np.ndarray  # int32[M], sorted by (customer, day)
    cum_total: np.ndarray  # int64[M+1], running total in that order
    d_cid: np.ndarray  # int32[M], customer of each order, sorted by day
    d_day: np.ndarray  # int32[M], sorted
    v_cid: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    v_day: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    v_kind: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))
    v_nps: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))

    @property
    def n(self) -> int:
        return len(self.registered)

    @property
    def orders(self) -> int:
        return len(self.o_day)

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, k).nbytes for k in self.__dataclass_fields__)


def order_counts(s: Snapshot, day: int) -> np.ndarray:
    """Every customer's number of orders up to *day* (int64[N]): counted from the orders
    up to it, or, when most orders are (an as-of date near today), from all orders less
    the ones after it."""
    pos = day_pos(s.d_day, day)
    if pos <= s.orders // 2:
        return np.bincount(s.d_cid[:pos], minlength=s.n)
    count = np.diff(s.start)
    if pos < s.orders:
        count -= np.bincount(s.d_cid[pos:], minlength=s.n)
    return count


def order_counts_of(s: Snapshot, ids: np.ndarray, day: int) -> np.ndarray:
    """The number of orders up to *day* of the customers *ids* only (int64, ids < N): a
    binary search within each one's orders (they are sorted by date), all at once; for a
    few thousand customers instead of a pass over every order."""
    begin = s.start[ids]
    lo, hi = begin.copy(), s.start[ids + 1].copy()
    key = s.o_day.dtype.type(day)
    top = max(s.orders - 1, 0)
    open_ = np.flatnonzero(lo < hi)
    while len(open_):
        a, b = lo[open_], hi[open_]
        mid = (a + b) // 2
        go = s.o_day[np.minimum(mid, top)] <= key
        lo[open_] = np.where(go, mid + 1, a)
        hi[open_] = np.where(go, b, mid)
        open_ = open_[lo[open_] < hi[open_]]
    return lo - begin


def build(customer_ids: np.ndarray, created_day: np.ndarray, o_cid: np.ndarray,
          o_day: np.ndarray, o_total: np.ndarray, voices: rfm_load.VoiceRows | None = None
          ) -> Snapshot:
    """Columns from plain rows (any order). Orders of unknown customers still count (the
    foreign key keeps them from existing); they make the customer known."""
    o_cid = np.asarray(o_cid, np.int32)
    o_day = np.asarray(o_day, np.int32)
    o_total = np.asarray(o_total, np.int64)
    customer_ids = np.asarray(customer_ids, np.int64)
    top = max(int(customer_ids.max(initial=-1)), int(o_cid.max(initial=-1))) + 1
    registered = np.zeros(top, bool)
    registered[customer_ids] = True
    registered[o_cid] = True
    created = np.zeros(top, np.int32)
    created[customer_ids] = created_day
    dc, dd = np.diff(o_cid), np.diff(o_day)
    if not np.all((dc > 0) | ((dc == 0) & (dd >= 0))):  # the store usually sends them sorted
        order = np.lexsort((o_day, o_cid))
        o_cid, o_day, o_total = o_cid[order], o_day[order], o_total[order]
    return _assemble(registered, created, o_cid, o_day, o_total, voices)


def _assemble(registered, created, s_cid, s_day, s_total, voices) -> Snapshot:
    n = len(registered)
    counts = np.bincount(s_cid, minlength=n)
    start = np.zeros(n + 1, np.int64)
    np.cumsum(counts, out=start[1:])
    cum = np.zeros(len(s_total) + 1, np.int64)
    np.cumsum(s_total, out=cum[1:])
    by_day = np.argsort(s_day, kind="stable")
    v = voices
    return Snapshot(
        registered, created, start, s_day, cum, s_cid[by_day], s_day[by_day],
        *((v.customer_id, v.day, v.kind, v.nps) if v is not None else ()))



def _quintiles(ordered: np.ndarray) -> tuple[int, int, int, int]:
    n = len(ordered)
    if not n:
        return (0, 0, 0, 0)
    return tuple(int(ordered[max(0, (n * k + 4) // 5 - 1)]) for k in (1, 2, 3, 4))  # type: ignore[return-value]


def _month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers."""
    return np.asarray(days, "datetime64[D]").astype("datetime64[M]").astype(np.int64)



def replace_customers(s: Snapshot, ids: list[int], cust: rfm_load.CustomerRows,
                      orders: rfm_load.OrderRows, voices: rfm_load.VoiceRows | None
                      ) -> Snapshot:
    """A new snapshot with the rows of *ids* replaced by the freshly loaded ones; linear in
    the number of orders (no re-sort), and written straight into the new columns piece by
    piece (kept runs of the old columns, then a changed customer's new rows), so the peak
    is the new columns plus two day-sorted temporaries, not several copies of each."""
    id_arr = np.unique(np.asarray(ids, np.int64))
    top = max(s.n, int(cust.customer_id.max(initial=-1)) + 1,
              int(orders.customer_id.max(initial=-1)) + 1,
              int(id_arr[-1]) + 1 if len(id_arr) else 0)
    registered = np.zeros(top, bool)
    registered[:s.n] = s.registered
    created = np.zeros(top, np.int32)
    created[:s.n] = s.created_day
    registered[id_arr] = False
    registered[cust.customer_id] = True
    registered[orders.customer_id] = True
    created[cust.customer_id] = cust.created_day
    # the new rows, by (customer, day); only customers of *ids* have any
    order = np.lexsort((orders.day, orders.customer_id))
    n_cid = orders.customer_id[order].astype(np.int32)
    n_day = orders.day[order].astype(np.int32)
    n_total = orders.total[order].astype(np.int64)
    if len(n_cid) and not np.isin(n_cid, id_arr).all():
        raise ValueError("orders of customers that were not asked for")
    n_cum = np.zeros(len(n_total) + 1, np.int64)
    np.cumsum(n_total, out=n_cum[1:])
    inside = np.minimum(id_arr, s.n)
    old_lo = np.where(id_arr < s.n, s.start[inside], s.orders)
    old_hi = np.where(id_arr < s.n, s.start[np.minimum(id_arr + 1, s.n)], s.orders)
    new_lo = np.searchsorted(n_cid, id_arr, side="left")
    new_hi = np.searchsorted(n_cid, id_arr, side="right")
    counts = np.zeros(top, np.int64)
    counts[:s.n] = np.diff(s.start)
    counts[id_arr] = new_hi - new_lo
    start = np.zeros(top + 1, np.int64)
    np.cumsum(counts, out=start[1:])
    size = int(start[-1])
    m_day = np.empty(size, np.int32)
    cum = np.empty(size + 1, np.int64)
    cum[0] = 0
    pos, prev = 0, 0

    def put(day_src: np.ndarray, cum_src: np.ndarray, a: int, b: int) -> None:
        nonlocal pos
        if b <= a:
            return
        k = b - a
        m_day[pos:pos + k] = day_src[a:b]
        # running totals of the piece, continued from the last written one
        np.subtract(cum_src[a + 1:b + 1], int(cum_src[a]) - int(cum[pos]),
                    out=cum[pos + 1:pos + 1 + k])
        pos += k

    for lo, hi, p, q in zip(old_lo.tolist(), old_hi.tolist(), new_lo.tolist(), new_hi.tolist(),
                            strict=True):
        put(s.o_day, s.cum_total, prev, lo)
        put(n_day, n_cum, p, q)
        prev = hi
    put(s.o_day, s.cum_total, prev, s.orders)
    assert pos == size
    # the day-sorted copy: drop the changed customers' rows, insert the new ones by day
    changed = np.zeros(top, bool)
    changed[id_arr] = True
    keep = ~changed[s.d_cid]
    by_day = np.argsort(n_day, kind="stable")
    kept_day = s.d_day[keep]
    at = np.searchsorted(kept_day, n_day[by_day], side="right")
    d_day = np.insert(kept_day, at, n_day[by_day])
    del kept_day
    d_cid = np.insert(s.d_cid[keep], at, n_cid[by_day])
    v = voices
    vs = ((v.customer_id, v.day, v.kind, v.nps) if v is not None
          else (s.v_cid, s.v_day, s.v_kind, s.v_nps))
    return Snapshot(registered, created, start, m_day, cum, d_cid, d_day, *vs)

