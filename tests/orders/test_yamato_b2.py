"""The B2 Cloud CSV, byte for byte against a hand-written expected file."""

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from desk_app.domain.orders import DraftLine, Noshi, OrderDraft, ShipTo
from desk_app.domain.parcels import Orderer, Parcel, ParcelLine
from desk_app.exports.yamato_b2 import HEADER, Shipper, export_b2, split_address, width
from desk_app.services import orders as svc
from desk_app.services.base import ServiceContext
from desk_app.services.shipping import export_yamato
from desk_app.store import orders
from desk_app.store.models import Order
from desk_app.store.order_book import add_payment

EXPECTED = Path(__file__).resolve().parent.parent / "fixtures" / "orders" / "yamato_b2_2026-12-01.csv"
SHIP_DAY, ORDER_DAY = date(2026, 12, 1), date(2026, 11, 30)
SHOP = Shipper(name="テスト通販", phone="0312340000", postal_code="1000001",
               address="東京都千代田区千代田1-1", building="テストビル5F",
               billing_customer_code="012345678901", freight_number="01")


def place(store, customer_id, payment, lines, today=ORDER_DAY, ship_to=None, **kw):
    with store.new_session() as s:
        ship = ship_to or orders.orderer_ship_to(s, customer_id)
    draft = OrderDraft(customer_id=customer_id, payment=payment, ship_to=ship,
                       lines=tuple(DraftLine(sku, q) for sku, q in lines),
                       ship_to_source="new" if ship_to else "orderer", **kw)
    return svc.place_order(ServiceContext(store, today=lambda: today), draft).value.order_id


def make_day(shop):
    assert place(shop, 1, "cod", [("F001", 2), ("G001", 1)]) == 1
    place(shop, 2, "postpaid", [("F021", 1)], delivery_date=date(2026, 12, 3), slot="1921",
          noshi=Noshi("御歳暮"),
          ship_to=ShipTo("佐藤 次郎", "0600001", "北海道札幌市中央区北一条西2-1", "011-123-4567"))
    place(shop, 1, "card", [("F008", 1), ("F012", 1), ("G004", 2)],
          delivery_date=date(2026, 12, 2), slot="0812",
          ship_to=ShipTo("鈴木 三郎", "105-0011",
                         "東京都港区芝公園4\u22122\u22128 東京タワーメゾン芝公園グランドレジデンス 1201号室",
                         "090-1234-5678"))
    place(shop, 2, "bank", [("F003", 1)], delivery_date=date(2026, 12, 6))  # ships 12/5
    cancelled = place(shop, 1, "cod", [("F003", 1)])
    place(shop, 2, "card", [("F003", 1)], today=SHIP_DAY)  # ordered today: ships tomorrow
    assert place(shop, 2, "postal", [("F010", 1)], today=date(2026, 11, 25),
                 delivery_date=date(2026, 12, 2)) == 7
    svc.cancel_order(ServiceContext(shop), cancelled)
    # 郵便振替 is paid in advance: the parcel leaves only once 入金済み
    with shop.new_session() as s, s.begin():
        add_payment(s, 7, s.get(Order, 7).total, date(2026, 11, 27), operator_id=None,
                    at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC))


def test_b2_csv_matches_the_hand_written_file_byte_for_byte(shop):
    make_day(shop)
    result = export_yamato(ServiceContext(shop), SHIP_DAY, SHOP)
    assert result.orders == (1, 2, 3, 7)
    assert result.data == EXPECTED.read_bytes()
    assert result.data.count(b"\r\n") == 5 and b"\n" not in result.data.replace(b"\r\n", b"")
    assert [w.message for w in result.warnings] == [
        "受注番号 3: お届け先アパートマンション名がB2の文字数を超えています"
        "（東京タワーメゾン芝公園グランドレジデンス 1201号室）"]


def test_header_has_the_42_b2_columns():
    assert len(HEADER) == 42
    assert HEADER[1] == "送り状種類" and HEADER[33] == "ｺﾚｸﾄ代金引換額（税込)"
    assert HEADER[39:] == ("請求先顧客コード", "請求先分類コード", "運賃管理番号")


def test_address_split_and_widths():
    assert split_address("東京都渋谷区神宮前1-2-3  コーポ桜 101") == (
        "東京都渋谷区神宮前1-2-3 コーポ桜 101", "")
    head, rest = split_address("北海道" + "あ" * 40)
    assert width(head) == 64 and head + rest == "北海道" + "あ" * 40
    assert width("〜") == 2 and width("ｱ") == 1


def test_characters_outside_cp932_are_replaced_and_reported(shop):
    place(shop, 1, "card", [("F001", 1)],
          ship_to=ShipTo("𠮷田 一郎", "1500001", "東京都渋谷区神宮前1", "03-1111-2222"))
    result = export_yamato(ServiceContext(shop), SHIP_DAY, SHOP)
    assert "〓田 一郎".encode("cp932") in result.data
    assert [w.message for w in result.warnings] == ["受注番号 1: Shift_JISにない文字 𠮷 を〓にしました"]
    assert result.warnings[0].text("en") == "Order 1: 𠮷 cannot be written in Shift_JIS and became 〓"


def test_the_format_is_rows_in_bytes_out_and_a_gift_ships_in_the_orderers_name():
    """No store: parcels written by hand. A gift (another name and postcode than the
    orderer's) carries the orderer as ご依頼主, under the name the clerk took; the shop
    otherwise, or when the shop sends gifts in its own name."""
    orderer = Orderer(name="山田 太郎", postal_code="1500001", address1="神宮前1-1",
                      address="東京都渋谷区神宮前1-1", building="コーポ桜 101",
                      phone="0312345678")
    gift = Parcel(order_id=5, payment="cod", total=3300, tax=300, ship_name="佐藤 花子",
                  ship_postal_code="0600001", ship_address="北海道札幌市中央区北一条西2-1",
                  ship_phone="011-123-4567", delivery_date=date(2026, 12, 3),
                  delivery_slot="1416", sender_name="山田 太郎・花子",
                  lines=(ParcelLine("F001", "黒豆茶"), ParcelLine("F002", "梅干し"),
                         ParcelLine("F003", "昆布"), ParcelLine("F004", "海苔")),
                  orderer=orderer)
    own = Parcel(order_id=6, payment="card", total=1000, tax=74, ship_name="山田 太郎",
                 ship_postal_code="1500001", ship_address="東京都渋谷区神宮前1-1",
                 ship_phone="03-1234-5678", delivery_date=None, delivery_slot=None,
                 sender_name=None, lines=(ParcelLine("F001", "黒豆茶"),), orderer=orderer)
    result = export_b2([gift, own], SHIP_DAY, SHOP, held=[9])
    rows = [line.split(",") for line in result.data.decode("cp932").split("\r\n")[1:-1]]
    assert result.orders == [5, 6] and result.held == [9] and result.warnings == []
    assert rows[0][:7] == ["5", "2", "0", "", "2026/12/01", "2026/12/03", "1416"]
    assert rows[0][19:25] == ["03-1234-5678", "", "150-0001", "東京都渋谷区神宮前1-1",
                              "コーポ桜 101", "山田 太郎・花子"]
    assert rows[0][26:30] == ["F001", "黒豆茶", "F002", "梅干し 他2点"]
    assert rows[0][33:35] == ["3300", "300"]  # コレクト: the amount and its tax
    assert rows[1][1] == "0" and rows[1][24] == "テスト通販" and rows[1][33:35] == ["", ""]
    shop_sends = export_b2([gift], SHIP_DAY, replace(SHOP, gift_sender="shop"))
    assert shop_sends.data.decode("cp932").split("\r\n")[1].split(",")[24] == "テスト通販"
