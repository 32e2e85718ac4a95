"""Customer stages from the RFM aggregates: CPM (customer portfolio management) segments.

CPM is what Japanese 通販 shops use: 初回 / よちよち / コツコツ / 流行 / 優良, each 現役
(active) or 離脱 (lapsed). The segment needs only first/last order date, order count and
total, which the store keeps per customer in the same transaction as the orders, so the
pop-up can show a current stage without an analysis run. Thresholds are shop settings;
step 06 adds RFM scores and movement on top of the same aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class StageRules:
    lapse_days: int = 365  # no order for this long → 離脱
    loyal_amount: int = 50_000  # cumulative yen for 優良 / 流行
    loyal_tenure_days: int = 400  # first→last order span for 優良 / コツコツ
    young_max_count: int = 2  # よちよち: a second order, not yet settled


@dataclass(frozen=True, slots=True)
class Aggregates:
    first_order_date: date | None
    last_order_date: date | None
    orders_count: int
    total_amount: int


def cpm_segment(agg: Aggregates, rules: StageRules) -> str:
    """Segment without the 現役/離脱 suffix."""
    if agg.orders_count <= 0 or agg.first_order_date is None or agg.last_order_date is None:
        return "見込み"
    tenure = (agg.last_order_date - agg.first_order_date).days
    if agg.orders_count == 1:
        return "初回"
    if agg.total_amount >= rules.loyal_amount:
        return "優良" if tenure >= rules.loyal_tenure_days else "流行"
    if tenure >= rules.loyal_tenure_days:
        return "コツコツ"
    return "よちよち"


def stage_label(agg: Aggregates, today: date, rules: StageRules = StageRules()) -> str:
    """e.g. 優良・現役, 初回・離脱, or 見込み for a registered caller who never ordered."""
    segment = cpm_segment(agg, rules)
    if segment == "見込み":
        return segment
    assert agg.last_order_date is not None
    active = (today - agg.last_order_date).days < rules.lapse_days
    return f"{segment}・{'現役' if active else '離脱'}"


def days_since(last: date | None, today: date) -> int | None:
    return None if last is None else (today - last).days
