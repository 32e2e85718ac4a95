"""The RFM analysis engine: segment counts as of any date, month-ends, movement, cohorts,
revenue per segment, the RFM grid, voices per segment, and the customers behind any number.

The store's orders are loaded once into columns (numpy arrays, one entry per active order,
sorted by customer then date, plus a copy sorted by date) and kept warm: :meth:`refresh`
replaces the orders of the customers a change touched without reloading the rest. Every
figure applies the one stage model of ``desk_app.domain.stages`` to whole columns; the
tests check it against :func:`~desk_app.domain.stages.segment` customer by customer.

Why numpy (README, dependencies): at 1M customers / 5M orders a date takes tens of
milliseconds and 24 month-ends a few hundred, well inside the goals and faster than
pandas, polars or DuckDB doing the same (measured in bench/bench_rfm.py), for one small,
ubiquitous dependency. The pop-up never imports this module.

Customer indexes are customer ids: the arrays are as long as the largest id plus one, and
``registered`` marks the ids that exist, so a new customer never renumbers anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from desk_app.domain import stages
from desk_app.domain.stages import DEFAULT_SETTINGS, RfmRules, StageSettings
from desk_app.store import rfm_load
from desk_app.store.db import Store

EPOCH = date(1970, 1, 1)
Progress = Callable[[int, int], None]  # (done, total)


def to_day(d: date) -> int:
    return (d - EPOCH).days


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


@dataclass(frozen=True)
class State:
    """Every customer as of one date, as columns (index = customer id)."""

    as_of: date
    count: np.ndarray  # int64[N] orders up to as_of
    first: np.ndarray  # int32[N] first order day (valid where count > 0)
    last: np.ndarray  # int32[N]
    total: np.ndarray  # int64[N]
    code: np.ndarray  # int8[N]: index into segments; -1 = not a customer yet on that day
    segments: tuple[str, ...]

    @property
    def has_orders(self) -> np.ndarray:
        return self.count > 0


class AnalysisEngine:
    """Load once, keep warm, answer any figure. Thread-safe: queries read one snapshot."""

    def __init__(self, snapshot: Snapshot, settings: StageSettings = DEFAULT_SETTINGS,
                 store: Store | None = None) -> None:
        self._snap = snapshot
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()

    # -- loading and refreshing -------------------------------------------------------

    @classmethod
    def load(cls, store: Store, settings: StageSettings = DEFAULT_SETTINGS,
             progress: Progress | None = None) -> AnalysisEngine:
        report = progress or (lambda done, total: None)
        report(0, 4)
        cust = rfm_load.load_customers(store)
        report(1, 4)
        orders = rfm_load.load_orders(store)
        report(2, 4)
        voices = _load_voices(store)
        report(3, 4)
        snap = build(cust.customer_id, cust.created_day, orders.customer_id, orders.day,
                     orders.total, voices)
        report(4, 4)
        return cls(snap, settings, store)

    @property
    def snapshot(self) -> Snapshot:
        return self._snap

    def refresh(self, customer_ids: Iterable[int], *, voices: bool = False) -> None:
        """Reload the customers and orders of *customer_ids* (and the voices when notes
        changed) from the store; everything else stays as loaded."""
        if self.store is None:
            raise RuntimeError("an engine built from rows has no store to refresh from")
        ids = sorted({int(i) for i in customer_ids})
        cust = rfm_load.load_customers(self.store, ids)
        orders = rfm_load.load_orders(self.store, ids)
        new_voices = _load_voices(self.store) if voices else None
        with self._lock:
            self._snap = replace_customers(self._snap, ids, cust, orders, new_voices)

    def with_settings(self, settings: StageSettings) -> AnalysisEngine:
        """The same columns under other thresholds (settings were edited)."""
        return AnalysisEngine(self._snap, settings, self.store)

    # -- one date -------------------------------------------------------------------

    @property
    def segments(self) -> tuple[str, ...]:
        return self.settings.cpm.segments

    def state(self, as_of: date, snap: Snapshot | None = None) -> State:
        s = snap or self._snap
        pos = int(np.searchsorted(s.d_day, to_day(as_of), side="right"))
        count = np.bincount(s.d_cid[:pos], minlength=s.n)
        return self._classify(s, as_of, count)

    def _classify(self, s: Snapshot, as_of: date, count: np.ndarray) -> State:
        code, first, last, total = self._codes(s, to_day(as_of), count, None)
        return State(as_of, count, first, last, total, code, self.settings.cpm.segments)

    def _codes(self, s: Snapshot, d: int, count: np.ndarray, idx: np.ndarray | None):
        """Segment codes (int8; -1 = not a customer yet) of the customers *idx* (all when
        None) whose order counts up to day *d* are *count*; with first, last, total."""
        rules = self.settings.cpm
        has = count > 0
        begin = s.start[:-1] if idx is None else s.start[idx]
        if s.orders:
            top = s.orders - 1
            first = s.o_day[np.minimum(begin, top)]
            last = s.o_day[np.clip(begin + count - 1, 0, top)]
        else:
            first = last = np.zeros(len(count), np.int32)
        total = s.cum_total[begin + count] - s.cum_total[begin]
        tenure = last - first
        lapsed = (d - last) >= rules.lapse_days
        segs = rules.segments
        if rules.variant == "rank4":
            base = np.where(count == 1, 0, np.where(total >= rules.loyal_amount, 2, 1))
            code = np.where(lapsed, segs.index(stages.LAPSED), base)
        else:
            base = np.select(
                [count == 1, tenure < rules.young_tenure_days, total < rules.loyal_amount,
                 tenure < rules.trend_tenure_days], [0, 1, 2, 3], 4)
            code = base + np.where(lapsed, len(stages.CPM_BASES), 0)
        registered = s.registered if idx is None else s.registered[idx]
        created = s.created_day if idx is None else s.created_day[idx]
        prospect = registered & ~has & (created <= d)
        code = np.where(has, code, np.where(prospect, segs.index(stages.PROSPECT), -1))
        return code.astype(np.int8), first, last, total

    def iter_codes(self, dates: list[date]):
        """(date, codes, counts) at ascending *dates*, fast: from one date to the next only
        the customers who can have changed are classified again — those with an order in
        between, those whose last order crosses the lapse threshold in between, and those
        registered in between. *codes* is one array updated in place: use it before the
        next step. Non-ascending dates start over."""
        s = self._snap
        k = len(self.segments)
        lapse = self.settings.cpm.lapse_days
        prev: int | None = None
        count = np.zeros(s.n, np.int64)
        code = np.full(s.n, -1, np.int8)
        counts = np.zeros(k, np.int64)
        for d_date in dates:
            d = to_day(d_date)
            full = prev is None or d < prev
            if full or prev is None:
                pos = int(np.searchsorted(s.d_day, d, side="right"))
                count = np.bincount(s.d_cid[:pos], minlength=s.n)
                code = self._codes(s, d, count, None)[0]
            else:
                assert prev is not None  # not full: an earlier date was done
                lo = int(np.searchsorted(s.d_day, prev, side="right"))
                hi = int(np.searchsorted(s.d_day, d, side="right"))
                bought = s.d_cid[lo:hi]
                np.add.at(count, bought, 1)
                a = int(np.searchsorted(s.d_day, prev - lapse, side="right"))
                b = int(np.searchsorted(s.d_day, d - lapse, side="right"))
                touched = (s.created_day > prev) & (s.created_day <= d)  # registered between
                touched[bought] = True
                # of those with an order dated lapse_days before the window, only the ones
                # whose last order it still is cross into 離脱 now
                cand = s.d_cid[a:b]
                last = s.o_day[np.maximum(s.start[cand] + count[cand] - 1, 0)]
                touched[cand[last <= d - lapse]] = True
                idx = np.flatnonzero(touched)  # a mask, not np.unique: 100× faster here
                new = self._codes(s, d, count[idx], idx)[0]
                old_codes = code[idx]
                counts -= np.bincount(old_codes[old_codes >= 0], minlength=k)
                counts += np.bincount(new[new >= 0], minlength=k)
                code[idx] = new
            if full:
                counts = np.bincount(code[code >= 0], minlength=k)
            prev = d
            yield d_date, code, counts

    def counts(self, as_of: date) -> dict[str, int]:
        """Head-count per segment (all segments, zeros included, in display order)."""
        return self._counts(self.state(as_of))

    def _counts(self, st: State) -> dict[str, int]:
        c = np.bincount(st.code[st.code >= 0], minlength=len(st.segments))
        return {name: int(c[i]) for i, name in enumerate(st.segments)}

    # -- month-ends -----------------------------------------------------------------

    def monthly(self, as_of: date, months: int = 24, progress: Progress | None = None
                ) -> list[tuple[date, dict[str, int]]]:
        """Head-counts at each of the last *months* month-ends on or before *as_of*."""
        out = []
        ends = month_ends(as_of, months)
        for i, (d, _code, counts) in enumerate(self.iter_codes(ends)):
            out.append((d, {name: int(counts[j]) for j, name in enumerate(self.segments)}))
            if progress:
                progress(i + 1, len(ends))
        return out

    def states(self, dates: list[date], progress: Progress | None = None) -> list[State]:
        return list(self.iter_states(dates, progress))

    def iter_states(self, dates: list[date], progress: Progress | None = None):
        """States at ascending *dates*, each built from the last by adding the orders
        between them (one pass over the orders for all of them). A generator: at a million
        customers one state is ~40 MB, so callers keep what they need and drop the rest."""
        s = self._snap
        count = np.zeros(s.n, np.int64)
        pos = 0
        for i, d in enumerate(dates):
            end = int(np.searchsorted(s.d_day, to_day(d), side="right"))
            if end < pos:  # not ascending: start over for this one
                count = np.zeros(s.n, np.int64)
                pos = 0
            count = count + np.bincount(s.d_cid[pos:end], minlength=s.n)
            pos = end
            yield self._classify(s, d, count)
            if progress:
                progress(i + 1, len(dates))

    # -- movement -------------------------------------------------------------------

    def movement(self, d1: date, d2: date) -> dict[str, dict[str, int]]:
        """From-segment at *d1* × to-segment at *d2* for every customer with an order by
        *d2*; one with none by *d1* counts as 見込み there."""
        a, b = self._movement_codes(d1, d2)
        k = len(self.segments)
        m = np.bincount(a.astype(np.int64) * k + b, minlength=k * k).reshape(k, k)
        return {self.segments[i]: {self.segments[j]: int(m[i, j]) for j in range(k)}
                for i in range(k)}

    def _movement_codes(self, d1: date, d2: date) -> tuple[np.ndarray, np.ndarray]:
        s = self._snap
        s1, s2 = self.state(d1, s), self.state(d2, s)
        keep = s2.has_orders
        prospect = self.segments.index(stages.PROSPECT)
        a = np.where(s1.has_orders, s1.code, prospect)[keep]
        return a, s2.code[keep]

    # -- cohorts --------------------------------------------------------------------

    def cohorts(self, as_of: date, months: int = 24) -> list[dict[str, Any]]:
        """F2/F3 conversion by first-purchase month (the last *months* months up to
        *as_of*): customers, with a second order, with a third order (by *as_of*)."""
        s = self._snap
        st = self.state(as_of, s)
        first_month = _month_index(st.first)
        first_months = month_ends(as_of, months)
        lo = _month_index(np.array([to_day(date(first_months[0].year, first_months[0].month,
                                                   1))]))[0]
        out = []
        in_range = st.has_orders & (first_month >= lo)
        rel = (first_month - lo)[in_range]
        n_all = np.bincount(rel, minlength=months)
        n_f2 = np.bincount(rel[st.count[in_range] >= 2], minlength=months)
        n_f3 = np.bincount(rel[st.count[in_range] >= 3], minlength=months)
        for i, me in enumerate(first_months):
            total = int(n_all[i])
            out.append({"month": f"{me.year:04d}-{me.month:02d}", "customers": total,
                        "f2": int(n_f2[i]), "f3": int(n_f3[i]),
                        "f2_rate": (int(n_f2[i]) / total) if total else None,
                        "f3_rate": (int(n_f3[i]) / total) if total else None})
        return out

    # -- revenue --------------------------------------------------------------------

    def revenue(self, as_of: date, window_days: int = 365) -> dict[str, dict[str, int]]:
        """Per segment at *as_of*: customers, their total to date, and their revenue in
        the *window_days* up to *as_of*."""
        s = self._snap
        st = self.state(as_of, s)
        before = self.state(as_of - timedelta(days=window_days), s)
        begin = s.start[:-1]
        window = (s.cum_total[begin + st.count] - s.cum_total[begin + before.count])
        k = len(self.segments)
        sel = st.code >= 0
        codes = st.code[sel].astype(np.int64)
        n = np.bincount(codes, minlength=k)
        tot = np.bincount(codes, weights=st.total[sel], minlength=k)
        win = np.bincount(codes, weights=window[sel], minlength=k)
        return {name: {"customers": int(n[i]), "total": int(round(tot[i])),
                       "window": int(round(win[i]))} for i, name in enumerate(self.segments)}

    # -- RFM ------------------------------------------------------------------------

    def rfm_rules(self, st: State) -> RfmRules:
        rules = self.settings.rfm
        if rules.method != "quintiles":
            return rules
        has = st.has_orders
        rec = np.sort((to_day(st.as_of) - st.last[has]).astype(np.int64))
        freq = np.sort(st.count[has])
        mon = np.sort(st.total[has])
        return RfmRules(_quintiles(rec), _quintiles(freq), _quintiles(mon), "fixed")

    def scores(self, st: State, rules: RfmRules | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """R, F, M (1–5) per customer; 0 where the customer has no order by then."""
        rules = rules or self.rfm_rules(st)
        has = st.has_orders
        rec = to_day(st.as_of) - st.last.astype(np.int64)
        r = 5 - np.searchsorted(np.array(rules.recency_days), rec, side="left")
        f = 1 + np.searchsorted(np.array(rules.frequency), st.count, side="left")
        m = 1 + np.searchsorted(np.array(rules.monetary), st.total, side="left")
        zero = np.zeros(st.count.shape, np.int8)
        return (np.where(has, r, zero).astype(np.int8), np.where(has, f, zero).astype(np.int8),
                np.where(has, m, zero).astype(np.int8))

    def rfm_codes(self, as_of: date) -> dict[str, int]:
        """Counts per R?F?M? code (only codes that occur), in code order."""
        r, f, m = self.scores(self.state(as_of))
        has = r > 0
        key = (r[has].astype(np.int64) * 100 + f[has] * 10 + m[has])
        values, counts = np.unique(key, return_counts=True)
        return {f"R{v // 100}F{v // 10 % 10}M{v % 10}": int(c) for v, c in zip(values, counts,
                                                                               strict=True)}

    def rfm_grid(self, as_of: date) -> dict[str, Any]:
        """R (rows, 5 first) × F (columns, 1 first): counts and mean M score per cell."""
        r, f, m = self.scores(self.state(as_of))
        has = r > 0
        cell = (5 - r[has].astype(np.int64)) * 5 + (f[has] - 1)
        counts = np.bincount(cell, minlength=25).reshape(5, 5)
        msum = np.bincount(cell, weights=m[has], minlength=25).reshape(5, 5)
        mean = np.divide(msum, counts, out=np.zeros((5, 5)), where=counts > 0)
        return {"r": [5, 4, 3, 2, 1], "f": [1, 2, 3, 4, 5], "counts": counts.tolist(),
                "mean_m": mean.round(2).tolist()}

    # -- voices ---------------------------------------------------------------------

    def voices(self, as_of: date, months: int = 24) -> list[dict[str, Any]]:
        """Per month and segment (the customer's segment at that month-end): クレーム and
        お褒め counts and NPS (% promoters 9–10 minus % detractors 0–6) of the answers.
        The last row is the month of *as_of*, up to that day."""
        s = self._snap
        # the current month counts up to the as-of date (its row is dated as_of)
        ends = (month_ends(as_of, months) if month_end(as_of) == as_of
                else [*month_ends(as_of, months - 1), as_of][-months:])
        k = len(self.segments)
        v_month = _month_index(s.v_day)
        out = []
        for me, codes, _counts in self.iter_codes(ends):
            sel = (v_month == _month_index(np.array([to_day(me)]))[0]) & (s.v_day <= to_day(me))
            code = codes[s.v_cid[sel]].astype(np.int64)
            ok = code >= 0
            code, kind, nps = code[ok], s.v_kind[sel][ok], s.v_nps[sel][ok]
            comp = np.bincount(code[kind == 1], minlength=k)
            praise = np.bincount(code[kind == 2], minlength=k)
            answered = nps >= 0
            n_ans = np.bincount(code[answered], minlength=k)
            prom = np.bincount(code[nps >= 9], minlength=k)
            detr = np.bincount(code[answered & (nps <= 6)], minlength=k)
            row = {}
            for i, name in enumerate(self.segments):
                row[name] = {"complaints": int(comp[i]), "praise": int(praise[i]),
                             "answers": int(n_ans[i]),
                             "nps": (round(100 * (int(prom[i]) - int(detr[i])) / int(n_ans[i]))
                                     if n_ans[i] else None)}
            out.append({"month_end": me.isoformat(), "segments": row})
        return out

    # -- the customers behind a number ----------------------------------------------

    def customers(self, selector: Selector) -> np.ndarray:
        """Customer ids behind the number *selector* names, ascending."""
        sel = selector
        if isinstance(sel, SegmentCell):
            st = self.state(sel.as_of)
            return np.flatnonzero(st.code == self.segments.index(sel.segment))
        if isinstance(sel, MovementCell):
            s = self._snap
            s1, s2 = self.state(sel.d1, s), self.state(sel.d2, s)
            prospect = self.segments.index(stages.PROSPECT)
            a = np.where(s1.has_orders, s1.code, prospect)
            hit = (s2.has_orders & (a == self.segments.index(sel.from_segment))
                   & (s2.code == self.segments.index(sel.to_segment)))
            return np.flatnonzero(hit)
        if isinstance(sel, CohortCell):
            st = self.state(sel.as_of)
            y, mo = (int(x) for x in sel.month.split("-"))
            target = _month_index(np.array([to_day(date(y, mo, 1))]))[0]
            hit = st.has_orders & (_month_index(st.first) == target) & (st.count >= sel.level)
            return np.flatnonzero(hit)
        if isinstance(sel, RfmCell):
            st = self.state(sel.as_of)
            r, f, m = self.scores(st)
            hit = (r == sel.r) & (f == sel.f)
            if sel.m is not None:
                hit &= m == sel.m
            return np.flatnonzero(hit & (r > 0))
        if isinstance(sel, VoiceCell):
            s = self._snap
            st = self.state(sel.month_end)
            month = _month_index(np.array([to_day(sel.month_end)]))[0]
            sel_v = (_month_index(s.v_day) == month) & (s.v_day <= to_day(sel.month_end))
            if sel.kind == "complaint":
                sel_v &= s.v_kind == 1
            elif sel.kind == "praise":
                sel_v &= s.v_kind == 2
            else:
                sel_v &= s.v_nps >= 0
            cids = np.unique(s.v_cid[sel_v])
            return cids[st.code[cids] == self.segments.index(sel.segment)]
        raise TypeError(f"unknown selector {selector!r}")

    def figures_of(self, customer_id: int, as_of: date) -> dict[str, Any]:
        """One customer's figures, scores and segment from the columns (what the CLI
        computes from the store directly; the tests check they agree)."""
        st = self.state(as_of)
        c = int(customer_id)
        if c >= self._snap.n or st.code[c] < 0:
            return {"segment": None}
        r, f, m = self.scores(st)
        return {"segment": st.segments[st.code[c]], "orders_count": int(st.count[c]),
                "total_amount": int(st.total[c]),
                "rfm": f"R{r[c]}F{f[c]}M{m[c]}" if r[c] else None}


@dataclass(frozen=True)
class SegmentCell:
    as_of: date
    segment: str

    def describe(self) -> str:
        return f"segment {self.segment} as of {self.as_of}"


@dataclass(frozen=True)
class MovementCell:
    d1: date
    d2: date
    from_segment: str
    to_segment: str

    @property
    def as_of(self) -> date:
        return self.d2

    def describe(self) -> str:
        return f"movement {self.from_segment} ({self.d1}) -> {self.to_segment} ({self.d2})"


@dataclass(frozen=True)
class CohortCell:
    as_of: date
    month: str  # YYYY-MM of the first purchase
    level: int  # 1 all of the cohort, 2 with a second order, 3 with a third

    def describe(self) -> str:
        return f"cohort {self.month} F{self.level} as of {self.as_of}"


@dataclass(frozen=True)
class RfmCell:
    as_of: date
    r: int
    f: int
    m: int | None = None

    def describe(self) -> str:
        return f"RFM R{self.r}F{self.f}{'' if self.m is None else f'M{self.m}'} as of {self.as_of}"


@dataclass(frozen=True)
class VoiceCell:
    month_end: date
    segment: str
    kind: str  # complaint / praise / nps

    @property
    def as_of(self) -> date:
        return self.month_end

    def describe(self) -> str:
        return f"{self.kind} {self.segment} in the month ending {self.month_end}"


Selector = SegmentCell | MovementCell | CohortCell | RfmCell | VoiceCell


def _quintiles(ordered: np.ndarray) -> tuple[int, int, int, int]:
    n = len(ordered)
    if not n:
        return (0, 0, 0, 0)
    return tuple(int(ordered[max(0, (n * k + 4) // 5 - 1)]) for k in (1, 2, 3, 4))  # type: ignore[return-value]


def _month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers."""
    return np.asarray(days, "datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _load_voices(store: Store) -> rfm_load.VoiceRows | None:
    return rfm_load.load_voices(store)


def replace_customers(s: Snapshot, ids: list[int], cust: rfm_load.CustomerRows,
                      orders: rfm_load.OrderRows, voices: rfm_load.VoiceRows | None
                      ) -> Snapshot:
    """A new snapshot with the rows of *ids* replaced by the freshly loaded ones; linear in
    the number of orders (no full re-sort)."""
    top = max(s.n, int(cust.customer_id.max(initial=-1)) + 1,
              int(orders.customer_id.max(initial=-1)) + 1, (max(ids) + 1) if ids else 0)
    registered = np.zeros(top, bool)
    registered[:s.n] = s.registered
    created = np.zeros(top, np.int32)
    created[:s.n] = s.created_day
    id_arr = np.array(ids, np.int64)
    registered[id_arr] = False
    registered[cust.customer_id] = True
    registered[orders.customer_id] = True
    created[cust.customer_id] = cust.created_day
    # the customer-sorted columns: drop the old rows, insert the new ones in place
    s_cid = np.repeat(np.arange(s.n, dtype=np.int32), np.diff(s.start))
    s_total = np.diff(s.cum_total)
    keep = ~np.isin(s_cid, id_arr)
    k_cid, k_day, k_total = s_cid[keep], s.o_day[keep], s_total[keep]
    order = np.lexsort((orders.day, orders.customer_id))
    n_cid, n_day, n_total = (orders.customer_id[order], orders.day[order],
                             orders.total[order])
    key_old = k_cid.astype(np.int64) << 32 | (k_day.astype(np.int64) & 0xFFFFFFFF)
    key_new = n_cid.astype(np.int64) << 32 | (n_day.astype(np.int64) & 0xFFFFFFFF)
    at = np.searchsorted(key_old, key_new, side="right")
    m_cid = np.insert(k_cid, at, n_cid)
    m_day = np.insert(k_day, at, n_day)
    m_total = np.insert(k_total, at, n_total)
    counts = np.bincount(m_cid, minlength=top)
    start = np.zeros(top + 1, np.int64)
    np.cumsum(counts, out=start[1:])
    cum = np.zeros(len(m_total) + 1, np.int64)
    np.cumsum(m_total, out=cum[1:])
    # the day-sorted copy: same drop and insert
    dkeep = ~np.isin(s.d_cid, id_arr)
    dk_cid, dk_day = s.d_cid[dkeep], s.d_day[dkeep]
    by_day = np.argsort(n_day, kind="stable")
    dat = np.searchsorted(dk_day, n_day[by_day], side="right")
    d_cid = np.insert(dk_cid, dat, n_cid[by_day])
    d_day = np.insert(dk_day, dat, n_day[by_day])
    v = voices
    vs = ((v.customer_id, v.day, v.kind, v.nps) if v is not None
          else (s.v_cid, s.v_day, s.v_kind, s.v_nps))
    return Snapshot(registered, created, start, m_day, cum, d_cid, d_day, *vs)


# -- the engine a process keeps warm --------------------------------------------------

_engines: dict[str, AnalysisEngine] = {}
_engines_lock = threading.Lock()


def warm_engine(store: Store, settings: StageSettings = DEFAULT_SETTINGS,
                progress: Progress | None = None) -> AnalysisEngine:
    """The process's engine for *store*, loaded on first use and kept (the desk refreshes
    it from its change hub; see :func:`changed`)."""
    with _engines_lock:
        engine = _engines.get(store.url)
        if engine is None:
            engine = AnalysisEngine.load(store, settings, progress)
            _engines[store.url] = engine
        elif engine.settings != settings:
            engine = engine.with_settings(settings)
            _engines[store.url] = engine
        return engine


def changed(store: Store, customer_ids: Iterable[int], *, notes: bool = False) -> None:
    """Orders or customers changed: refresh the warm engine for *store*, if there is one."""
    engine = _engines.get(store.url)
    ids = list(customer_ids)
    if engine is not None and (ids or notes):
        engine.refresh(ids, voices=notes)


def forget(store: Store) -> None:
    with _engines_lock:
        _engines.pop(store.url, None)
