"""Trial on a fresh clone (issue 10): in 顧客情報の修正 (and 新規顧客登録) the clerk typed the
postal code and Enter, as the field's hint 「Enterで住所検索」 says. The look-up had already
run on the seventh digit and put the keyboard in 番地, so that Enter moved it on to 建物名 and
the house number went there. The first Enter in 番地 right after the look-up put the keyboard
there now stays in 番地."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_registration_and_discard import registration


def test_enter_after_the_postal_code_leaves_the_keyboard_in_the_address(qtbot, desk):
    services, window = desk
    dialog = registration(qtbot, services)
    e = dialog.fields.edits
    e["postal"].setFocus()
    QTest.keyClicks(e["postal"], "5300001")
    qtbot.waitUntil(lambda: e["city"].text() == "大阪市北区", timeout=5000)
    qtbot.waitUntil(e["address1"].hasFocus, timeout=2000)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the clerk's Enter
    assert e["address1"].hasFocus()
    QTest.keyClicks(QApplication.focusWidget(), "1-2-3")
    assert e["address1"].text() == "梅田1-2-3"
    assert e["address2"].text() == ""
    # a second Enter is the clerk's own: on to the next field
    QTest.keyClick(e["address1"], Qt.Key.Key_Return)
    assert not e["address1"].hasFocus()
    e["postal"].clear()
    dialog.fields.edits["name"].setText("")
    dialog.done(0)


def test_enter_in_the_filled_address_without_a_look_up_moves_on(qtbot, desk):
    services, window = desk
    dialog = registration(qtbot, services)
    e = dialog.fields.edits
    e["address1"].setFocus()
    e["address1"].setText("梅田1-2-3")
    QTest.keyClick(e["address1"], Qt.Key.Key_Return)
    assert not e["address1"].hasFocus()
    dialog.done(0)
