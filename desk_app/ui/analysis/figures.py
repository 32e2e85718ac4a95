"""A table of figures where every number is a link to the customers behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

LINK = QColor("#1a4f9c")
SELECTOR_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Cell:
    text: str
    selector: Any = None  # what the engine lists behind this number; None = not a link
    background: QColor | None = None
    caption: str = ""  # the list's title when clicked


class FigureTable(QTableWidget):
    """Rows × columns of :class:`Cell`; a click (or Enter) on a linked cell emits
    ``number_activated(selector, caption)``."""

    number_activated = Signal(object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.cellClicked.connect(self._activate)

    def set_cells(self, columns: Sequence[str], rows: Sequence[str],
                  cells: Sequence[Sequence[Cell]]) -> None:
        self.clear()
        self.setColumnCount(len(columns))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(list(columns))
        self.setVerticalHeaderLabels(list(rows))
        link_font = QFont()
        link_font.setUnderline(True)
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell.text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if self.centered else
                                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if cell.selector is not None:
                    item.setData(SELECTOR_ROLE, (cell.selector, cell.caption))
                    item.setForeground(QBrush(LINK))
                    item.setFont(link_font)
                    item.setToolTip(self.tr("Click to list these customers"))
                if cell.background is not None:
                    item.setBackground(QBrush(cell.background))
                self.setItem(r, c, item)

    def set_cell_size(self, width: int, height: int) -> None:
        """Fixed, larger cells (the RFM grid reads as a grid, not a list)."""
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultSectionSize(width)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(height)
        self.centered = True

    centered = False

    def selector_at(self, row: int, column: int):
        item = self.item(row, column)
        data = item.data(SELECTOR_ROLE) if item else None
        return data[0] if data else None

    def _activate(self, row: int, column: int) -> None:
        item = self.item(row, column)
        data = item.data(SELECTOR_ROLE) if item else None
        if data:
            self.number_activated.emit(data[0], data[1])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._activate(self.currentRow(), self.currentColumn())
            return
        super().keyPressEvent(event)
