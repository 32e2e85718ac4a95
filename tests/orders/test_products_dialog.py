"""The catalogue dialog: list, filter, add with field errors, retire, CSV in and out."""

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from desk_app.ui.orders.products import open_products_dialog


@pytest.fixture
def dialog(qtbot, shop, ja_app):
    d = open_products_dialog(None, SimpleNamespace(store=shop, operator_id=None))
    d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: len(d.catalogue) > 0, timeout=5000)
    return d


def skus(d):
    return [p.sku for p in d.visible_products()]


def test_list_and_filter(qtbot, dialog):
    assert dialog.table.rowCount() == len(skus(dialog)) > 30
    qtbot.keyClicks(dialog.filter, "G00")
    assert skus(dialog)[:3] == ["G001", "G002", "G003"]
    assert dialog.table.item(0, 3).text() == "¥3,300"


def test_add_shows_errors_at_the_fields_then_saves(qtbot, dialog):
    editor = dialog.add_product()
    qtbot.keyClicks(editor.sku, "F001")  # already used: only the store can tell
    qtbot.keyClicks(editor.name, "kuromame")
    qtbot.keyClicks(editor.price, "abc")
    editor._accept()
    assert editor.isVisible()
    price_error = editor.findChild(type(dialog.status), "error:price")
    assert price_error.isVisible() and "0円以上" in price_error.text()
    editor.price.setText("1080")
    editor._accept()
    sku_error = editor.findChild(type(dialog.status), "error:sku")
    qtbot.waitUntil(lambda: sku_error.isVisible(), timeout=5000)  # reopened with the clash
    assert editor.isVisible() and "既に使われています" in sku_error.text()
    editor.sku.setText("H001")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        editor._accept()
    assert dialog.catalogue.get("H001").price == 1080


def test_retire_and_bring_back(qtbot, dialog):
    dialog.table.setCurrentCell(0, 0)
    sku = dialog.selected().sku
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.toggle_selected()
    assert not dialog.catalogue.get(sku).active and sku not in skus(dialog)
    assert "販売終了" in dialog.status.text()
    dialog.show_retired.setChecked(True)
    assert sku in skus(dialog)


def test_import_all_or_nothing_and_export(qtbot, dialog, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("sku,name,kana,price,tax_rate,consumption_days\r\nN1,甘酒,,500,8,\r\n"
                    "N2,x,,100,7,\r\n".encode("cp932"))
    with qtbot.waitSignal(dialog.message, timeout=5000):
        dialog.import_file(bad)
    assert "1件も保存していません" in dialog.status.text() and "行3.tax_rate" in dialog.status.text()
    good = tmp_path / "good.csv"
    good.write_bytes(bad.read_bytes().replace(b",7,", b",10,"))
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.import_file(good)
    assert dialog.catalogue.get("N1").name == "甘酒" and "追加 2件" in dialog.status.text()
    out = tmp_path / "out.csv"
    with qtbot.waitSignal(dialog.message, timeout=5000):
        dialog.export_file(out, "cp932")
    assert "N1,甘酒,,500,8,,,1\r\n" in out.read_bytes().decode("cp932")


def test_the_catalogue_speaks_english_with_lang_en(qtbot, shop, en_app):
    d = open_products_dialog(None, SimpleNamespace(store=shop, operator_id=None))
    d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: len(d.catalogue) > 0, timeout=5000)
    assert d.windowTitle() == "Products"
    headers = [d.table.horizontalHeaderItem(c).text() for c in range(d.table.columnCount())]
    assert headers[:4] == ["Product code", "Product name", "Reading", "Price (tax incl.)"]
    row = skus(d).index("F001")
    assert d.table.item(row, 5).text() == "30 days" and d.table.item(row, 7).text() == "On sale"
    editor = d.add_product()
    editor.price.setText("abc")
    editor._accept()
    price_error = editor.findChild(type(d.status), "error:price")
    assert price_error.text() == "Enter the price (tax incl.) in whole yen (0 or more)."
    editor.reject()
    d.table.setCurrentCell(row, 0)
    with qtbot.waitSignal(d.loaded, timeout=5000):
        d.toggle_selected()
    assert d.status.text() == "“国産大麦若葉の青汁 30包” is retired (no longer sold)."
