"""The one validation the form and `order add` share, and the delivery date rules."""

from datetime import date, timedelta

from desk_app.domain.delivery import YAMATO
from desk_app.domain.orders import (
    DraftLine,
    Noshi,
    OrderDraft,
    ProductInfo,
    ShipTo,
    contains_card_number,
    next_business_day,
    preview,
    split_prefecture,
    validate,
)
from desk_app.store.products import Catalogue

TODAY = date(2026, 12, 1)  # Tuesday
CAT = Catalogue([
    ProductInfo("F001", "青汁", 3240, 8, kana="アオジル", upgrade_sku="F002", id=1),
    ProductInfo("F002", "青汁 90包", 8640, 8, kana="アオジル", id=2),
    ProductInfo("G001", "化粧水", 3300, 10, kana="ケショウスイ", id=3),
    ProductInfo("OLD1", "旧商品", 1000, 10, active=False, id=4),
    ProductInfo("BIG1", "高額品", 150_000, 10, id=5),
])
SHIP = ShipTo("山田 花子", "150-0001", "東京都渋谷区神宮前1-2-3", "03-1234-5678")


def draft(**kw) -> OrderDraft:
    base = dict(customer_id=1, payment="cod", ship_to=SHIP, lines=(DraftLine("F001", 1),))
    base.update(kw)
    return OrderDraft(**base)


def fields(errors):
    return {e.field for e in errors}


def test_a_complete_draft_has_no_errors():
    assert validate(draft(delivery_date=TODAY + timedelta(days=2), slot="1416"), CAT, TODAY) == []


def test_bad_input_is_reported_at_each_field_in_japanese():
    errors = validate(draft(customer_id=None, payment="cash",
                            lines=(DraftLine("NOPE", 1), DraftLine("F001", 0),
                                   DraftLine("G001", 2, -5), DraftLine("OLD1", 1))),
                      CAT, TODAY)
    assert fields(errors) == {"customer", "payment", "lines[0].sku", "lines[1].quantity",
                              "lines[2].unit_price", "lines[3].sku"}
    by = {e.field: e.message for e in errors}
    assert "NOPE" in by["lines[0].sku"] and "登録されていません" in by["lines[0].sku"]
    assert "販売を終了" in by["lines[3].sku"]
    assert by["payment"] == "お支払い方法を選んでください。"


def test_quantity_must_be_a_positive_integer():
    for bad in (0, -1, 1.5, "2", True, 1000, None):
        assert fields(validate(draft(lines=(DraftLine("F001", bad),)), CAT, TODAY)) == {
            "lines[0].quantity"}, bad


def test_no_lines():
    assert fields(validate(draft(lines=()), CAT, TODAY)) == {"lines"}


def test_ship_to_problems():
    assert fields(validate(draft(ship_to=None), CAT, TODAY)) == {"ship_to"}
    missing = validate(draft(ship_to=ShipTo("", "", "", "")), CAT, TODAY)
    assert fields(missing) == {"ship_to.name", "ship_to.address", "ship_to.postal_code",
                               "ship_to.phone"}
    assert "住所が未登録" in {e.field: e.message for e in missing}["ship_to.address"]
    new = validate(draft(ship_to=ShipTo("a", "1500001", "", "03-1234-5678"),
                         ship_to_source="new"), CAT, TODAY)
    assert [e.message for e in new] == ["お届け先の住所が未入力です。"]
    no_pref = ShipTo("a", "1500001", "渋谷区神宮前1", "03-1234-5678")
    assert fields(validate(draft(ship_to=no_pref), CAT, TODAY)) == {"ship_to.address"}
    bad_phone = ShipTo("a", "1500001", "東京都渋谷区", "12")
    assert fields(validate(draft(ship_to=bad_phone), CAT, TODAY)) == {"ship_to.phone"}


def test_delivery_date_rules():
    def date_errors(d, ship=SHIP):
        return [e.message for e in validate(draft(delivery_date=d, ship_to=ship), CAT, TODAY)
                if e.field == "delivery.date"]
    assert "過ぎています" in date_errors(TODAY - timedelta(days=1))[0]
    assert "12月3日以降" in date_errors(TODAY + timedelta(days=1))[0]  # handling 1 + transit 1
    assert date_errors(TODAY + timedelta(days=2)) == []
    hokkaido = ShipTo("a", "0600001", "北海道札幌市中央区北一条西2", "011-123-4567")
    assert date_errors(TODAY + timedelta(days=2), hokkaido)  # 翌々日 region: 12/4 earliest
    assert date_errors(TODAY + timedelta(days=3), hokkaido) == []
    assert "30日先" in date_errors(TODAY + timedelta(days=31))[0]


def test_editing_keeps_the_orders_own_past_date():
    old = TODAY - timedelta(days=3)
    assert validate(draft(delivery_date=old), CAT, TODAY, keep_delivery_date=old) == []
    assert validate(draft(delivery_date=old - timedelta(days=1)), CAT, TODAY,
                    keep_delivery_date=old)


def test_slot_must_be_one_the_carrier_offers():
    for code in ("0812", "1416", "1618", "1820", "1921", None):
        assert validate(draft(slot=code), CAT, TODAY) == []
    for code in ("1214", "2021", "9999"):
        errors = validate(draft(slot=code), CAT, TODAY)
        assert fields(errors) == {"delivery.slot"} and "19〜21時" in errors[0].message


def test_noshi_and_memo():
    assert validate(draft(noshi=Noshi("御歳暮", "山田")), CAT, TODAY) == []
    assert fields(validate(draft(noshi=Noshi("", "山田")), CAT, TODAY)) == {"noshi.omote"}
    card = validate(draft(memo="カード 4111 1111 1111 1111 で"), CAT, TODAY)
    assert fields(card) == {"memo"} and "カード番号は保存できません" in card[0].message
    assert validate(draft(memo="電話 0312345678 に折り返し"), CAT, TODAY) == []


def test_card_number_detection_uses_luhn():
    assert contains_card_number("4111111111111111")
    assert contains_card_number("５５００ ００００ ００００ ０００４")
    assert not contains_card_number("4111111111111112")
    assert not contains_card_number("受注番号 1234567890123")


def test_cod_over_the_limit_is_a_payment_error():
    big = draft(lines=(DraftLine("BIG1", 2),))
    errors = validate(big, CAT, TODAY)
    assert fields(errors) == {"payment"} and "300,000円まで" in errors[0].message
    assert validate(draft(lines=(DraftLine("BIG1", 2),), payment="bank"), CAT, TODAY) == []


def test_preview_needs_a_prefecture_for_fees():
    p = preview(draft(ship_to=None, lines=(DraftLine("F001", 2), DraftLine("G001", 1))), CAT)
    assert p.items_by_rate == {8: 6480, 10: 3300} and p.totals is None and p.problem
    p = preview(draft(lines=(DraftLine("F001", 2), DraftLine("G001", 1))), CAT)
    assert p.totals.total == 10220


def test_split_prefecture_and_business_days():
    assert split_prefecture("　東京都渋谷区") == ("東京都", "渋谷区")
    assert split_prefecture("京都府京都市") == ("京都府", "京都市")
    assert split_prefecture("横浜市中区") == (None, "横浜市中区")
    friday = date(2026, 12, 4)
    assert next_business_day(friday) == date(2026, 12, 7)
    assert next_business_day(TODAY) == date(2026, 12, 2)
    assert next_business_day(friday, holidays=[date(2026, 12, 7)]) == date(2026, 12, 8)


def test_yamato_slots_and_ship_date():
    assert [s.code for s in YAMATO.slots] == ["0812", "1416", "1618", "1820", "1921"]
    assert YAMATO.slot_label("0812") == "午前中" and YAMATO.slot_label(None) == "指定なし"
    assert YAMATO.ship_date(TODAY, None, "東京都") == date(2026, 12, 2)
    assert YAMATO.ship_date(TODAY, date(2026, 12, 10), "沖縄県") == date(2026, 12, 7)
    assert YAMATO.ship_date(TODAY, date(2026, 12, 3), "東京都") == date(2026, 12, 2)


def test_catalogue_search_by_code_name_and_kana():
    assert CAT.get("f001").sku == "F001" and CAT.get("ｆ００１").sku == "F001"
    assert [p.sku for p in CAT.search("F00")] == ["F001", "F002"]
    assert [p.sku for p in CAT.search("あおじる")] == ["F001", "F002"]
    assert [p.sku for p in CAT.search("化粧")] == ["G001"]
    assert CAT.search("旧") == [] and CAT.search("旧", include_retired=True)[0].sku == "OLD1"


def test_the_payment_check_alone_refuses_cod_for_a_no_cod_orderer_as_validate_does():
    from desk_app.domain.orders import payment_problem

    refusal = payment_problem("cod", ("no_cod",))
    assert refusal is not None
    assert (refusal.code, refusal.field) == ("order.cod_refused", "payment")
    assert payment_problem("bank", ("no_cod",)) is None
    assert payment_problem("cod", ("no_dm",)) is None and payment_problem("cod") is None
