"""Second trial on a fresh clone (issue 10): F4 in an unknown caller's pop-up (after F8)
opened 新規顧客登録 with the number filled, the window took the keyboard, but no field had
it: the name the clerk typed at once went nowhere ("nothing typed is lost"); only a Tab
put the keyboard in 氏名. Registration now starts in 氏名, from a pop-up and from the main
window alike."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from ui_helpers import numbers, post_and_wait

from desk_app.domain.call_event import CallEvent


def _registration():
    from desk_app.ui.customers.registration import RegisterDialog

    return next(w for w in reversed(QApplication.topLevelWidgets())
                if isinstance(w, RegisterDialog) and w.isVisible())


def test_f4_in_an_unknown_callers_pop_up_starts_in_the_name(qtbot, desk, store):
    services, window = desk
    _, _, unknown = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=unknown, line="1"))
    popup.activate_keyboard()  # F8
    assert popup.trigger("register")  # F4
    dialog = _registration()
    name = dialog.fields.edits["name"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name, timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "Yamada")
    assert name.text() == "Yamada"
    name.setText("")
    dialog.reject()


def test_registration_from_the_main_window_starts_in_the_name(qtbot, desk):
    services, window = desk
    window.register_customer(None)
    dialog = _registration()
    name = dialog.fields.edits["name"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name, timeout=3000)
    dialog.reject()
