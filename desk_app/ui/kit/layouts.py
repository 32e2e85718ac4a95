"""Small layout pieces every dialog repeats."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """A dialog's buttons at the bottom right, in the order given (the action, then 閉じる)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
