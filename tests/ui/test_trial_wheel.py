"""Trial on a fresh clone (issue 10): the mouse wheel over a form must scroll the form, not
change the combo, spin or date box that happens to be under the pointer (scrolling the
order form turned 時間帯 指定なし into 19〜21時, and the order was saved with it)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from test_enter_never_saves import open_form, repeat_customer


def wheel_down(widget, notches: int = 1) -> None:
    centre = QPointF(widget.rect().center())
    for _ in range(notches):
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_combo_scrolls_the_order_form(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    slot = form.delivery.slot
    form.items.code.setFocus()
    assert not slot.hasFocus()
    before = slot.currentIndex()
    window.resize(1280, 800)
    form.resize(876, 700)  # the form scrolls, as at 1280×800
    from PySide6.QtWidgets import QScrollArea
    area = next(a for a in form.findChildren(QScrollArea) if a.isAncestorOf(slot))
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=2000)
    area.verticalScrollBar().setValue(0)
    wheel_down(slot, 3)
    assert slot.currentIndex() == before  # the delivery slot is not changed behind the clerk
    assert area.verticalScrollBar().value() > 0  # the form scrolled instead
    form.ctx = None
    form.close()


def test_the_wheel_still_changes_the_combo_the_clerk_is_in(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    slot = form.delivery.slot
    slot.setFocus()
    qtbot.waitUntil(slot.hasFocus, timeout=2000)
    before = slot.currentIndex()
    wheel_down(slot)
    assert slot.currentIndex() == before + 1
    form.ctx = None
    form.close()


def test_combos_and_spin_boxes_do_not_take_the_focus_on_the_wheel(desk, qtbot, store):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    boxes = form.findChildren(QComboBox) + form.findChildren(QAbstractSpinBox)
    assert boxes
    wheel_focus = [b.objectName() or type(b).__name__ for b in boxes
                   if b.focusPolicy() == Qt.FocusPolicy.WheelFocus]
    assert wheel_focus == []
    form.ctx = None
    form.close()


def test_the_wheel_over_an_unfocused_date_box_leaves_the_date(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    form.delivery.use_date.setChecked(True)
    date_box = form.delivery.date
    form.items.code.setFocus()
    before = date_box.date()
    wheel_down(date_box, 2)
    assert date_box.date() == before
    form.ctx = None
    form.close()
