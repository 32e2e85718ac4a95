"""Second trial on a fresh clone (issue 10): F11 on the card opened 顧客情報の修正 with the
keys but no field had them (the tab bar did): 「530」 typed for a new postal code went
nowhere and even Tab showed no field. The form now starts in its first field, 氏名, with the
cursor at the end and nothing selected (typing there cannot replace the name); a customer
without an address still starts at 郵便番号."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from test_customer_edit_ui import edit_dialogs, somebody
from ui_helpers import open_card


def test_f11_starts_in_the_first_field_without_selecting_it(qtbot, desk, store):
    services, window = desk
    cid, _kana, _number = somebody(store)
    open_card(qtbot, window, cid)
    services.navigation.edit_customer(window, window.card.card)
    qtbot.waitUntil(lambda: bool(edit_dialogs()), timeout=3000)
    dialog = edit_dialogs()[-1]
    name = dialog.edits["name"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name, timeout=3000)
    assert not name.hasSelectedText() and name.cursorPosition() == len(name.text())
    dialog.done(0)
