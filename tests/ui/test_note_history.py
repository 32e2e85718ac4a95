"""応対履歴 on the card: Enter or a double click opens the whole note read-only (it never
toggles anything); 対応済みにする is an explicit button / Ctrl+D that records who and when,
shown in the row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit
from ui_helpers import settle

from desk_app.services import notes
from desk_app.store.models import Note

LONG = "お届けの日時について折り返し希望\n" + "\n".join(
    f"{i}行目: 玄関の前ではなく裏口に置いてほしいとのこと。" for i in range(1, 120))


def card_with_note(qtbot, desk, body=LONG, follow_up=True):
    services, window = desk
    added = []
    services.tasks.submit(lambda ctx: notes.add_note(ctx, 1, body, "inquiry",
                                                     needs_follow_up=follow_up).value,
                          on_done=added.append)
    settle(qtbot, services)
    window.open_customer(1)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and any(n.id == added[0].id for n in window.card.card.notes), timeout=5000)
    settle(qtbot, services)
    history = window.card.note_history
    window.card.tabs.setCurrentWidget(history)
    item = history.tree.topLevelItem(0)
    assert item.data(0, Qt.ItemDataRole.UserRole).id == added[0].id
    history.tree.setCurrentItem(item)
    return services, window, history, added[0]


def done_state(store, note_id):
    with store.new_session() as s:
        n = s.get(Note, note_id)
        return n.done_at, n.done_by_id


def test_enter_opens_the_whole_note_and_marks_nothing(qtbot, desk, store):
    services, window, history, note = card_with_note(qtbot, desk)
    row = history.tree.topLevelItem(0)
    assert row.text(2) == "未対応"
    assert row.text(3).startswith("お届けの日時について折り返し希望") and len(row.text(3)) < 100
    history.tree.setFocus()
    QTest.keyClick(history.tree, Qt.Key.Key_Return)
    viewer = history.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.body.toPlainText() == LONG and viewer.body.isReadOnly()
    assert viewer.body.verticalScrollBar().maximum() > 0  # long text scrolls, the window fits
    assert viewer.height() <= viewer.screen().availableGeometry().height()
    # Enter in the viewer does not press 対応済みにする either
    QTest.keyClick(viewer.body, Qt.Key.Key_Return)
    settle(qtbot, services)
    assert done_state(store, note.id) == (None, None)
    assert history.tree.topLevelItem(0).text(2) == "未対応"
    viewer.close()
    assert history.viewer is None
    # a double click opens it too, and toggles nothing
    window.activateWindow()
    rect = history.tree.visualItemRect(history.tree.topLevelItem(0))
    QTest.mouseClick(history.tree.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(history.tree.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, rect.center())
    settle(qtbot, services)
    assert history.viewer is not None and history.viewer.isVisible()
    assert done_state(store, note.id) == (None, None)
    history.viewer.close()


def test_marking_done_is_explicit_and_records_who_and_when(qtbot, desk, store):
    services, window, history, note = card_with_note(qtbot, desk, "再配達の件 折り返し")
    assert history.mark_button.isEnabled() and "対応済みにする" in history.mark_button.text()
    viewer = history.open_selected()
    assert viewer.mark_button.isVisible() and viewer.mark_button.text() == "対応済みにする"
    viewer.mark_button.click()
    qtbot.waitUntil(lambda: history.tree.topLevelItem(0).text(2).startswith("対応済み"),
                    timeout=5000)
    done_at, done_by = done_state(store, note.id)
    assert done_at is not None and done_by == 1
    text = history.tree.topLevelItem(0).text(2)
    assert text.endswith("佐藤") and text.split()[1].count("/") == 2  # 対応済み YYYY/MM/DD HH:MM 佐藤
    assert viewer.state.text() == text  # the open viewer says so too
    assert viewer.mark_button.text() == "未対応に戻す"
    assert "佐藤" in history.status.text()
    viewer.close()
    # Ctrl+D on the row reopens it (the same explicit action)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    history.tree.setFocus()
    QTest.keyClick(history.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: history.tree.topLevelItem(0).text(2) == "未対応", timeout=5000)
    assert done_state(store, note.id) == (None, None)


def test_a_note_without_follow_up_has_nothing_to_mark(qtbot, desk):
    services, window, history, note = card_with_note(qtbot, desk, "カタログ送付済み",
                                                     follow_up=False)
    assert not history.mark_button.isEnabled() and not history.mark_selected()
    viewer = history.open_selected()
    assert not viewer.mark_button.isVisibleTo(viewer)
    assert isinstance(viewer.body, QPlainTextEdit) and viewer.body.toPlainText() == "カタログ送付済み"
    viewer.close()
