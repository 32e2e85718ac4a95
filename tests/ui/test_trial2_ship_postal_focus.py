"""Second trial on a fresh clone (issue 10): in the order form's 別のお届け先 the clerk typed
the postal code and Enter (the hint 「Enterで住所検索」) and then the house number, as in
registration. The address was filled, but the keyboard stayed in 郵便番号, so the house
number went into the postal code (「10000011-2-3」). Now the look-up moves the keyboard to
the end of the address line when it was still in the postal code, as registration does;
a look-up that finishes after the clerk moved on does not pull the keyboard back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_enter_never_saves import open_form, repeat_customer
from ui_helpers import settle


def test_enter_after_the_ship_to_postal_code_moves_the_keyboard_to_the_address(
        desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    ship = form.ship
    ship.source.setCurrentIndex(ship.source.count() - 1)  # 別のお届け先
    ship.name.setText("贈り先 様")
    ship.postal.setFocus()
    qtbot.waitUntil(ship.postal.hasFocus, timeout=2000)
    QTest.keyClicks(ship.postal, "1000001")
    QTest.keyClick(ship.postal, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ship.address.text() == "東京都千代田区千代田", timeout=5000)
    qtbot.waitUntil(ship.address.hasFocus, timeout=2000)
    QTest.keyClicks(QApplication.focusWidget(), "1-2-3")
    assert ship.postal.text() == "1000001"
    assert ship.address.text() == "東京都千代田区千代田1-2-3"
    form.ctx = None
    form.close()


def test_a_look_up_after_the_clerk_moved_on_leaves_the_keyboard_where_it_is(
        desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    ship = form.ship
    ship.source.setCurrentIndex(ship.source.count() - 1)  # 別のお届け先
    ship.postal.setFocus()
    qtbot.waitUntil(ship.postal.hasFocus, timeout=2000)
    QTest.keyClicks(ship.postal, "1000001")
    ship.phone.setFocus()  # Tab on to the phone: the look-up runs on leaving the field
    qtbot.waitUntil(lambda: ship.address.text() == "東京都千代田区千代田", timeout=5000)
    settle(qtbot, services)
    assert ship.phone.hasFocus()
    form.ctx = None
    form.close()
