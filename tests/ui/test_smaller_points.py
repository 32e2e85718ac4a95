"""The smaller points of the trial: menu keys wherever the focus is, the order form's start
and sections, the 50-row search message, call outcomes in words, no 送料 on an empty order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGroupBox
from ui_helpers import numbers, post_and_wait, settle, visible_order_form

from desk_app.domain.call_event import CallEvent, CallState


def menu_actions(window):
    return [a for m in window.menuBar().actions() for a in m.menu().actions()
            if not a.shortcut().isEmpty() and a.isEnabled()]


def test_menu_shortcuts_work_with_the_focus_in_a_text_field(qtbot, desk, monkeypatch):
    services, window = desk
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    dead = []
    for action in menu_actions(window):
        fired = []
        action.triggered.disconnect()
        action.triggered.connect(lambda _c=False, f=fired: f.append(1))
        window.search.box.setFocus()
        seq = action.shortcut()[0]
        QTest.keyClick(window.search.box, seq.key(), seq.keyboardModifiers())
        if not fired:
            dead.append(action.shortcut().toString())
    assert dead == []
    # and none of them is a key a text field uses for itself on some desktop (Ctrl+E is
    # "end of line" in GNOME/KDE line edits, Ctrl+K "delete to end", Ctrl+A/Z/Y/C/V/X …)
    editing = {QKeySequence(k).toString() for k in (
        "Ctrl+A", "Ctrl+B", "Ctrl+C", "Ctrl+D", "Ctrl+E", "Ctrl+H", "Ctrl+K", "Ctrl+U",
        "Ctrl+V", "Ctrl+W", "Ctrl+X", "Ctrl+Y", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Shift+A")}
    taken = {a.shortcut().toString() for a in menu_actions(window)}
    assert taken & editing == set()


def order_form(qtbot, window, customer_id=1):

    window.open_customer(customer_id)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=5000)
    window.fallback_action("order")
    form = visible_order_form()
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    return form


def test_order_form_starts_in_product_code_and_asks_payment_last(qtbot, desk):
    services, window = desk
    form = order_form(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.items.code, timeout=2000)
    titles = [g.title() for g in form.findChildren(QGroupBox)]
    assert titles == ["ご注文者", "1 商品", "2 お届け", "3 お届け先", "4 お支払い方法"]
    assert form.totals.values["shipping"].text() == "—"  # no 送料 before the first line
    QTest.keyClicks(form.items.code, "F001")
    QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    form.payment.setCurrentIndex(form.payment.findData("card"))
    assert form.totals.values["shipping"].text().startswith("¥")
    form.ctx = None
    form.close()


def test_a_search_at_the_row_cap_says_to_narrow_it(qtbot, desk):
    services, window = desk
    window.search.box.setText("ア")  # hundreds of readings start with ア
    settle(qtbot, services)
    if window.search.model.rowCount() == 50:
        assert window.search.count.text() == "50件以上 — 絞り込んでください"


def test_call_outcomes_in_words_and_operator_only_when_someone_took_it(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    taken = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    taken.trigger("card")  # a clerk took this call
    missed = CallEvent("test", number="0311110999", line="2", call_id="m1")
    post_and_wait(qtbot, services, window, missed)
    services.bridge.post_event(CallEvent("test", number="0311110999", line="2", call_id="m1",
                                         state=CallState.CANCELLED))
    settle(qtbot, services)
    window.show_tab(1)
    # the log opens on the desk's day (TODAY here); the calls carry the real clock's time
    window.call_log.all_days.setChecked(True)
    window.call_log.refresh()
    settle(qtbot, services)
    model = window.call_log.model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    outcomes = {r[4] for r in rows}
    assert "[表示のみ]" not in outcomes and "表示のみ" not in outcomes
    assert "応答" in outcomes
    assert "不在" in outcomes
    assert all(r[5] == "" for r in rows if r[4] == "不在")
    assert all(r[5] != "" for r in rows if r[4] == "応答")
