"""Major 4, 9 and 11: registration saves only by its key or button (a postal code that does
not exist is a field error; no address is allowed but marked 住所未登録), Esc asks before
throwing away what was typed (default いいえ), and 「変更を破棄」 really discards."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select
from ui_helpers import numbers, post_and_wait, settle

from desk_app.domain.call_event import CallEvent
from desk_app.store.models import Customer


def registration(qtbot, services, **kw):
    from desk_app.ui.customers.registration import RegisterDialog

    dialog = RegisterDialog(services, **kw)  # deletes itself on close
    dialog.show()
    dialog.activateWindow()  # the keys go where the clerk types: this form
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def count(store) -> int:
    with store.new_session() as s:
        return s.scalar(select(func.count()).select_from(Customer))


def test_enter_in_any_registration_field_registers_nobody(qtbot, desk, store):
    services, _window = desk
    before = count(store)
    dialog = registration(qtbot, services, number="0311110000")
    dialog.edits["name"].setText("半端 太郎")
    dialog.edits["kana"].setText("ハンパ タロウ")
    dialog.edits["postal"].setText("999-9999")
    for edit in dialog.edits.values():
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_Return)
        settle(qtbot, services)
    assert count(store) == before and dialog.isVisible()
    dialog.submit()  # the button (or Ctrl+S): refused at the postal code
    settle(qtbot, services)
    assert count(store) == before
    assert "999-9999" in dialog.field_errors["postal_code"].text()
    assert dialog.field_errors["postal_code"].isVisible()
    dialog.edits["postal"].setText("")
    dialog.submit()
    settle(qtbot, services)
    qtbot.waitUntil(lambda: count(store) == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: not alive(dialog) or not dialog.isVisible(), timeout=3000)


def test_a_customer_without_address_is_marked_where_the_clerk_sees_it(qtbot, desk, store):
    services, window = desk
    dialog = registration(qtbot, services, number="0311110001")
    dialog.edits["name"].setText("住所 未定")
    dialog.edits["kana"].setText("ジュウショ ミテイ")
    cards = []
    dialog.registered.connect(cards.append)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(cards), timeout=5000)
    window.card.set_card(cards[0])
    assert cards[0].address_missing
    assert window.card.address_missing.isVisible()
    assert "住所未登録" in window.card.address_missing.text()


def answer_later(button_text_or_role, seen: list):
    """Answer the next message box with *button* and remember what it asked and defaulted to."""
    def answer():
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()
                    and w.button(button_text_or_role) is not None), None)
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.append((box.text(), box.defaultButton() and box.standardButton(box.defaultButton())))
        box.button(button_text_or_role).click()
    QTimer.singleShot(20, answer)


def test_esc_in_registration_asks_and_defaults_to_no(qtbot, desk):
    services, _window = desk
    dialog = registration(qtbot, services, number="0311110002")
    dialog.edits["name"].setText("途中 花子")
    seen = []
    answer_later(QMessageBox.StandardButton.No, seen)
    QTest.keyClick(dialog.edits["name"], Qt.Key.Key_Escape)
    assert seen and seen[0][1] == QMessageBox.StandardButton.No
    assert dialog.isVisible() and dialog.edits["name"].text() == "途中 花子"
    answer_later(QMessageBox.StandardButton.Yes, seen)
    key = dialog.draft_key
    QTest.keyClick(dialog.edits["name"], Qt.Key.Key_Escape)
    assert not alive(dialog) or not dialog.isVisible()
    assert services.drafts.load(key) is None


def test_esc_closing_a_completer_list_does_not_reach_the_form(qtbot, desk):
    services, _window = desk
    dialog = registration(qtbot, services, number="0311110003")
    dialog.edits["postal"].setText("0680546")  # a code shared by two places: a list
    dialog.find_address()
    qtbot.waitUntil(dialog.candidates.isVisible, timeout=3000)
    dialog.candidates.setFocus()
    dialog.edits["name"].setText("途中")
    QTest.keyClick(dialog.candidates, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.candidates.isVisible()
    assert not any(isinstance(w, QMessageBox) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    dialog.close()


def test_discarding_a_pop_up_note_discards_it_for_good(qtbot, desk, store, data_dir):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    popup.notes.body.setPlainText("いらないメモ")
    popup.notes.save_draft()
    key = popup.notes.draft_key
    assert services.drafts.load(key) is not None
    seen = []
    answer_later(QMessageBox.StandardButton.Discard, seen)
    popup.dismiss()
    qtbot.waitUntil(lambda: popup not in window.popups.popups, timeout=3000)
    assert services.drafts.load(key) is None
    assert services.drafts.load_all() == []


def test_restored_note_window_offers_save_and_discard(qtbot, ja_app, store, data_dir):
    from desk_app.store.drafts import NOTE, Draft, DraftStore
    from desk_app.ui.app import build_desk
    from desk_app.ui.customers.restore import restore_drafts

    DraftStore(data_dir / "drafts").save(Draft("note-popup-xyz", NOTE, {
        "body": "前回の続き", "category": "other"}, customer_id=1, customer_name="テスト"))
    services, window = build_desk(store, operator_id=1, operator_name="佐藤")
    qtbot.addWidget(window)
    try:
        opened = restore_drafts(window, services)
        restored = opened[0]
        assert restored.save_button.isVisible() and restored.discard_button.isVisible()
        seen = []
        answer_later(QMessageBox.StandardButton.Yes, seen)
        restored.discard_button.click()
        assert seen and seen[0][1] == QMessageBox.StandardButton.No  # default いいえ
        assert services.drafts.load("note-popup-xyz") is None
        assert not restored.isVisible()
        assert restore_drafts(window, services) == []
    finally:
        services.stop()
