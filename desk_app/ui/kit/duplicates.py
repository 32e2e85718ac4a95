"""重複チェック: before a new customer is saved, the clerk sees who is already on file.

A caller who "has never ordered" often has, under a spouse's number or an old address; two
records for one person split the history and the pop-up then shows the wrong stage. The
dialog lists the candidates and lets the clerk use one of them or register anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit import fmt


class DuplicateDialog(QDialog):
    use_existing = Signal(int)
    register_anyway = Signal()

    def __init__(self, duplicates, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Duplicate check"))
        label = QLabel(self.tr("A customer with the same name and reading, or the same "
                               "phone number, is already registered."))
        label.setWordWrap(True)
        self.list = QListWidget()
        for d in duplicates:
            item = QListWidgetItem(f"{d.code}  {d.name}（{d.kana}）  {d.phone_display}  "
                                   f"{d.address}  {d.stage}  {fmt.count(d.orders_count)}")
            item.setData(Qt.ItemDataRole.UserRole, d.customer_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self._use())
        buttons = QDialogButtonBox()
        self.use_button = buttons.addButton(self.tr("Use this customer"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.anyway_button = buttons.addButton(self.tr("Register as a different person"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("Back"), QDialogButtonBox.ButtonRole.RejectRole)
        self.use_button.clicked.connect(self._use)
        self.anyway_button.clicked.connect(self._anyway)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def _use(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.accept()
            self.use_existing.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _anyway(self) -> None:
        self.accept()
        self.register_anyway.emit()
