"""Second trial on a fresh clone (issue 10): a clerk pressed Enter through 新規顧客登録 as
the caller spoke (氏名, フリガナ, 会社名, 部署名 …). Enter stopped in the first phone row's
種別 box and stayed there: the number typed next went nowhere. Enter in a closed choice box
(種別, 都道府県, お支払い方法 …) has no action of its own, so it moves on like every field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox


def test_enter_moves_on_from_the_phone_kind_box(qtbot, desk):
    services, window = desk
    from desk_app.ui.customers.registration import RegisterDialog

    dialog = RegisterDialog(services, parent=window)
    dialog.show()
    dialog.activateWindow()
    f = dialog.fields
    f.edits["department"].setFocus()
    qtbot.waitUntil(f.edits["department"].hasFocus, timeout=3000)
    QTest.keyClick(f.edits["department"], Qt.Key.Key_Return)
    kind = QApplication.focusWidget()
    assert isinstance(kind, QComboBox) and kind is f.phone_rows[0].kind
    QTest.keyClick(kind, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is f.phone_rows[0].number
    QTest.keyClicks(QApplication.focusWidget(), "0312345678")
    assert f.phone_rows[0].number.text().replace("-", "") == "0312345678"
    assert dialog.isVisible()  # nothing registered
    for row in f.phone_rows:
        row.number.setText("")
    dialog.reject()


def test_enter_in_an_open_choice_list_still_chooses(qtbot, desk):
    services, window = desk
    from desk_app.ui.customers.registration import RegisterDialog

    dialog = RegisterDialog(services, parent=window)
    dialog.show()
    dialog.activateWindow()
    pref = dialog.fields.prefecture
    pref.setFocus()
    qtbot.waitUntil(pref.hasFocus, timeout=3000)
    pref.showPopup()
    view = pref.view()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=3000)
    assert pref.currentIndex() > 0
    assert pref.hasFocus()
    dialog.reject()
