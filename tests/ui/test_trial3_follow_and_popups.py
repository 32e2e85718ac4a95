"""Trial of 本日のフォロー and the pop-ups (session 4): F8 from every window of the desk, and
a window that never grows at 1280×800."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import numbers, post_and_wait, settle

from desk_app.domain.call_event import CallEvent
from desk_app.ui.kit import placement

LAPTOP = placement.Rect(0, 0, 1280, 760)  # 1280×800 less the task bar


def press_f8(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F8)


def open_order_form(window):
    from desk_app.ui.orders.form import OrderForm

    window.new_order()
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, OrderForm) and w.isVisible())


@pytest.mark.parametrize("opener", ["open_follow_ups", "open_order_list", "open_analysis",
                                    "order form"])
def test_f8_moves_the_keyboard_to_the_pop_ups_from_every_window(qtbot, desk, store, opener):
    services, window = desk
    shown = open_order_form(window) if opener == "order form" else getattr(window, opener)()
    settle(qtbot, services)
    single, _family, unknown = numbers(store)
    first = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    newest = post_and_wait(qtbot, services, window, CallEvent("test", number=unknown, line="2"))
    qtbot.wait(50)
    assert QApplication.activeWindow() is shown  # the pop-ups left the keyboard there
    press_f8(qtbot, shown)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is newest, timeout=2000)
    # inside a pop-up F8 goes on to the next one
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first, timeout=2000)
    # and from the main window, as before
    press_f8(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is newest, timeout=2000)
    shown.close()


def test_the_print_kind_never_widens_the_follow_window(qtbot, desk, monkeypatch):
    """印刷 = 宛名ラベル brings the sheet and the start label: the window keeps its width at
    1280×800, beside the pop-up column, whatever is chosen."""
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: LAPTOP)
    services, window = desk
    work = placement.work_area(LAPTOP)
    follow = window.open_follow_ups()
    settle(qtbot, services)
    qtbot.waitExposed(follow)
    width = follow.width()
    for n in range(follow.what.count()):
        follow.what.setCurrentIndex(n)
        qtbot.wait(20)
        assert follow.width() == width, follow.what.currentText()
        assert follow.minimumSizeHint().width() <= width
        assert follow.frameGeometry().right() < work.right
    follow.what.setCurrentIndex(follow.what.findData("labels"))
    for n in range(follow.sheet.count()):
        follow.sheet.setCurrentIndex(n)
        qtbot.wait(20)
        assert follow.width() == width, follow.sheet.currentText()
    follow.close()
