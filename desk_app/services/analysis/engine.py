"""The core of the analysis engine: every customer's state as of a date, as columns.

:class:`AnalysisEngine` applies the one stage model of ``desk_app.domain.stages`` to whole
columns (:meth:`~AnalysisEngine.state`, :meth:`~AnalysisEngine.iter_codes` for ascending
dates, :meth:`~AnalysisEngine.scores` for RFM); the figures the window and the CLI show
are in :mod:`.queries`; loading, the disk cache and the process's warm engine in
:mod:`.loading`. The tests check the engine against
:func:`~desk_app.domain.stages.segment` customer by customer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from desk_app.domain import stages
from desk_app.domain.stages import DEFAULT_SETTINGS, RfmRules, StageSettings
from desk_app.services.analysis import timeline
from desk_app.services.analysis.columns import (
    Progress,
    Snapshot,
    _quintiles,
    day_pos,
    order_counts,
    order_counts_of,
    to_day,
)
from desk_app.services.analysis.queries import Queries
from desk_app.services.analysis.timeline import Timeline, base_codes
from desk_app.store.db import Store


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


class AnalysisEngine(Queries):
    """Load once, keep warm, answer any figure. Thread-safe: queries read one snapshot."""

    def __init__(self, snapshot: Snapshot, settings: StageSettings = DEFAULT_SETTINGS,
                 store: Store | None = None) -> None:
        self._snap = snapshot
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()
        # the per-day head-count table of one snapshot (built on first use, kept across
        # refreshes): (snapshot, its table, or None when its days span too far)
        self._timeline: tuple[Snapshot, Timeline | None] | None = None
        self._timeline_lock = threading.Lock()

    # -- loading and refreshing -------------------------------------------------------

    @classmethod
    def load(cls, store: Store, settings: StageSettings = DEFAULT_SETTINGS,
             progress: Progress | None = None, *, cache: bool = True) -> AnalysisEngine:
        """Columns from the store: through the disk cache when *cache* (validated against
        the store's change marker, refreshed or rebuilt as needed), else read whole."""
        from desk_app.services.analysis import loading

        return cls(loading.load_snapshot(store, progress, cache=cache), settings, store)

    @property
    def snapshot(self) -> Snapshot:
        return self._snap

    def refresh(self, customer_ids: Iterable[int], *, voices: bool = False) -> None:
        """Reload the customers and orders of *customer_ids* (and the voices when notes
        changed) from the store; everything else stays as loaded."""
        from desk_app.services.analysis import loading

        if self.store is None:
            raise RuntimeError("an engine built from rows has no store to refresh from")
        ids = sorted({int(i) for i in customer_ids})
        with self._lock:  # one refresh at a time: each builds on the snapshot before it
            old = self._snap
            snap = loading.refreshed(self.store, old, ids, voices=voices)
            kept = self._timeline
            table = None
            if kept is not None and kept[0] is old and kept[1] is not None:
                table = (kept[1] if not ids else
                         timeline.updated(kept[1], old, snap, np.array(ids, np.int64),
                                          self.settings.cpm))
            with self._timeline_lock:
                self._snap = snap
                self._timeline = (snap, table) if table is not None else None

    def with_settings(self, settings: StageSettings) -> AnalysisEngine:
        """The same columns under other thresholds (settings were edited)."""
        return AnalysisEngine(self._snap, settings, self.store)

    # -- one date -------------------------------------------------------------------

    @property
    def segments(self) -> tuple[str, ...]:
        return self.settings.cpm.segments

    def timeline(self, snap: Snapshot | None = None) -> Timeline | None:
        """The per-day head-count table of *snap* (the current snapshot when None), built
        on first use and kept; None when the store's days span too far for one."""
        s = snap or self._snap
        kept = self._timeline
        if kept is not None and kept[0] is s:
            return kept[1]
        with self._timeline_lock:
            kept = self._timeline
            if kept is not None and kept[0] is s:
                return kept[1]
            table = timeline.build(s, self.settings.cpm)
            if s is self._snap:
                self._timeline = (s, table)
            return table

    def state(self, as_of: date, snap: Snapshot | None = None) -> State:
        s = snap or self._snap
        return self._classify(s, as_of, order_counts(s, to_day(as_of)))

    def _classify(self, s: Snapshot, as_of: date, count: np.ndarray) -> State:
        code, first, last, total = self._codes(s, to_day(as_of), count, None)
        return State(as_of, count, first, last, total, code, self.settings.cpm.segments)

    def _codes(self, s: Snapshot, d: int, count: np.ndarray, idx: np.ndarray | None):
        """Segment codes (int8; -1 = not a customer yet) of the customers *idx* (all when
        None) whose order counts up to day *d* are *count*; with first, last, total."""
        rules = self.settings.cpm
        segs = rules.segments
        has = count > 0
        begin = s.start[:-1] if idx is None else s.start[idx]
        if s.orders:
            top = s.orders - 1
            first = s.o_day[np.minimum(begin, top)]
            last = s.o_day[np.clip(begin + count - 1, 0, top)]
        else:
            first = last = np.zeros(len(count), np.int32)
        total = s.cum_total[begin + count] - s.cum_total[begin]
        active, when_lapsed = base_codes(rules, count == 1, last - first, total)
        lapsed = (d - last) >= rules.lapse_days
        code = np.where(lapsed, when_lapsed, active)
        registered = s.registered if idx is None else s.registered[idx]
        created = s.created_day if idx is None else s.created_day[idx]
        none = ~has
        code[none] = -1
        code[none & registered & (created <= d)] = segs.index(stages.PROSPECT)
        return code, first, last, total

    def codes_of(self, ids: np.ndarray, as_of: date) -> np.ndarray:
        """Segment codes (int8; -1 = not a customer yet, or not in the columns) of the
        customers *ids* (any order, repeats allowed) as of *as_of*."""
        s = self._snap
        ids = np.asarray(ids, np.int64)
        out = np.full(len(ids), -1, np.int8)
        inside = (ids >= 0) & (ids < s.n)
        idx = ids[inside]
        d = to_day(as_of)
        out[inside] = self._codes(s, d, order_counts_of(s, idx, d), idx)[0]
        return out

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
                count = order_counts(s, d)
                code = self._codes(s, d, count, None)[0]
            else:
                assert prev is not None  # not full: an earlier date was done
                lo = day_pos(s.d_day, prev)
                hi = day_pos(s.d_day, d)
                bought = s.d_cid[lo:hi]
                np.add.at(count, bought, 1)
                a = day_pos(s.d_day, prev - lapse)
                b = day_pos(s.d_day, d - lapse)
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
            end = day_pos(s.d_day, to_day(d))
            if end < pos:  # not ascending: start over for this one
                count = np.zeros(s.n, np.int64)
                pos = 0
            count = count + np.bincount(s.d_cid[pos:end], minlength=s.n)
            pos = end
            yield self._classify(s, d, count)
            if progress:
                progress(i + 1, len(dates))


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

