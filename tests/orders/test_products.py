"""Catalogue: add, edit, retire; CSV import (UTF-8, BOM, CP932) and export round trip."""

import pytest

from desk_app.exports.products_csv import CsvError, format_csv, parse
from desk_app.store import products
from desk_app.store.products import ProductInput, ProductRefused

HEADER = "sku,name,kana,price,tax_rate,consumption_days\r\n"


def catalogue(store):
    with store.new_session() as s:
        return products.load_catalogue(s)


def test_add_edit_retire(store):
    with store.new_session() as s, s.begin():
        p = products.save_product(s, ProductInput("ｈ００１", "黒豆茶", 1080, 8, kana="くろまめちゃ",
                                                  consumption_days=30))
        assert (p.sku, p.kana) == ("H001", "クロマメチャ")
        products.save_product(s, ProductInput("H002", "黒豆茶 3袋", 2916, 8), None)
        products.save_product(s, ProductInput("H001", "黒豆茶 30包", 1080, 8, upgrade_sku="h002"),
                              p.id)
    with pytest.raises(ProductRefused) as refused, store.new_session() as s, s.begin():
        products.save_product(s, ProductInput("H002", "x", 1, 8), p.id)  # code already used
    assert [e.field for e in refused.value.errors] == ["sku"]
    with pytest.raises(ProductRefused) as refused, store.new_session() as s, s.begin():
        products.save_product(s, ProductInput("H 3", "", -1, 5, consumption_days=0,
                                              upgrade_sku="NONE"))
    assert {e.field for e in refused.value.errors} == {
        "sku", "name", "price", "tax_rate", "consumption_days", "upgrade_sku"}
    with store.new_session() as s, s.begin():
        products.set_active(s, "h001", False)
    cat = catalogue(store)
    assert cat.get("H001").name == "黒豆茶 30包" and cat.get("H001").upgrade_sku == "H002"
    assert not cat.get("H001").active and [p.sku for p in cat.products()] == ["H002"]


def test_import_accepts_utf8_bom_and_cp932(store):
    text = HEADER + "A1,梅干し,ウメボシ,\"1,080\",8,45\r\nA2,タオル,たおる,2750,10,\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp932")):
        rows, columns = parse(data)
        assert [(r.sku, r.price, r.consumption_days) for r in rows] == [
            ("A1", 1080, 45), ("A2", 2750, None)]
        assert columns == frozenset()
    with store.new_session() as s, s.begin():
        report = products.import_products(s, rows, columns)
    assert (report.added, report.updated) == (2, 0)
    assert catalogue(store).get("A2").kana == "タオル"


def test_a_bad_file_saves_nothing_and_names_every_bad_cell(store):
    with store.new_session() as s, s.begin():
        products.import_products(s, [ProductInput("A1", "梅干し", 1000, 8)])
    with pytest.raises(CsvError) as bad:
        parse((HEADER + "A1,梅干し,,abc,8,\r\nA2,x,,100,ten,\r\n").encode())
    assert [e.field for e in bad.value.errors] == ["行2.price", "行3.tax_rate"]
    rows, columns = parse((HEADER + "A1,梅干し改,,1200,8,\r\nA2,x,,100,5,\r\nA2,y,,1,8,\r\n").encode())
    with pytest.raises(ProductRefused) as refused, store.new_session() as s, s.begin():
        products.import_products(s, rows, columns)
    assert [e.field for e in refused.value.errors] == ["行3.tax_rate", "行4.sku"]
    assert catalogue(store).get("A1").price == 1000  # untouched
    with pytest.raises(CsvError, match="price"):
        parse(b"sku,name,kana\r\nA1,x,y\r\n")
    with pytest.raises(CsvError, match="文字コード"):
        parse(b"sku,name\r\n\xff\xfe\xfa\r\n")


def test_import_without_optional_columns_keeps_upgrade_and_status(store):
    with store.new_session() as s, s.begin():
        products.import_products(s, [ProductInput("B2", "大", 2000, 8),
                                     ProductInput("B1", "小", 1000, 8, upgrade_sku="B2",
                                                  active=False)])
    rows, columns = parse((HEADER + "B1,小 改,,1100,8,30\r\n").encode())
    with store.new_session() as s, s.begin():
        assert products.import_products(s, rows, columns).updated == 1
    b1 = catalogue(store).get("B1")
    assert (b1.name, b1.price, b1.upgrade_sku, b1.active) == ("小 改", 1100, "B2", False)


def test_export_then_import_round_trips(shop, tmp_path):
    before = catalogue(shop).products(include_retired=True)
    for encoding in ("cp932", "utf-8"):
        data = format_csv(before, encoding)
        assert data.startswith(b"\xef\xbb\xbf" if encoding == "utf-8" else b"sku,")
        assert data.endswith(b"\r\n")
        rows, columns = parse(data)
        assert columns == {"upgrade_sku", "active"}
        with shop.new_session() as s, s.begin():
            assert products.import_products(s, rows, columns).updated == len(before)
        assert catalogue(shop).products(include_retired=True) == before
    with pytest.raises(UnicodeEncodeError):
        format_csv([products.ProductInfo("X", "𠮷野家", 1, 8)], "cp932")
