"""The desk's Enter rule, enforced once for every dialog and form: Enter does the focused
field's own action and never presses a button that saves, replaces or discards.

Qt's dialogs press their *default* button on Enter, and every QPushButton in a dialog is an
"auto-default" candidate (QDialogButtonBox even makes its first accept button the default
when it is shown), so one forgotten ``setAutoDefault(False)`` turns Enter in a field into
「前回と同じ内容で受注」. :class:`EnterGuard`, installed on the application at start, makes
that impossible for every dialog, present and future:

- a Return/Enter that no field took (it propagated up to the dialog) is swallowed, and when
  the field has no Enter action of its own (nothing listens to ``returnPressed``; a closed
  choice box), the focus moves to the next field, as a clerk expects on a paper-like form;
- when a dialog is shown, none of its push buttons stays default or auto-default.

Message boxes keep Qt's behaviour: there Enter answers with the default button, which for
every "discard?" question of the desk is いいえ (:func:`ask_discard`).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import SIGNAL, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_QT_DIALOGS = (QMessageBox, QFileDialog, QInputDialog, QColorDialog, QProgressDialog)


def guarded(widget: QWidget | None) -> bool:
    """A dialog whose Enter the guard owns (Qt's own standard dialogs keep theirs)."""
    return isinstance(widget, QDialog) and not isinstance(widget, _QT_DIALOGS)


def no_default_buttons(root: QWidget) -> None:
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def _has_own_enter_action(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.receivers(SIGNAL("returnPressed()")) > 0
    if isinstance(widget, QComboBox):
        if widget.isEditable() and widget.lineEdit():
            return widget.lineEdit().receivers(SIGNAL("returnPressed()")) > 0
        # a closed choice box (種別, 都道府県, お支払い方法) does nothing with Enter (its open
        # list takes the key itself): the Enter stayed there and the next typing was lost
        return False
    return True  # tables, lists, buttons …: their own business


class EnterGuard(QObject):
    """Application event filter; see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() in _ENTER and guarded(watched):
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False  # Ctrl+Enter and friends are explicit save keys
            focus = QApplication.focusWidget()
            if (focus is not None and focus.window() is watched
                    and not isinstance(focus, QAbstractButton)
                    and not _has_own_enter_action(focus)):
                watched.focusNextChild()
            return True
        if kind == QEvent.Type.Show:
            if guarded(watched):
                no_default_buttons(watched)
            elif isinstance(watched, QPushButton) and guarded(watched.window()):
                watched.setAutoDefault(False)  # a button added after the dialog was shown
                watched.setDefault(False)
        return False


F = TypeVar("F", bound=QObject)


def install_app_filter(app: QApplication, kind: type[F], name: str) -> F:
    """An application-wide event filter of *kind*, once per application (setup_app installs
    the desk's). The filter is the application's child, so it is found on the application
    itself, never in a module variable that would outlive it (a second QApplication gets its
    own)."""
    found = app.findChild(kind, name)
    if found is None:
        found = kind(app)
        found.setObjectName(name)
        app.installEventFilter(found)
    return found


def install_enter_guard(app: QApplication) -> EnterGuard:
    return install_app_filter(app, EnterGuard, "deskEnterGuard")


def keep_above_its_window(box: QWidget) -> None:
    """A question asked by an always-on-top window (a pop-up) stays on top itself: above its
    pop-up and the pop-ups beside it in the call column."""
    owner = box.parentWidget()
    if owner is not None and owner.window().windowFlags() & Qt.WindowType.WindowStaysOnTopHint:
        box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)


def ask_discard(parent: QWidget | None, title: str, text: str) -> bool:
    """A "throw this away?" question whose default (Enter, Esc) is いいえ."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    keep_above_its_window(box)
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        box.deleteLater()
