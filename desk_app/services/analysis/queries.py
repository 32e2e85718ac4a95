"""The figures the analysis window and ``desk-app rfm`` show, over the engine's states.

A mixin of :class:`~desk_app.services.analysis.engine.AnalysisEngine`: each method reads
one snapshot (``self._snap``) and the states the engine computes from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from desk_app.domain import stages
from desk_app.domain.stages import RfmRules, StageSettings
from desk_app.services.analysis.columns import (
    Progress,
    Snapshot,
    _month_index,
    month_end,
    month_ends,
    order_counts,
    to_day,
)
from desk_app.services.analysis.selectors import (
    CohortCell,
    MovementCell,
    RfmCell,
    SegmentCell,
    Selector,
    VoiceCell,
)

if TYPE_CHECKING:
    from desk_app.services.analysis.engine import State
    from desk_app.services.analysis.timeline import Timeline


class Queries:
    """Counts, month-ends, movement, cohorts, revenue, RFM, voices, the customers behind
    a number."""

    _snap: Snapshot
    settings: StageSettings

    if TYPE_CHECKING:  # provided by AnalysisEngine
        @property
        def segments(self) -> tuple[str, ...]: ...
        def state(self, as_of: date, snap: Snapshot | None = None) -> State: ...
        def timeline(self, snap: Snapshot | None = None) -> Timeline | None: ...
        def codes_of(self, ids: np.ndarray, as_of: date) -> np.ndarray: ...
        def iter_codes(self, dates: list[date]) -> Iterator[
            tuple[date, np.ndarray, np.ndarray]]: ...
        def iter_states(self, dates: list[date], progress: Progress | None = None
                        ) -> Iterator[State]: ...
        def rfm_rules(self, st: State) -> RfmRules: ...
        def scores(self, st: State, rules: RfmRules | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def counts(self, as_of: date) -> dict[str, int]:
        """Head-count per segment (all segments, zeros included, in display order)."""
        table = self.timeline()
        if table is None:
            return self._counts(self.state(as_of))
        c = table.counts(to_day(as_of))
        return {name: int(c[i]) for i, name in enumerate(self.segments)}

    def _counts(self, st: State) -> dict[str, int]:
        c = np.bincount(st.code[st.code >= 0], minlength=len(st.segments))
        return {name: int(c[i]) for i, name in enumerate(st.segments)}

    # -- month-ends -----------------------------------------------------------------

    def monthly(self, as_of: date, months: int = 24, progress: Progress | None = None
                ) -> list[tuple[date, dict[str, int]]]:
        """Head-counts at each of the last *months* month-ends on or before *as_of*."""
        out = []
        ends = month_ends(as_of, months)
        table = self.timeline()
        steps = (((d, table.counts(to_day(d))) for d in ends) if table is not None
                 else ((d, counts) for d, _code, counts in self.iter_codes(ends)))
        for i, (d, counts) in enumerate(steps):
            out.append((d, {name: int(counts[j]) for j, name in enumerate(self.segments)}))
            if progress:
                progress(i + 1, len(ends))
        return out


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
        before = order_counts(s, to_day(as_of - timedelta(days=window_days)))
        begin = s.start[:-1]
        window = (s.cum_total[begin + st.count] - s.cum_total[begin + before])
        k = len(self.segments)
        sel = st.code >= 0
        codes = st.code[sel].astype(np.int64)
        n = np.bincount(codes, minlength=k)
        tot = np.bincount(codes, weights=st.total[sel], minlength=k)
        win = np.bincount(codes, weights=window[sel], minlength=k)
        return {name: {"customers": int(n[i]), "total": int(round(tot[i])),
                       "window": int(round(win[i]))} for i, name in enumerate(self.segments)}


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
        for me in ends:
            sel = (v_month == _month_index(np.array([to_day(me)]))[0]) & (s.v_day <= to_day(me))
            # only the customers with a voice that month, as of its end
            code = self.codes_of(s.v_cid[sel], me).astype(np.int64)
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

