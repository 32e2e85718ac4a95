"""Order money in integer yen, by Japanese invoice rules (インボイス制度).

Prices are stored tax-inclusive (総額表示). Per tax rate the order shows the tax-inclusive
subtotal and the tax it contains, computed once per rate as
``floor(subtotal × rate / (100 + rate))`` — never per line, which would round many times.
Shipping and the cash-on-delivery fee are 10 % items and belong to the 10 % subtotal, as
they do on a qualified invoice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from desk_app.domain.messages import Problem, Refused

TAX_RATES = (8, 10)
FEE_TAX_RATE = 10

REGIONS = {
    "北海道": ["北海道"],
    "東北": ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"],
    "関東": ["茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "山梨県"],
    "信越・北陸": ["新潟県", "長野県", "富山県", "石川県", "福井県"],
    "中部": ["岐阜県", "静岡県", "愛知県", "三重県"],
    "関西": ["滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"],
    "中国": ["鳥取県", "島根県", "岡山県", "広島県", "山口県"],
    "四国": ["徳島県", "香川県", "愛媛県", "高知県"],
    "九州": ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"],
    "沖縄": ["沖縄県"],
}
PREFECTURES = [p for prefs in REGIONS.values() for p in prefs]


PAYMENTS = ("cod", "postpaid", "bank", "card", "postal", "konbini")
PAYMENT_LABELS_JA = {"cod": "代金引換", "postpaid": "後払い", "bank": "銀行振込",
                     "card": "クレジットカード", "postal": "郵便振替",
                     "konbini": "コンビニ前払い"}
# 前払い: the parcel leaves only after the money arrived (入金確認); 後払い is paid after
# delivery, so its payments are recorded too but never hold the parcel.
PREPAID_PAYMENTS = ("bank", "postal", "konbini")
RECORDED_PAYMENTS = (*PREPAID_PAYMENTS, "postpaid")


class CodLimitError(Refused):
    """The amount to collect is over the carrier's cash-on-delivery limit."""


def region_of(prefecture: str | None) -> str | None:
    return next((r for r, prefs in REGIONS.items() if prefecture in prefs), None)


@dataclass(frozen=True)
class FeeRules:
    """Shop settings for fees (tax-inclusive yen); :meth:`from_dict` reads them from JSON.

    The default COD bands are Yamato's 宅急便コレクト fee table (tax incl.): the band is
    chosen by the amount the driver collects, and that amount includes the fee itself, so
    ¥9,800 of goods pays ¥440, not ¥330 (¥9,800 + ¥330 = ¥10,130 is already over ¥10,000).
    """

    shipping_by_region: dict[str, int] = field(default_factory=lambda: {
        "北海道": 1300, "東北": 900, "関東": 800, "信越・北陸": 800, "中部": 800, "関西": 900,
        "中国": 1000, "四国": 1000, "九州": 1200, "沖縄": 1800})
    # item total (tax incl.) at or above this ships free; None: shipping is never free
    free_shipping_from: int | None = 5000
    # (upper bound of the amount to collect, fee) — the COD fee by amount band
    cod_bands: tuple[tuple[int, int], ...] = (
        (10_000, 330), (30_000, 440), (100_000, 660), (300_000, 1_100))

    def __post_init__(self) -> None:
        uppers = [u for u, _f in self.cod_bands]
        if not uppers or uppers != sorted(uppers) or any(f < 0 for _u, f in self.cod_bands):
            raise ValueError("cod_bands must be non-empty and sorted by upper bound")
        missing = set(REGIONS) - set(self.shipping_by_region)
        if missing:
            raise ValueError(f"shipping_by_region lacks {sorted(missing)}")

    @classmethod
    def from_dict(cls, data: dict) -> FeeRules:
        """``{"shipping_by_region": {...}, "free_shipping_from": 5000|null,
        "cod_bands": [[10000, 330], ...]}``; absent keys keep the defaults."""
        base = cls()
        return cls(
            shipping_by_region={**base.shipping_by_region, **data.get("shipping_by_region", {})},
            free_shipping_from=data.get("free_shipping_from", base.free_shipping_from),
            cod_bands=tuple((int(u), int(f)) for u, f in data.get("cod_bands", base.cod_bands)))

    @property
    def cod_limit(self) -> int:
        """The largest amount a driver may collect, fee included."""
        return self.cod_bands[-1][0]

    def shipping_fee(self, prefecture: str | None, items_total: int) -> int:
        if self.free_shipping_from is not None and items_total >= self.free_shipping_from:
            return 0
        region = region_of(prefecture)
        if region is None:  # a silent default would charge a wrong fee; validation says why
            raise ValueError(f"都道府県が正しくありません (unknown prefecture {prefecture!r})")
        return self.shipping_by_region[region]

    def cod_fee(self, amount_before_fee: int) -> int:
        for upper, fee in self.cod_bands:
            # the band is decided by what is collected, fee included
            if amount_before_fee + fee <= upper:
                return fee
        raise CodLimitError([Problem("money.cod_limit", {"limit": self.cod_limit})])


DEFAULT_RULES = FeeRules()


class Priced(Protocol):
    """Anything with a tax rate and a tax-inclusive amount: money.Line, an order's priced line."""

    @property
    def tax_rate(self) -> int: ...

    @property
    def amount(self) -> int: ...


class PricedQuantity:
    """A line's tax-inclusive amount, for any line with a unit price and a quantity
    (:class:`Line`, ``domain.orders.PricedLine``); the fields are the subclass's."""

    __slots__ = ()
    unit_price: int
    quantity: int

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Line(PricedQuantity):
    unit_price: int
    quantity: int
    tax_rate: int


@dataclass(frozen=True)
class Totals:
    items_by_rate: dict[int, int]  # tax-incl. item totals per rate
    subtotal_by_rate: dict[int, int]  # tax base per rate, fees included in 10 %
    tax_by_rate: dict[int, int]
    shipping_fee: int
    cod_fee: int
    total: int

    @property
    def items_total(self) -> int:
        return sum(self.items_by_rate.values())


def tax_included(amount: int, rate: int) -> int:
    """Consumption tax contained in a tax-inclusive amount, rounded down once."""
    return amount * rate // (100 + rate)


def compute(lines: Iterable[Priced], prefecture: str | None, payment: str,
            rules: FeeRules = DEFAULT_RULES) -> Totals:
    items = {rate: 0 for rate in TAX_RATES}
    for line in lines:
        if line.tax_rate not in items:
            raise ValueError(f"税率は8%か10%です (tax rate {line.tax_rate})")
        items[line.tax_rate] += line.amount
    items_total = sum(items.values())
    shipping = rules.shipping_fee(prefecture, items_total)
    cod = rules.cod_fee(items_total + shipping) if payment == "cod" else 0  # may raise
    subtotal = dict(items)
    subtotal[FEE_TAX_RATE] += shipping + cod
    tax = {rate: tax_included(amount, rate) for rate, amount in subtotal.items()}
    return Totals(items, subtotal, tax, shipping, cod, items_total + shipping + cod)
