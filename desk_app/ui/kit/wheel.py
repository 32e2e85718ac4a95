"""The mouse wheel scrolls the form; it never changes a value the clerk is not editing.

Qt's combo, spin and date boxes take the wheel (and the keyboard focus with it) whenever
the pointer is over them, so a clerk scrolling the order form down to お支払い方法 turned
時間帯 指定なし into 19〜21時 without seeing it, and the order was saved so. The
:class:`WheelGuard`, installed on the application at start, makes these boxes take the focus
only by click or Tab, and hands a wheel over an unfocused one to the scroll area around it
(or drops it when there is none). In the box the clerk is in, the wheel still steps the value.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

from desk_app.ui.kit.keys import install_app_filter

_VALUE_BOXES = (QComboBox, QAbstractSpinBox)


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """Application event filter; see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _VALUE_BOXES):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, _VALUE_BOXES):
            return False
        if watched.hasFocus():  # a spin box's line edit is its focus proxy
            return False  # the box the clerk is in: the wheel steps its value
        area = _scroll_area_around(watched)
        if area is not None:
            bar = (area.verticalScrollBar() if event.angleDelta().y()
                   else area.horizontalScrollBar())
            if bar is not None and bar.isVisible():
                QApplication.sendEvent(bar, event)
        return True


def install_wheel_guard(app: QApplication) -> WheelGuard:
    return install_app_filter(app, WheelGuard, "deskWheelGuard")
