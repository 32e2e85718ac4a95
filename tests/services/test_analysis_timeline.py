"""The per-day head-count table (services/analysis/timeline.py) equals classifying every
customer afresh, on every day of random histories; after a refresh's splice it equals a
table built from scratch; and when the days span too far the engine counts customer by
customer instead."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain import stages
from desk_app.domain.stages import StageRules, StageSettings
from desk_app.services.analysis import AnalysisEngine, build, replace_customers, to_day
from desk_app.services.analysis import timeline as tl
from desk_app.store.rfm_load import CustomerRows, OrderRows

BASE = date(2024, 1, 1)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# customers (created offset or None for an order-only id) and orders (customer, day, total);
# same-day orders and orders before registration included
history = st.integers(1, 12).flatmap(lambda n: st.tuples(
    st.lists(st.integers(-20, 400), min_size=n, max_size=n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 400), st.integers(0, 60_000)),
             max_size=40)))
RULES = [StageRules(),
         StageRules(lapse_days=30, young_tenure_days=10, loyal_amount=20_000,
                    trend_tenure_days=50),
         StageRules(lapse_days=0, young_tenure_days=0, loyal_amount=0, trend_tenure_days=0),
         StageRules(variant="rank4", lapse_days=45)]


def snapshot_of(created, orders):
    ids = np.arange(1, len(created) + 1) * 2
    o = np.array(orders, dtype=np.int64).reshape(-1, 3)
    return build(ids, np.array([to_day(BASE) + c for c in created]),
                 ids[o[:, 0]] if len(o) else np.empty(0, np.int64), to_day(BASE) + o[:, 1],
                 o[:, 2])


def per_customer(engine: AnalysisEngine, day: date) -> list[int]:
    st_ = engine.state(day)
    c = np.bincount(st_.code[st_.code >= 0], minlength=len(engine.segments))
    return c.tolist()


def check_every_day(table, engine: AnalysisEngine, lo: int, hi: int) -> None:
    for off in range(lo - 3, hi + 3):
        day = BASE + timedelta(days=off)
        assert table.counts(to_day(day)).tolist() == per_customer(engine, day), day


@fast
@given(history, st.sampled_from(RULES))
def test_the_table_equals_classifying_every_customer_on_every_day(h, rules):
    created, orders = h
    eng = AnalysisEngine(snapshot_of(created, orders), StageSettings(cpm=rules))
    table = eng.timeline()
    assert table is not None
    check_every_day(table, eng, -25, 400 + rules.lapse_days + 5)


def test_lapsing_without_an_order_and_the_prospect_span_are_on_their_exact_days():
    day0 = to_day(BASE)
    snap = build(np.array([1, 2]), np.array([day0, day0 + 3]), np.array([1, 1]),
                 np.array([day0 + 10, day0 + 10]), np.array([80_000, 1]))
    eng = AnalysisEngine(snap)
    t = eng.timeline()
    segs = eng.segments
    lapse = eng.settings.cpm.lapse_days

    def on(off: int) -> dict[str, int]:
        c = t.counts(day0 + off)
        return {segs[i]: int(n) for i, n in enumerate(c) if n}

    assert on(-1) == {}
    assert on(0) == {stages.PROSPECT: 1}
    assert on(3) == {stages.PROSPECT: 2}
    assert on(10) == {"よちよち・現役": 1, stages.PROSPECT: 1}  # two orders the same day
    assert on(10 + lapse - 1) == {"よちよち・現役": 1, stages.PROSPECT: 1}
    assert on(10 + lapse) == {"よちよち・離脱": 1, stages.PROSPECT: 1}
    assert on(10_000) == on(10 + lapse)


@fast
@given(history, history, st.sampled_from(RULES), st.integers(0, 3))
def test_the_table_after_a_splice_equals_one_built_from_scratch(h, other, rules, shift):
    """refresh's update: the changed customers' spans out, their new ones in, the table
    widened when the new rows reach beyond it (shift moves them far later)."""
    created, orders = h
    ocreated, oorders = other
    old = snapshot_of(created, orders)
    changed = [(i + 1) * 2 for i in range(len(ocreated)) if i % 2 == 0]
    new_orders = [((ci + 1) * 2, d + 500 * shift, t) for ci, d, t in oorders
                  if (ci + 1) * 2 in changed]
    o = np.array(new_orders, dtype=np.int64).reshape(-1, 3)
    cust = CustomerRows(np.array(changed, np.int32), np.array(
        [to_day(BASE) + ocreated[c // 2 - 1] - 100 * shift for c in changed], np.int32))
    rows = OrderRows(o[:, 0].astype(np.int32), (to_day(BASE) + o[:, 1]).astype(np.int32),
                     o[:, 2])
    new = replace_customers(old, changed, cust, rows, None)
    eng = AnalysisEngine(new, StageSettings(cpm=rules))
    spliced = tl.updated(tl.build(old, rules), old, new, np.array(changed), rules)
    assert spliced is not None
    check_every_day(spliced, eng, -25 - 100 * shift, 400 + 500 * shift + rules.lapse_days + 5)
    fresh = tl.build(new, rules)
    assert spliced.counts(spliced.hi + 1).tolist() == fresh.counts(fresh.hi + 1).tolist()


def test_an_engine_refresh_keeps_its_table_and_updates_it(store):
    from rfm_support import add_customer, add_order

    a = add_customer(store, "C1", created=date(2025, 1, 1))
    b = add_customer(store, "C2", created=date(2025, 1, 1))
    add_order(store, a, date(2025, 1, 5), 80_000)
    eng = AnalysisEngine.load(store, cache=False)
    before = eng.timeline()
    assert eng.counts(date(2025, 6, 1)) == {**dict.fromkeys(eng.segments, 0),
                                            "初回・現役": 1, "見込み": 1}
    add_order(store, b, date(2025, 5, 1), 1_000)
    add_order(store, a, date(2025, 12, 1), 1_000)
    eng.refresh([a, b])
    after = eng.timeline()
    assert after is not before and after is not None
    assert eng.timeline() is after  # kept, not built again
    for d in (date(2025, 6, 1), date(2025, 12, 1), date(2026, 7, 30), date(2027, 1, 1)):
        assert eng.counts(d) == AnalysisEngine(eng.snapshot).counts(d)
        assert eng.counts(d) == dict(zip(eng.segments, per_customer(eng, d), strict=True))
    assert eng.counts(date(2025, 12, 1))["よちよち・現役"] == 0
    assert eng.counts(date(2025, 12, 1))["流行・現役"] == 0
    assert eng.counts(date(2025, 12, 1))["優良・現役"] == 1


@fast
@given(history, st.integers(1, 14), st.integers(-30, 900))
def test_far_apart_days_fall_back_to_counting_customer_by_customer(h, months, off):
    """An order dated centuries away: no table; counts and month-ends still exact."""
    created, orders = h
    far = [*orders, (0, 400_000, 1)]  # ~1,100 years later
    eng = AnalysisEngine(snapshot_of(created, far))
    assert eng.timeline() is None
    as_of = BASE + timedelta(days=off)
    assert eng.counts(as_of) == dict(zip(eng.segments, per_customer(eng, as_of), strict=True))
    for d, counts in eng.monthly(as_of, months):
        assert counts == dict(zip(eng.segments, per_customer(eng, d), strict=True))


def test_the_table_stays_small_for_a_store_since_1970():
    """Customers with no registration date count from day 0 (1970): sixty years of days
    is still a table of a couple of megabytes."""
    snap = build(np.array([1, 2]), np.array([0, to_day(date(2026, 1, 1))]), np.array([2]),
                 np.array([to_day(date(2030, 1, 1))]), np.array([100]))
    t = tl.build(snap, StageRules())
    assert t is not None and t.table.nbytes < 3 * 2**20
    c = Counter({i: int(n) for i, n in enumerate(t.counts(to_day(date(2000, 1, 1)))) if n})
    assert c == {len(stages.SEGMENTS) - 1: 1}


def test_base_codes_equal_the_domains_base_segment_around_every_threshold():
    """The packed-bits look-up against stages.base_segment, one day / one yen either side
    of each threshold, for both variants and edited rules."""
    for rules in RULES:
        days = sorted({max(0, x + d) for x in (rules.young_tenure_days,
                                               rules.trend_tenure_days) for d in (-1, 0, 1)})
        yens = sorted({max(0, rules.loyal_amount + d) for d in (-1, 0, 1)})
        cases = [(c, t, y) for c in (1, 2, 5) for t in days for y in yens]
        count = np.array([c for c, _t, _y in cases])
        active, lapsed = tl.base_codes(rules, count == 1, np.array([t for _c, t, _y in cases]),
                                       np.array([y for _c, _t, y in cases]))
        segs = rules.segments
        for (c, t, y), a, lp in zip(cases, active, lapsed, strict=True):
            base = stages.base_segment(c, t, y, rules)
            if rules.variant == "rank4":
                assert (segs[a], segs[lp]) == (base, stages.LAPSED)
            else:
                assert (segs[a], segs[lp]) == (f"{base}{stages.SEP}{stages.ACTIVE}",
                                               f"{base}{stages.SEP}{stages.LAPSED}")
