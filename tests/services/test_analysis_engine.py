"""The analysis engine equals a straightforward per-customer reference on random histories:
one date, month-ends, movement, cohorts, revenue, RFM; and stays equal after refreshes."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain import stages
from desk_app.domain.stages import (
    Aggregates,
    RfmRules,
    StageRules,
    StageSettings,
    rfm_score,
    segment,
)
from desk_app.services.analysis import (
    AnalysisEngine,
    CohortCell,
    MovementCell,
    RfmCell,
    SegmentCell,
    build,
    month_ends,
    to_day,
)

BASE = date(2024, 1, 1)

# a history: customers (id, created offset) and orders (customer index, day offset, total)
history = st.integers(1, 25).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.integers(0, 900), min_size=n, max_size=n),  # created day offsets
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 1000), st.integers(0, 90_000)),
             max_size=80)))
as_of_offsets = st.integers(-30, 1100)


def engine_of(h, rules: StageSettings = stages.DEFAULT_SETTINGS):
    n, created, orders = h
    ids = np.arange(1, n + 1) * 3  # ids with holes, as after deletions
    o = np.array(orders, dtype=np.int64).reshape(-1, 3)
    snap = build(ids, np.array([to_day(BASE) + c for c in created]),
                 ids[o[:, 0]] if len(o) else np.empty(0, np.int64),
                 to_day(BASE) + o[:, 1], o[:, 2])
    return AnalysisEngine(snap, rules)


def reference_customers(h):
    """{id: (created date, [(order date, total)])} — the plain-Python model."""
    n, created, orders = h
    out = {(i + 1) * 3: (BASE + timedelta(days=created[i]), []) for i in range(n)}
    for ci, off, total in orders:
        out[(ci + 1) * 3][1].append((BASE + timedelta(days=off), total))
    return out


def reference_segment(created, orders, as_of, rules=stages.DEFAULT_SETTINGS.cpm):
    agg = Aggregates.of_orders(orders, as_of)
    if agg.orders_count == 0 and created > as_of:
        return None  # not a customer yet
    return segment(agg, as_of, rules)


def reference_counts(h, as_of, rules=stages.DEFAULT_SETTINGS.cpm):
    c = Counter()
    for created, orders in reference_customers(h).values():
        s = reference_segment(created, orders, as_of, rules)
        if s is not None:
            c[s] += 1
    return {name: c.get(name, 0) for name in rules.segments}


fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(history, as_of_offsets)
def test_one_date_equals_the_reference(h, off):
    as_of = BASE + timedelta(days=off)
    assert engine_of(h).counts(as_of) == reference_counts(h, as_of)


@fast
@given(history, as_of_offsets)
def test_one_date_equals_the_reference_under_edited_rules_and_rank4(h, off):
    as_of = BASE + timedelta(days=off)
    for rules in (StageRules(lapse_days=100, young_tenure_days=10, loyal_amount=20_000,
                             trend_tenure_days=50), StageRules(variant="rank4")):
        eng = engine_of(h, StageSettings(cpm=rules))
        assert eng.counts(as_of) == reference_counts(h, as_of, rules)


@fast
@given(history, st.integers(1, 14), as_of_offsets)
def test_month_ends_equal_the_reference(h, months, off):
    as_of = BASE + timedelta(days=off)
    got = engine_of(h).monthly(as_of, months)
    ends = month_ends(as_of, months)
    assert [d for d, _ in got] == ends
    assert all(d <= as_of for d in ends) and len(ends) == months
    for d, counts in got:
        assert counts == reference_counts(h, d)


@fast
@given(history, as_of_offsets, as_of_offsets)
def test_movement_equals_the_reference(h, off1, off2):
    d1, d2 = sorted((BASE + timedelta(days=off1), BASE + timedelta(days=off2)))
    expected = Counter()
    for _created, orders in reference_customers(h).values():
        if Aggregates.of_orders(orders, d2).orders_count == 0:
            continue
        before = segment(Aggregates.of_orders(orders, d1), d1)  # 見込み with no order by d1
        expected[(before, segment(Aggregates.of_orders(orders, d2), d2))] += 1
    eng = engine_of(h)
    matrix = eng.movement(d1, d2)
    assert {(a, b): n for a, row in matrix.items() for b, n in row.items() if n} == expected
    for (a, b), n in expected.items():
        assert len(eng.customers(MovementCell(d1, d2, a, b))) == n


@fast
@given(history, as_of_offsets)
def test_segment_lists_hold_exactly_the_customers_of_that_segment(h, off):
    as_of = BASE + timedelta(days=off)
    eng = engine_of(h)
    ref = reference_customers(h)
    for name in eng.segments:
        want = sorted(cid for cid, (created, orders) in ref.items()
                      if reference_segment(created, orders, as_of) == name)
        assert eng.customers(SegmentCell(as_of, name)).tolist() == want


@fast
@given(history, as_of_offsets)
def test_rfm_codes_and_grid_equal_the_reference(h, off):
    as_of = BASE + timedelta(days=off)
    eng = engine_of(h)
    expected = Counter()
    for _created, orders in reference_customers(h).values():
        score = rfm_score(Aggregates.of_orders(orders, as_of), as_of)
        if score:
            expected[score.text] += 1
    assert eng.rfm_codes(as_of) == dict(sorted(expected.items()))
    grid = eng.rfm_grid(as_of)
    for i, r in enumerate(grid["r"]):
        for j, f in enumerate(grid["f"]):
            n = sum(v for k, v in expected.items() if k.startswith(f"R{r}F{f}"))
            assert grid["counts"][i][j] == n
            assert len(eng.customers(RfmCell(as_of, r, f))) == n


@fast
@given(history, as_of_offsets)
def test_quintile_scores_use_the_bases_quintiles(h, off):
    as_of = BASE + timedelta(days=off)
    eng = engine_of(h, StageSettings(rfm=RfmRules(method="quintiles")))
    aggs = [Aggregates.of_orders(o, as_of) for _c, o in reference_customers(h).values()]
    aggs = [a for a in aggs if a.orders_count]
    rules = stages.resolve_rfm(
        RfmRules(method="quintiles"), [(as_of - a.last_order_date).days for a in aggs],
        [a.orders_count for a in aggs], [a.total_amount for a in aggs])
    expected = Counter(rfm_score(a, as_of, rules).text for a in aggs)
    assert eng.rfm_codes(as_of) == dict(sorted(expected.items()))


@fast
@given(history, as_of_offsets)
def test_cohorts_and_revenue_equal_the_reference(h, off):
    as_of = BASE + timedelta(days=off)
    eng = engine_of(h)
    ref = reference_customers(h)
    rows = eng.cohorts(as_of, 36)
    for row in rows:
        members = [o for _c, o in ref.values()
                   if (a := Aggregates.of_orders(o, as_of)).orders_count
                   and a.first_order_date.strftime("%Y-%m") == row["month"]]
        counts = [Aggregates.of_orders(o, as_of).orders_count for o in members]
        assert (row["customers"], row["f2"], row["f3"]) == (
            len(members), sum(c >= 2 for c in counts), sum(c >= 3 for c in counts))
        y, m = (int(x) for x in row["month"].split("-"))
        assert len(eng.customers(CohortCell(as_of, row["month"], 2))) == row["f2"]
    revenue = eng.revenue(as_of, 365)
    for name in eng.segments:
        members = [o for c, o in ref.values() if reference_segment(c, o, as_of) == name]
        lo = as_of - timedelta(days=365)
        assert revenue[name] == {
            "customers": len(members),
            "total": sum(t for o in members for d, t in o if d <= as_of),
            "window": sum(t for o in members for d, t in o if lo < d <= as_of)}


@fast
@given(history, history, as_of_offsets)
def test_replacing_customers_equals_building_from_scratch(h, other, off):
    """refresh's splice: replace some customers' rows by another history's rows."""
    from desk_app.services.analysis import replace_customers
    from desk_app.store.rfm_load import CustomerRows, OrderRows

    as_of = BASE + timedelta(days=off)
    eng = engine_of(h)
    n, created, orders = h
    # the customers 3, 6 … of *other* replace the same ids; ids beyond h's are new ones
    on, ocreated, oorders = other
    changed = [(i + 1) * 3 for i in range(on) if i % 2 == 0]
    idx = {cid: i for i, cid in enumerate((i + 1) * 3 for i in range(on))}
    new_orders = [(idx[(ci + 1) * 3], d, t) for ci, d, t in oorders if (ci + 1) * 3 in changed]
    o = np.array(new_orders, dtype=np.int64).reshape(-1, 3)
    cust = CustomerRows(np.array(changed, np.int32),
                        np.array([to_day(BASE) + ocreated[idx[c]] for c in changed], np.int32))
    rows = OrderRows(((o[:, 0] + 1) * 3).astype(np.int32), (to_day(BASE) + o[:, 1]).astype(
        np.int32), o[:, 2])
    spliced = AnalysisEngine(replace_customers(eng.snapshot, changed, cust, rows, None))
    # the same thing from scratch
    ref = reference_customers(h)
    oref = reference_customers(other)
    for cid in changed:
        ref[cid] = oref[cid]
    counts = Counter()
    for c, orders_ in ref.values():
        s = reference_segment(c, orders_, as_of)
        if s is not None:
            counts[s] += 1
    assert spliced.counts(as_of) == {k: counts.get(k, 0) for k in spliced.segments}
    assert spliced.monthly(as_of, 3)[-1][1] == spliced.counts(month_ends(as_of, 3)[-1])


def test_cancelled_orders_and_refresh_through_sqlite(store):
    _cancelled_orders_and_refresh(store)


def test_cancelled_orders_and_refresh_through_postgresql(pg_url):
    from desk_app.store.db import Store

    store = Store(pg_url)
    try:
        _cancelled_orders_and_refresh(store)
    finally:
        store.dispose()


def _cancelled_orders_and_refresh(store):
    """Loaded from the store: cancelled orders are left out; a refresh sees new orders;
    note days are Japan dates; an NPS answer and voices are counted."""
    from datetime import datetime, timezone

    from rfm_support import add_customer, add_note, add_order

    a = add_customer(store, "C1", created=date(2025, 1, 1))
    b = add_customer(store, "C2", created=date(2025, 1, 1))
    add_order(store, a, date(2025, 1, 5), 40_000)
    add_order(store, a, date(2025, 9, 1), 40_000)
    add_order(store, b, date(2025, 4, 1), 5_000, status="cancelled")
    eng = AnalysisEngine.load(store)
    as_of = date(2025, 10, 1)
    counts = eng.counts(as_of)
    assert counts["優良・現役"] == 1 and counts["見込み"] == 1
    add_order(store, b, date(2025, 9, 20), 5_000)
    eng.refresh([b])
    counts = eng.counts(as_of)
    assert counts["初回・現役"] == 1 and counts["見込み"] == 0
    assert eng.counts(date(2026, 6, 1))["優良・離脱"] == 1  # lapsed with no new order
    assert eng.counts(date(2024, 12, 31))["見込み"] == 0  # not registered yet
    # 2025-09-30 16:00 UTC is 2025-10-01 01:00 in Japan: an October note
    add_note(store, a, datetime(2025, 9, 30, 16, tzinfo=timezone.utc), "complaint", nps=3)
    add_note(store, b, datetime(2025, 9, 30, 14, tzinfo=timezone.utc), "praise", nps=10)
    eng.refresh([], voices=True)
    months = {m["month_end"]: m["segments"] for m in eng.voices(date(2025, 10, 31), 2)}
    assert months["2025-10-31"]["優良・現役"] == {"complaints": 1, "praise": 0, "answers": 1,
                                                 "nps": -100}
    assert months["2025-09-30"]["初回・現役"] == {"complaints": 0, "praise": 1, "answers": 1,
                                                 "nps": 100}


def test_the_engine_agrees_with_the_domain_exactly_at_every_boundary():
    """Each threshold one day / one yen either side (random histories rarely land there)."""
    as_of = date(2026, 11, 30)
    histories = []
    for lapse in (239, 240, 241):
        histories.append([(as_of - timedelta(days=lapse), 1000)])
        histories.append([(as_of - timedelta(days=lapse + 300), 90_000),
                          (as_of - timedelta(days=lapse), 1000)])
    for tenure in (89, 90, 91, 209, 210, 211):
        last = as_of - timedelta(days=5)
        histories.append([(last - timedelta(days=tenure), 80_000), (last, 1)])
        histories.append([(last - timedelta(days=tenure), 30_000), (last, 1)])
    for total in (69_999, 70_000, 70_001):
        histories.append([(as_of - timedelta(days=100), total - 1), (as_of, 1)])
        histories.append([(as_of - timedelta(days=300), total - 1), (as_of - timedelta(days=1), 1)])
    ids = np.arange(1, len(histories) + 1)
    rows = [(cid, to_day(d), t) for cid, h in zip(ids, histories, strict=True) for d, t in h]
    o = np.array(rows, dtype=np.int64)
    eng = AnalysisEngine(build(ids, np.zeros(len(ids)), o[:, 0], o[:, 1], o[:, 2]))
    st = eng.state(as_of)
    for cid, h in zip(ids, histories, strict=True):
        assert st.segments[st.code[cid]] == segment(Aggregates.of_orders(h), as_of), h
    assert len(set(st.code[1:].tolist())) >= 6  # the cases really spread over segments


@fast
@given(history, st.lists(st.tuples(st.integers(0, 24), st.integers(0, 1000), st.integers(0, 2),
                                   st.integers(-1, 10)), max_size=40), as_of_offsets)
def test_voices_equal_the_reference(h, notes, off):
    """クレーム/お褒め counts and NPS per segment per month, segment as of the month's end
    (the as-of date for the month it falls in)."""
    from desk_app.services.analysis import month_end
    from desk_app.store.rfm_load import VoiceRows

    n = h[0]
    notes = [(ci % n, d, k, v) for ci, d, k, v in notes]
    eng = engine_of(h)
    v = np.array(notes, dtype=np.int64).reshape(-1, 4)
    voices = VoiceRows(((v[:, 0] + 1) * 3).astype(np.int32),
                       (to_day(BASE) + v[:, 1]).astype(np.int32), v[:, 2].astype(np.int8),
                       v[:, 3].astype(np.int8))
    from dataclasses import replace as dc_replace
    eng = AnalysisEngine(dc_replace(eng.snapshot, v_cid=voices.customer_id, v_day=voices.day,
                                    v_kind=voices.kind, v_nps=voices.nps))
    as_of = BASE + timedelta(days=off)
    ref = reference_customers(h)
    for row in eng.voices(as_of, 6):
        end = date.fromisoformat(row["month_end"])
        assert end == min(month_end(end), as_of)
        for name, got in row["segments"].items():
            mine = [(k, s) for ci, d, k, s in notes
                    if (BASE + timedelta(days=d)).strftime("%Y-%m") == end.strftime("%Y-%m")
                    and BASE + timedelta(days=d) <= end
                    and reference_segment(*ref[(ci + 1) * 3], end) == name]
            answers = [s for _k, s in mine if s >= 0]
            nps = (round(100 * (sum(s >= 9 for s in answers) - sum(s <= 6 for s in answers))
                         / len(answers)) if answers else None)
            assert got == {"complaints": sum(k == 1 for k, _s in mine),
                           "praise": sum(k == 2 for k, _s in mine),
                           "answers": len(answers), "nps": nps}


@fast
@given(history, st.integers(1, 14), as_of_offsets)
def test_month_ends_under_edited_rules_and_rank4_equal_the_reference(h, months, off):
    """The month-end pass reclassifies only who can have changed; under other thresholds
    too it must equal classifying everyone afresh."""
    as_of = BASE + timedelta(days=off)
    for rules in (StageRules(lapse_days=45, young_tenure_days=10, loyal_amount=20_000,
                             trend_tenure_days=50), StageRules(variant="rank4", lapse_days=60)):
        eng = engine_of(h, StageSettings(cpm=rules))
        for d, counts in eng.monthly(as_of, months):
            assert counts == reference_counts(h, d, rules)


@fast
@given(history, st.lists(st.integers(-2, 90), max_size=30), as_of_offsets)
def test_codes_of_a_few_customers_equal_their_codes_in_the_whole_state(h, picks, off):
    """What voices use: the binary search within a customer's orders, for some ids (any
    order, repeats, ids beyond the columns) equals the state of everyone."""
    from desk_app.services.analysis.columns import order_counts, order_counts_of

    as_of = BASE + timedelta(days=off)
    eng = engine_of(h)
    s = eng.snapshot
    ids = np.array(picks, np.int64)
    st_ = eng.state(as_of)
    want = np.where((ids >= 0) & (ids < s.n), st_.code[np.clip(ids, 0, s.n - 1)], -1)
    assert eng.codes_of(ids, as_of).tolist() == want.tolist()
    inside = ids[(ids >= 0) & (ids < s.n)]
    assert (order_counts_of(s, inside, to_day(as_of)).tolist()
            == order_counts(s, to_day(as_of))[inside].tolist())
