"""The one stage model: CPM segments, figures and RFM scores, boundaries exactly."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.stages import (
    NO_ORDERS,
    SEGMENTS,
    Aggregates,
    RfmRules,
    StageRules,
    StageSettings,
    figures,
    quintile_bounds,
    rfm_score,
    score,
    segment,
    segments_for,
    stage_label,
)

AS_OF = date(2026, 11, 23)


def agg(first, last, n, total):
    return Aggregates(first, last, n, total)


def ago(days):
    return AS_OF - timedelta(days=days)


def test_the_ten_segments_and_prospect_in_order_with_the_katakana_middle_dot():
    assert SEGMENTS == (
        "初回・現役", "よちよち・現役", "コツコツ・現役", "流行・現役", "優良・現役",
        "初回・離脱", "よちよち・離脱", "コツコツ・離脱", "流行・離脱", "優良・離脱", "見込み")
    assert all("\u30fb" in s for s in SEGMENTS[:10])


def test_no_orders_is_a_prospect():
    assert stage_label(NO_ORDERS, AS_OF) == "見込み"
    assert rfm_score(NO_ORDERS, AS_OF) is None


def test_figures_recency_tenure_lapse():
    f = figures(agg(date(2026, 1, 1), date(2026, 11, 1), 3, 9000), AS_OF)
    assert (f.recency_days, f.tenure_days, f.lapse_days) == (22, 304, 22)
    one = figures(agg(date(2026, 11, 1), date(2026, 11, 1), 1, 100), AS_OF)
    assert one.tenure_days == 0


@pytest.mark.parametrize("lapse, suffix", [(239, "現役"), (240, "離脱"), (241, "離脱")])
def test_lapse_boundary_at_240_days(lapse, suffix):
    assert segment(agg(ago(lapse), ago(lapse), 1, 3000), AS_OF) == f"初回・{suffix}"


@pytest.mark.parametrize("tenure, base", [(89, "よちよち"), (90, "流行"), (91, "流行")])
def test_young_boundary_at_90_days_tenure(tenure, base):
    last = ago(10)
    assert segment(agg(last - timedelta(days=tenure), last, 2, 200_000), AS_OF) == f"{base}・現役"


@pytest.mark.parametrize("total, base", [(69_999, "コツコツ"), (70_000, "流行"), (70_001, "流行")])
def test_amount_boundary_at_70000_yen(total, base):
    last = ago(10)
    assert segment(agg(last - timedelta(days=150), last, 3, total), AS_OF) == f"{base}・現役"


@pytest.mark.parametrize("tenure, base", [(209, "流行"), (210, "優良"), (211, "優良")])
def test_trend_boundary_at_210_days_tenure(tenure, base):
    last = ago(10)
    assert segment(agg(last - timedelta(days=tenure), last, 5, 90_000), AS_OF) == f"{base}・現役"


def test_order_of_rules_one_order_wins_over_amount_and_small_amount_wins_over_tenure():
    assert segment(agg(ago(5), ago(5), 1, 1_000_000), AS_OF) == "初回・現役"
    assert segment(agg(ago(900), ago(5), 20, 69_999), AS_OF) == "コツコツ・現役"
    assert segment(agg(ago(900), ago(300), 20, 500_000), AS_OF) == "優良・離脱"


def test_as_of_moves_a_customer_from_active_to_lapsed_without_a_new_order():
    a = agg(date(2025, 1, 10), date(2026, 1, 10), 6, 120_000)
    assert segment(a, date(2026, 9, 6)) == "優良・現役"  # 239 days
    assert segment(a, date(2026, 9, 7)) == "優良・離脱"  # 240 days


def test_aggregates_leave_out_orders_after_the_as_of_date():
    orders = [(date(2026, 1, 1), 1000), (date(2026, 3, 1), 2000), (date(2026, 5, 1), 4000)]
    assert Aggregates.of_orders(orders, date(2026, 3, 1)) == agg(
        date(2026, 1, 1), date(2026, 3, 1), 2, 3000)
    assert Aggregates.of_orders(orders, date(2025, 12, 31)) == NO_ORDERS


def test_edited_thresholds_apply():
    rules = StageRules(lapse_days=365, young_tenure_days=30, loyal_amount=50_000,
                       trend_tenure_days=100)
    a = agg(ago(300), ago(250), 3, 60_000)  # tenure 50, lapse 250
    assert segment(a, AS_OF) == "よちよち・離脱"
    assert segment(a, AS_OF, rules) == "流行・現役"


def test_rank4_variant():
    rules = StageRules(variant="rank4")
    assert rules.segments == ("新規", "常連", "優良", "離脱", "見込み")
    assert segment(agg(ago(5), ago(5), 1, 1000), AS_OF, rules) == "新規"
    assert segment(agg(ago(50), ago(5), 2, 1000), AS_OF, rules) == "常連"
    assert segment(agg(ago(50), ago(5), 2, 70_000), AS_OF, rules) == "優良"
    assert segment(agg(ago(500), ago(240), 9, 170_000), AS_OF, rules) == "離脱"
    assert segment(NO_ORDERS, AS_OF, rules) == "見込み"


@pytest.mark.parametrize("days, r", [(0, 5), (30, 5), (31, 4), (60, 4), (61, 3), (90, 3),
                                     (91, 2), (180, 2), (181, 1), (5000, 1)])
def test_recency_score(days, r):
    assert rfm_score(agg(ago(days), ago(days), 1, 100), AS_OF).r == r


@pytest.mark.parametrize("n, f", [(1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (11, 4), (12, 5),
                                  (99, 5)])
def test_frequency_score(n, f):
    assert rfm_score(agg(ago(9), ago(9), n, 100), AS_OF).f == f


@pytest.mark.parametrize("yen, m", [(0, 1), (5_000, 1), (5_001, 2), (10_000, 2), (10_001, 3),
                                    (20_000, 3), (20_001, 4), (50_000, 4), (50_001, 5)])
def test_monetary_score(yen, m):
    assert rfm_score(agg(ago(9), ago(9), 1, yen), AS_OF).m == m


def test_rfm_text():
    assert rfm_score(agg(ago(400), ago(10), 3, 15_000), AS_OF).text == "R5F3M3"


def test_quintile_bounds_cut_into_fifths():
    assert quintile_bounds(list(range(1, 11))) == (2, 4, 6, 8)
    scores = [score(v, quintile_bounds(list(range(1, 11)))) for v in range(1, 11)]
    assert scores == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_settings_round_trip_and_validation():
    s = StageSettings(StageRules(lapse_days=300, variant="rank4"),
                      RfmRules(monetary=(1, 2, 3, 4), method="quintiles"))
    assert StageSettings.from_dict(s.to_dict()) == s
    assert StageSettings.from_dict({}) == StageSettings()
    with pytest.raises(ValueError):
        RfmRules(recency_days=(30, 20, 90, 180))
    with pytest.raises(ValueError):
        StageRules(variant="rank7")
    with pytest.raises(ValueError):
        StageSettings.from_dict({"cpm": {"lapse_days": "abc"}})


days = st.integers(0, 4000)


@given(first_ago=days, span=days, n=st.integers(1, 50), total=st.integers(0, 2_000_000))
def test_any_customer_with_orders_is_in_exactly_one_of_the_ten_segments(first_ago, span, n,
                                                                          total):
    last = ago(max(0, first_ago - span))
    a = agg(ago(first_ago), last, n, total)
    s = segment(a, AS_OF)
    assert s in SEGMENTS[:10]
    assert s.endswith("離脱") == ((AS_OF - last).days >= 240)
    r = rfm_score(a, AS_OF)
    assert all(1 <= x <= 5 for x in (r.r, r.f, r.m))
    assert segment(a, AS_OF, StageRules(variant="rank4")) in segments_for("rank4")


@given(st.lists(st.integers(0, 3000), min_size=1), st.integers(0, 3000))
def test_score_is_monotone(bounds_seed, value):
    bounds = tuple(sorted(bounds_seed * 4)[:4]) if len(bounds_seed) < 4 else tuple(
        sorted(bounds_seed)[:4])
    assert score(value, bounds) <= score(value + 1, bounds)
    assert score(value, bounds, higher_is_better=False) >= score(value + 1, bounds,
                                                                 higher_is_better=False)
