"""A small read-only table model: rows of display strings plus the read model behind each.

Every list on the desk (search results, call log, missed calls, voices) is a few hundred rows
at most; resetting the whole model on each answer is simpler and fast enough, and keeps the
views free of ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont


class RowsModel(QAbstractTableModel):
    """``render(item)`` gives a row's strings; *link_column* looks like a link, *highlight*
    tints a row, *right_align* columns (money, counts) align right, *muted* greys every row
    (what is done already: the letters printed today)."""

    def __init__(self, headers: Sequence[str], render: Callable[[Any], Sequence[str]],
                 parent=None, *, link_column: int | None = None,
                 highlight: Callable[[Any], bool] | None = None,
                 right_align: Sequence[int] = (), muted: bool = False,
                 page: int | None = None) -> None:
        super().__init__(parent)
        # *page*: render that many rows at a time as the view scrolls (fetchMore) instead of
        # all at once, for the few lists that can run to tens of thousands (本日のフォロー)
        self.page = page
        self.headers = list(headers)
        self.render = render
        self.items: Sequence[Any] = []
        self._rows: list[Sequence[str]] = []
        self.link_column = link_column
        self.highlight = highlight
        self.right_align = set(right_align)
        self.muted = muted

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        # kept as given: a lazy sequence (本日のフォロー's lines) builds only the rows shown
        self.items = items if isinstance(items, Sequence) else list(items)
        shown = self.items if self.page is None else self.items[:self.page]
        self._rows = [self.render(i) for i in shown]
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | None = None) -> bool:
        return not (parent is not None and parent.isValid()) and \
            len(self._rows) < len(self.items)

    def fetchMore(self, parent: QModelIndex | None = None) -> None:
        start = len(self._rows)
        end = len(self.items) if self.page is None else min(len(self.items),
                                                             start + self.page)
        if end <= start:
            return
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self._rows += [self.render(i) for i in self.items[start:end]]
        self.endInsertRows()

    def item(self, row: int) -> Any:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][col]
        if role == Qt.ItemDataRole.ForegroundRole and self.muted:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.right_align:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == self.link_column:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#1a4f9c"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setUnderline(True)
                return font
        if role == Qt.ItemDataRole.BackgroundRole and self.highlight \
                and self.highlight(self.items[row]):
            return QBrush(QColor("#fdecea"))
        return None


def setup_table(view) -> None:
    """The look every desk table shares: whole rows, alternating colours, no edit."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)


CELL_PAD = 16  # a cell's margins and a little air


def sample_widths(view, samples: Mapping[int, str]) -> dict[int, int]:
    """The width each column of *samples* (column → a typical value) needs: the value in the
    view's font, or the column's title in the header's when that is wider, plus the cell's
    padding. From the font, so a larger desk font is not cut either."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader().fontMetrics()
    model = view.model()
    return {col: max(metrics.horizontalAdvance(text), header.horizontalAdvance(
                str(model.headerData(col, Qt.Orientation.Horizontal)))) + CELL_PAD
            for col, text in samples.items()}
