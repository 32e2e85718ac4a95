"""The one stage model: per-customer figures, CPM segments and RFM scores as of a date.

Everything the shop sees about "where a customer stands" comes from here: the pop-up chip,
the card, the search list, the analysis window, the letters and the CLI. A stage is never
stored; it is derived from four aggregates (first and last order date, order count, total
of the non-cancelled orders up to the as-of date) when read, so it is never stale: a
customer moves from 現役 to 離脱 without any new order, simply because time passed.

CPM (顧客ポートフォリオ・マネジメント), the portfolio Japanese 通販 shops use, defaults::

    離脱 if lapse (as-of − last order) ≥ 240 days, else 現役; then, first match wins:
    one order → 初回; tenure (last − first) < 90 days → よちよち;
    total < ¥70,000 → コツコツ; tenure < 210 days → 流行; else → 優良.

giving ten segments such as 優良・離脱, and 見込み for a registered caller with no order.
Some shops use four ranks instead (新規 / 常連 / 優良 / 離脱): :class:`StageRules` with
``variant="rank4"``. RFM scores 1–5 use fixed thresholds (editable) or quintiles of the
customer base; they read as ``R5F3M4``.

All thresholds live in :class:`StageSettings`, the typed settings section that every
screen and the CLI read, so a shop that edits one number sees it everywhere at once.
The analysis engine (``desk_app.services.analysis``) applies the same rules to columns of
a million customers; its tests check it against :func:`segment` customer by customer.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ACTIVE = "現役"
LAPSED = "離脱"
PROSPECT = "見込み"
SEP = "・"  # U+30FB KATAKANA MIDDLE DOT, part of the CLI contract

CPM_BASES = ("初回", "よちよち", "コツコツ", "流行", "優良")
RANK4_BASES = ("新規", "常連", "優良")

Variant = Literal["cpm10", "rank4"]
RfmMethod = Literal["fixed", "quintiles"]


@dataclass(frozen=True, slots=True)
class StageRules:
    """CPM thresholds (days and yen). Comparisons are exactly as the shop reads them:
    lapse ≥ ``lapse_days`` is 離脱; tenure < ``young_tenure_days`` is よちよち; total <
    ``loyal_amount`` is コツコツ; tenure < ``trend_tenure_days`` is 流行."""

    lapse_days: int = 240
    young_tenure_days: int = 90
    loyal_amount: int = 70_000
    trend_tenure_days: int = 210
    variant: Variant = "cpm10"

    def __post_init__(self) -> None:
        if self.variant not in ("cpm10", "rank4"):
            raise ValueError(f"unknown stage variant {self.variant!r}")
        for name in ("lapse_days", "young_tenure_days", "loyal_amount", "trend_tenure_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    @property
    def segments(self) -> tuple[str, ...]:
        """Every segment this rule set produces, in display order, 見込み last."""
        return segments_for(self.variant)


def segments_for(variant: Variant = "cpm10") -> tuple[str, ...]:
    if variant == "rank4":
        return (*RANK4_BASES, LAPSED, PROSPECT)
    return (*(f"{b}{SEP}{ACTIVE}" for b in CPM_BASES),
            *(f"{b}{SEP}{LAPSED}" for b in CPM_BASES), PROSPECT)


SEGMENTS: tuple[str, ...] = segments_for("cpm10")  # the ten CPM segments and 見込み


@dataclass(frozen=True, slots=True)
class RfmRules:
    """RFM score thresholds, each four ascending upper bounds (inclusive).

    R by days since the last order: ≤30 → 5, ≤60 → 4, ≤90 → 3, ≤180 → 2, else 1.
    F by order count: ≤1 → 1, ≤2 → 2, ≤4 → 3, ≤11 → 4, else 5.
    M by total yen: ≤5,000 → 1, ≤10,000 → 2, ≤20,000 → 3, ≤50,000 → 4, else 5.
    ``method="quintiles"`` replaces the bounds by the customer base's quintiles as of the
    date (:func:`quintile_bounds`); the analysis engine and the CLI compute them.
    """

    recency_days: tuple[int, int, int, int] = (30, 60, 90, 180)
    frequency: tuple[int, int, int, int] = (1, 2, 4, 11)
    monetary: tuple[int, int, int, int] = (5_000, 10_000, 20_000, 50_000)
    method: RfmMethod = "fixed"

    def __post_init__(self) -> None:
        if self.method not in ("fixed", "quintiles"):
            raise ValueError(f"unknown RFM method {self.method!r}")
        for name in ("recency_days", "frequency", "monetary"):
            bounds = tuple(getattr(self, name))
            if len(bounds) != 4 or any(b > a for a, b in zip(bounds[1:], bounds, strict=False)):
                raise ValueError(f"{name} needs four ascending bounds")
            object.__setattr__(self, name, bounds)


@dataclass(frozen=True, slots=True)
class StageSettings:
    """The settings section ``stages``: CPM rules and RFM rules, read by every screen."""

    cpm: StageRules = field(default_factory=StageRules)
    rfm: RfmRules = field(default_factory=RfmRules)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for k in ("recency_days", "frequency", "monetary"):
            out["rfm"][k] = list(out["rfm"][k])
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> StageSettings:
        """Tolerant of missing keys (defaults); unknown keys are ignored; bad values raise
        ValueError so a settings page can show which one."""
        data = data or {}
        cpm_in = data.get("cpm") or {}
        rfm_in = data.get("rfm") or {}
        cpm_fields = {k: cpm_in[k] for k in StageRules.__dataclass_fields__ if k in cpm_in}
        rfm_fields = {k: rfm_in[k] for k in RfmRules.__dataclass_fields__ if k in rfm_in}
        for k in ("lapse_days", "young_tenure_days", "loyal_amount", "trend_tenure_days"):
            if k in cpm_fields:
                cpm_fields[k] = int(cpm_fields[k])
        for k in ("recency_days", "frequency", "monetary"):
            if k in rfm_fields:
                rfm_fields[k] = tuple(int(v) for v in rfm_fields[k])
        return cls(StageRules(**cpm_fields), RfmRules(**rfm_fields))


DEFAULT_SETTINGS = StageSettings()


@dataclass(frozen=True, slots=True)
class Aggregates:
    """The four figures a stage needs, from non-cancelled orders up to the as-of date."""

    first_order_date: date | None
    last_order_date: date | None
    orders_count: int
    total_amount: int

    @classmethod
    def of_orders(cls, orders: Iterable[tuple[date, int]], as_of: date | None = None
                  ) -> Aggregates:
        """From (order date, total) pairs of the active orders; those after *as_of* are
        not yet history and are left out."""
        dates: list[date] = []
        total = 0
        for d, amount in orders:
            if as_of is None or d <= as_of:
                dates.append(d)
                total += amount
        if not dates:
            return NO_ORDERS
        return cls(min(dates), max(dates), len(dates), total)


NO_ORDERS = Aggregates(None, None, 0, 0)


@dataclass(frozen=True, slots=True)
class Figures:
    """One customer as of a date: the aggregates plus the day counts derived from them."""

    as_of: date
    first_order_date: date | None
    last_order_date: date | None
    orders_count: int
    total_amount: int
    recency_days: int | None  # as-of − last order (same number as lapse, named for R)
    tenure_days: int | None  # 在籍期間: last − first order (0 for one order)
    lapse_days: int | None  # 離脱期間: as-of − last order

    def to_json_dict(self) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"as_of": self.as_of.isoformat(), "first_order_date": iso(self.first_order_date),
                "last_order_date": iso(self.last_order_date), "orders_count": self.orders_count,
                "total_amount": self.total_amount, "recency_days": self.recency_days,
                "tenure_days": self.tenure_days, "lapse_days": self.lapse_days}


def figures(agg: Aggregates, as_of: date) -> Figures:
    if agg.orders_count <= 0 or agg.first_order_date is None or agg.last_order_date is None:
        return Figures(as_of, None, None, 0, 0, None, None, None)
    lapse = (as_of - agg.last_order_date).days
    return Figures(as_of, agg.first_order_date, agg.last_order_date, agg.orders_count,
                   agg.total_amount, lapse, (agg.last_order_date - agg.first_order_date).days,
                   lapse)


def base_segment(count: int, tenure: int, total: int, rules: StageRules) -> str:
    """The segment without 現役/離脱, for a customer with at least one order."""
    if rules.variant == "rank4":
        if count == 1:
            return "新規"
        return "優良" if total >= rules.loyal_amount else "常連"
    if count == 1:
        return "初回"
    if tenure < rules.young_tenure_days:
        return "よちよち"
    if total < rules.loyal_amount:
        return "コツコツ"
    if tenure < rules.trend_tenure_days:
        return "流行"
    return "優良"


def segment(agg: Aggregates, as_of: date, rules: StageRules = DEFAULT_SETTINGS.cpm) -> str:
    """e.g. 優良・現役, 初回・離脱, or 見込み for a registered caller who never ordered.

    With the rank4 variant: 新規 / 常連 / 優良 while active, 離脱 once lapsed.
    """
    f = figures(agg, as_of)
    if f.orders_count == 0:
        return PROSPECT
    assert f.lapse_days is not None and f.tenure_days is not None
    lapsed = f.lapse_days >= rules.lapse_days
    if rules.variant == "rank4" and lapsed:
        return LAPSED
    base = base_segment(f.orders_count, f.tenure_days, f.total_amount, rules)
    if rules.variant == "rank4":
        return base
    return f"{base}{SEP}{LAPSED if lapsed else ACTIVE}"


def stage_label(agg: Aggregates, today: date, rules: StageRules = DEFAULT_SETTINGS.cpm) -> str:
    """The stage the desk shows (same as :func:`segment`; kept as the desk's name)."""
    return segment(agg, today, rules)


def score(value: int, bounds: Sequence[int], *, higher_is_better: bool = True) -> int:
    """1–5 from four ascending inclusive upper bounds: value ≤ bounds[0] → 1 … > bounds[3]
    → 5; for recency (fewer days is better) the scale is reversed."""
    s = bisect.bisect_left(list(bounds), value) + 1  # count of bounds < value, plus 1
    return s if higher_is_better else 6 - s


@dataclass(frozen=True, slots=True)
class RfmScore:
    r: int
    f: int
    m: int

    @property
    def text(self) -> str:
        return f"R{self.r}F{self.f}M{self.m}"

    def __str__(self) -> str:
        return self.text


def rfm_score(agg: Aggregates, as_of: date, rules: RfmRules = DEFAULT_SETTINGS.rfm
              ) -> RfmScore | None:
    """R, F and M as 1–5; ``None`` for a customer with no order (no score to give)."""
    f = figures(agg, as_of)
    if f.orders_count == 0 or f.recency_days is None:
        return None
    return RfmScore(score(f.recency_days, rules.recency_days, higher_is_better=False),
                    score(f.orders_count, rules.frequency),
                    score(f.total_amount, rules.monetary))


def quintile_bounds(values: Sequence[int]) -> tuple[int, int, int, int]:
    """Four inclusive upper bounds cutting *values* into fifths (20/40/60/80 % points, the
    lower of the two middle values, so every bound is a value the data holds)."""
    ordered = sorted(values)
    if not ordered:
        return (0, 0, 0, 0)
    n = len(ordered)
    return tuple(ordered[max(0, (n * k + 4) // 5 - 1)] for k in (1, 2, 3, 4))  # type: ignore[return-value]


def resolve_rfm(rules: RfmRules, recency: Sequence[int], frequency: Sequence[int],
                monetary: Sequence[int]) -> RfmRules:
    """Fixed rules as they are; quintile rules become fixed bounds from the given base."""
    if rules.method != "quintiles":
        return rules
    return RfmRules(quintile_bounds(recency), quintile_bounds(frequency),
                    quintile_bounds(monetary), "fixed")


def days_since(last: date | None, today: date) -> int | None:
    return None if last is None else (today - last).days


def _register_messages() -> None:
    from desk_app.domain import messages

    messages.register({
        "rfm.unknown_segment": ("「{segment}」という顧客ステージはありません。"
                                "{choices}のどれかを指定してください。",
                                "There is no segment “{segment}”. Use one of {choices}."),
        "rfm.customer_not_found": ("顧客番号 {customer_code} のお客様は見つかりません。",
                                   "No customer with code {customer_code}."),
        "rfm.bad_date": ("日付は YYYY-MM-DD で指定してください（{value}）。",
                         "Give dates as YYYY-MM-DD ({value})."),
        "rfm.months_range": ("月数は 1〜120 で指定してください。", "Months must be 1–120."),
        "rfm.nps_range": ("推奨度は 0〜10 で入力してください。",
                          "The recommend answer must be 0–10."),
        "export.encoding": ("文字コードは CP932 か UTF-8 を指定してください。",
                            "The encoding must be CP932 or UTF-8."),
        "export.write_failed": ("ファイルに書き込めませんでした（{reason}）。",
                                "Could not write the file ({reason})."),
    })


_register_messages()
