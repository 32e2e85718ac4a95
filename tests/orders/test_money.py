"""Tax and fee arithmetic, worked by hand (integer yen, invoice rules)."""

import pytest

from desk_app.domain import money
from desk_app.domain.money import CodLimitError, FeeRules, Line, compute, tax_included


def test_tax_contained_in_a_tax_inclusive_amount_rounds_down():
    assert tax_included(1080, 8) == 80
    assert tax_included(1000, 8) == 74  # 8000 / 108 = 74.07
    assert tax_included(1000, 10) == 90  # 10000 / 110 = 90.9
    assert tax_included(0, 10) == 0


def test_tax_is_computed_once_per_rate_never_per_line():
    # two ¥160 items at 8 %: per line floor(160*8/108) = 11 each → 22,
    # per rate floor(320*8/108) = floor(23.70) = 23 — the invoice rule gives 23
    t = compute([Line(160, 1, 8), Line(160, 1, 8)], "東京都", "card")
    assert t.items_by_rate == {8: 320, 10: 0}
    assert t.tax_by_rate[8] == 23
    assert sum(tax_included(160, 8) for _ in range(2)) == 22


def test_both_rates_with_cod_fee_in_the_ten_percent_bucket():
    # ¥3,240 × 2 (8 %) + ¥3,300 (10 %) to Tokyo, 代引:
    # items 9,780 ≥ 5,000 → free shipping; 9,780 + 330 = 10,110 > 10,000 → fee ¥440
    # 8 %: 6,480 → tax floor(6,480 × 8 / 108) = 480
    # 10 %: 3,300 + 440 = 3,740 → tax floor(37,400 / 110) = 340
    t = compute([Line(3240, 2, 8), Line(3300, 1, 10)], "東京都", "cod")
    assert (t.shipping_fee, t.cod_fee) == (0, 440)
    assert t.items_by_rate == {8: 6480, 10: 3300}
    assert t.subtotal_by_rate == {8: 6480, 10: 3740}
    assert t.tax_by_rate == {8: 480, 10: 340}
    assert t.total == 10220 and t.items_total == 9780


def test_shipping_and_cod_fee_carry_ten_percent_tax():
    # ¥1,000 × 3 (8 %) to Okinawa, 代引: shipping ¥1,800 (under ¥5,000),
    # collected 3,000 + 1,800 + 330 = 5,130 ≤ 10,000 → fee ¥330
    # 8 %: 3,000 → floor(24,000 / 108) = 222; 10 %: 1,800 + 330 = 2,130 → floor(21,300 / 110) = 193
    t = compute([Line(1000, 3, 8)], "沖縄県", "cod")
    assert (t.shipping_fee, t.cod_fee) == (1800, 330)
    assert t.subtotal_by_rate == {8: 3000, 10: 2130}
    assert t.tax_by_rate == {8: 222, 10: 193}
    assert t.total == 5130


def test_no_cod_fee_for_other_payments():
    for payment in ("postpaid", "bank", "card", "postal"):
        assert compute([Line(1000, 1, 10)], "東京都", payment).cod_fee == 0


@pytest.mark.parametrize("prefecture,fee", [
    ("北海道", 1300), ("青森県", 900), ("東京都", 800), ("新潟県", 800), ("愛知県", 800),
    ("大阪府", 900), ("広島県", 1000), ("高知県", 1000), ("福岡県", 1200), ("沖縄県", 1800)])
def test_shipping_by_prefecture_region(prefecture, fee):
    assert FeeRules().shipping_fee(prefecture, 4999) == fee


def test_free_shipping_threshold_is_inclusive_and_configurable():
    rules = FeeRules()
    assert rules.shipping_fee("北海道", 5000) == 0
    assert rules.shipping_fee("北海道", 4999) == 1300
    never = FeeRules(free_shipping_from=None)
    assert never.shipping_fee("東京都", 1_000_000) == 800
    assert FeeRules.from_dict({"free_shipping_from": 8000}).shipping_fee("東京都", 7999) == 800


def test_unknown_prefecture_is_refused_not_defaulted():
    with pytest.raises(ValueError):
        FeeRules().shipping_fee("東京", 1000)


@pytest.mark.parametrize("before_fee,fee", [
    (1, 330), (9_670, 330),  # 9,670 + 330 = 10,000: still the first band
    (9_671, 440), (29_560, 440),  # 29,560 + 440 = 30,000
    (29_561, 660), (99_340, 660),  # 99,340 + 660 = 100,000
    (99_341, 1_100), (298_900, 1_100)])  # 298,900 + 1,100 = 300,000
def test_cod_band_is_chosen_by_the_collected_amount_fee_included(before_fee, fee):
    assert FeeRules().cod_fee(before_fee) == fee


def test_cod_over_the_carrier_limit_is_an_error():
    rules = FeeRules()
    assert rules.cod_limit == 300_000
    with pytest.raises(CodLimitError):
        rules.cod_fee(298_901)


def test_cod_bands_are_configurable_and_checked():
    rules = FeeRules.from_dict({"cod_bands": [[50_000, 500], [100_000, 800]]})
    assert rules.cod_fee(49_500) == 500 and rules.cod_fee(49_501) == 800
    with pytest.raises(ValueError):
        FeeRules(cod_bands=((30_000, 440), (10_000, 330)))
    with pytest.raises(ValueError):
        FeeRules(shipping_by_region={"関東": 800})


def test_payment_codes_and_labels():
    assert money.PAYMENTS == ("cod", "postpaid", "bank", "card", "postal", "konbini")
    assert [money.PAYMENT_LABELS_JA[p] for p in money.PAYMENTS] == [
        "代金引換", "後払い", "銀行振込", "クレジットカード", "郵便振替", "コンビニ前払い"]
    assert set(money.PREPAID_PAYMENTS) == {"bank", "postal", "konbini"}
