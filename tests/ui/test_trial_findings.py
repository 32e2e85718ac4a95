"""What the desk clerk's trial of issue 10 on a fresh checkout still found, each with the
test that failed before its fix."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_enter_never_saves import open_form, repeat_customer
from ui_helpers import enter_in_next_question, open_card, settle


def test_tab_leaves_the_order_lines_for_the_delivery_section(desk, qtbot, store):
    """With a line in the order, Tab from the lines must go on to お届け (it cycled through
    the cells of the table for ever, so a keyboard clerk could not reach delivery/payment)."""
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    QTest.keyClicks(form.items.code, "F001*3")
    QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    settle(qtbot, services)
    form.items.table.setFocus()
    QTest.keyClick(form.items.table, Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not form.items.table
    assert [(line.sku, line.quantity) for line in form.items.draft_lines()] == [("F001", 3)]
    form.ctx = None
    form.close()




def test_enter_in_the_order_forms_discard_question_keeps_the_order(desk, qtbot, store):
    """Esc in the order form asks 「入力中の受注を破棄して閉じますか？」; Enter there discarded
    the order (the question defaulted to はい), which the trial did by reflex."""
    from PySide6.QtWidgets import QMessageBox

    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    QTest.keyClicks(form.items.code, "F001")
    QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    settle(qtbot, services)
    seen: list = []
    enter_in_next_question(seen)
    QTest.keyClick(form.items.code, Qt.Key.Key_Escape)
    assert seen and seen[0][1] == QMessageBox.StandardButton.No
    assert form.isVisible() and form.items.skus() == ["F001"]
    form.ctx = None
    form.close()


def test_a_refused_save_takes_the_clerk_to_the_field_in_error(desk, qtbot, store):
    """At 1280×800 お支払い方法 is below the fold: F12 without it said only 「入力内容を確認して
    ください（1件）」 with the field out of sight and the keyboard still in the product code."""
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    form.resize(876, 764)  # the order form as the app sizes it on a 1280×800 screen
    settle(qtbot, services)
    QTest.keyClicks(form.items.code, "F001")
    QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    settle(qtbot, services)
    assert form.payment.currentIndex() == -1
    QTest.keyClick(form.items.code, Qt.Key.Key_F12)
    settle(qtbot, services)
    assert form.isVisible() and form.payment_errors.text("payment")
    assert QApplication.focusWidget() is form.payment
    viewport = form.scroll.viewport()
    top = form.payment.mapTo(viewport, form.payment.rect().topLeft()).y()
    assert 0 <= top and top + form.payment.height() <= viewport.height()
    form.ctx = None
    form.close()


def test_the_desk_starts_with_the_keyboard_in_the_search_box(desk, qtbot):
    """On a fresh start the clerk types a name at once: the keys went to the tab bar (the
    first widget of the focus chain) and were lost."""
    services, window = desk
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert window.focusWidget() is window.search.box
    QTest.keyClicks(QApplication.focusWidget(), "0000100")
    assert window.search.box.text() == "0000100"


def test_the_cards_note_heading_follows_a_name_change(desk, qtbot, store):
    """After 顧客情報の修正 of the name the card showed the new name above and still wrote
    「佐々木 翔太 様 … の応対メモ」 over the note editor: two names for one caller."""
    from desk_app.services import customers as customer_service

    services, window = desk
    cid = repeat_customer(store)
    open_card(qtbot, window, cid)
    settle(qtbot, services)
    old = window.card.card.summary.name
    assert old in window.card.editor.heading.text()
    services.tasks.submit(lambda ctx: customer_service.edit_customer(
        ctx, cid, {"name": "改名 花子", "kana": "カイメイ ハナコ"}))
    qtbot.waitUntil(lambda: window.card.card.summary.name == "改名 花子", timeout=5000)
    settle(qtbot, services)
    heading = window.card.editor.heading.text()
    assert "改名 花子" in heading and old not in heading
    assert "カイメイ" in heading


def test_pop_ups_stack_with_their_window_frames_and_cover_no_buttons(desk, qtbot, store,
                                                                      monkeypatch):
    """Under a window manager (openbox on Xvfb, 1280×800 and 1600×1000) each pop-up's title
    bar covered the bottom button row (新規顧客登録・閉じる) of the pop-up above: the column
    stacked the inner heights. Qt's offscreen platform draws no frames, so the frame a
    window manager adds (1 px sides, 20 px title, 5 px bottom, as openbox's) is given here."""
    from PySide6.QtCore import QRect
    from ui_helpers import numbers, post_and_wait

    from desk_app.domain.call_event import CallEvent, Withheld
    from desk_app.ui.desk.popup import CallPopup
    from desk_app.ui.main_window import MainWindow

    def framed(self) -> QRect:
        inner = self.geometry()
        return QRect(inner.x() - 1, inner.y() - 20, inner.width() + 2, inner.height() + 25)

    monkeypatch.setattr(CallPopup, "frameGeometry", framed)
    monkeypatch.setattr(MainWindow, "frameGeometry", framed)
    services, window = desk
    single, family, unknown = numbers(store)
    post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    post_and_wait(qtbot, services, window, CallEvent("test", number=None, line="2",
                                                     withheld=Withheld.PAYPHONE))
    post_and_wait(qtbot, services, window, CallEvent("test", number=unknown, line="3"))
    settle(qtbot, services)
    frames = [p.frameGeometry() for p in window.popups.popups]
    assert len(frames) == 3
    for upper, lower in itertools.pairwise(frames):
        assert upper.bottom() < lower.top(), (upper, lower)  # no title bar over buttons
