from datetime import date

from desk_app.domain.stages import Aggregates, StageRules, stage_label

TODAY = date(2026, 11, 23)


def agg(first, last, n, total):
    return Aggregates(first, last, n, total)


def test_no_orders_is_a_prospect():
    assert stage_label(agg(None, None, 0, 0), TODAY) == "見込み"


def test_first_order_active_and_lapsed():
    assert stage_label(agg(date(2026, 10, 1), date(2026, 10, 1), 1, 3000), TODAY) == "初回・現役"
    assert stage_label(agg(date(2024, 1, 1), date(2024, 1, 1), 1, 3000), TODAY) == "初回・離脱"


def test_segments_by_amount_and_tenure():
    rules = StageRules(lapse_days=365, loyal_amount=50_000, loyal_tenure_days=400)
    assert stage_label(agg(date(2026, 8, 1), date(2026, 11, 1), 2, 8000), TODAY, rules) == "よちよち・現役"
    assert stage_label(agg(date(2023, 1, 1), date(2026, 11, 1), 9, 30000), TODAY, rules) == "コツコツ・現役"
    assert stage_label(agg(date(2026, 5, 1), date(2026, 11, 1), 4, 80000), TODAY, rules) == "流行・現役"
    assert stage_label(agg(date(2023, 1, 1), date(2026, 11, 1), 12, 150000), TODAY, rules) == "優良・現役"
    assert stage_label(agg(date(2022, 1, 1), date(2024, 11, 1), 12, 150000), TODAY, rules) == "優良・離脱"
