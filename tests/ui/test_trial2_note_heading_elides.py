"""Second trial on a fresh clone (issue 10): in a 380 px pop-up at 1280×800 the note
editor's heading 「鈴木 恵子 様（スズキ　ケイコ） No.0000369 の応対メモ」 was cut at the
edge in the middle of a word, without a sign that more followed. Labels elide: the shown
text ends in …, the whole of it stays the label's text (and tooltip), and the heading
never widens the pop-up."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from ui_helpers import settle


def test_a_long_note_heading_elides_in_a_narrow_editor(qtbot, desk):
    services, window = desk
    from desk_app.ui.customers.notes import NoteEditor

    editor = NoteEditor(services, "trial2-heading", fixed=True)
    qtbot.addWidget(editor)
    editor.setFixedWidth(300)
    editor.show()
    editor.set_context(1, "長谷川 一二三四五六七", call_id=None, kana="ハセガワ　ヒフミヨイムナ",
                       code="0000369")
    settle(qtbot, services)
    full = editor.heading.text()
    assert "0000369" in full
    shown = QLabel.text(editor.heading)
    assert shown != full and shown.endswith("…")
    assert editor.heading.fontMetrics().horizontalAdvance(shown) <= editor.heading.width()
    assert editor.heading.toolTip() == full
    assert editor.width() == 300
    editor.close()
