"""担当者の選択 at start: who is at this desk, so notes and calls record it automatically.

No password yet (step 10 adds sign-in); the last choice is remembered so a clerk who
works the same desk every day only presses Enter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class OperatorDialog(QDialog):
    def __init__(self, operators, last_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Operator"))
        self.list = QListWidget()
        for op in operators:
            item = QListWidgetItem(op.name)
            item.setData(Qt.ItemDataRole.UserRole, op.id)
            self.list.addItem(item)
            if op.id == last_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Or type a new operator's name"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _i: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Who is working at this desk?")))
        layout.addWidget(self.list)
        layout.addWidget(self.new_name)
        layout.addWidget(buttons)
        self.list.setFocus()

    def choice(self) -> tuple[int | None, str]:
        """(id, name) of a listed operator, or (None, name) for a new one."""
        name = self.new_name.text().strip()
        if name:
            return None, name
        item = self.list.currentItem()
        if item is None:
            return None, ""
        return int(item.data(Qt.ItemDataRole.UserRole)), item.text()
