"""A small read-only table model: rows of display strings plus the read model behind each.

Most lists on the desk (search results, call log, missed calls, voices) are a few hundred
rows at most; resetting the whole model on each answer is simpler and fast enough, and keeps
the views free of ORM objects. Rows are rendered as the view asks for them, so a list of
tens of thousands (本日のフォロー) costs only what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont


class RowsModel(QAbstractTableModel):
    """``render(item)`` gives a row's strings; *link_column* looks like a link, *highlight*
    tints a row, *right_align* columns (money, counts) align right, *muted* greys every row
    (what is done already: the letters printed today).

    Every item is a row from the start (Ctrl+End reaches the last one, the scroll bar tells
    the list's length), but a row is rendered only when the view first asks for it, and kept:
    at tens of thousands of lines (本日のフォロー) only the rows on screen are ever built."""

    def __init__(self, headers: Sequence[str], render: Callable[[Any], Sequence[str]],
                 parent=None, *, link_column: int | None = None,
                 highlight: Callable[[Any], bool] | None = None,
                 right_align: Sequence[int] = (), muted: bool = False) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.render = render
        self.items: Sequence[Any] = []
        self._rows: dict[int, Sequence[str]] = {}  # row -> its strings, once rendered
        self.link_column = link_column
        self.highlight = highlight
        self.right_align = set(right_align)
        self.muted = muted

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        # kept as given: a lazy sequence (本日のフォロー's lines) builds only the rows read
        self.items = items if isinstance(items, Sequence) else list(items)
        self._rows = {}
        self.endResetModel()

    def row_text(self, row: int) -> Sequence[str]:
        """Row *row*'s strings, rendered on first use."""
        text = self._rows.get(row)
        if text is None:
            text = self._rows[row] = self.render(self.items[row])
        return text

    def item(self, row: int) -> Any:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.items)

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
            return self.row_text(row)[col]
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


def _needed(view, col: int, texts) -> int:
    """The width column *col* needs for its title (in the header's font) and *texts* (in
    the view's), plus a cell's padding."""
    title = view.model().headerData(col, Qt.Orientation.Horizontal)
    metrics = view.fontMetrics()
    return max([view.horizontalHeader().fontMetrics().horizontalAdvance(str(title)),
                *(metrics.horizontalAdvance(str(t or "")) for t in texts)]) + CELL_PAD


def sample_widths(view, samples: Mapping[int, str]) -> dict[int, int]:
    """The width each column of *samples* (column → a typical value) needs: the value in the
    view's font, or the column's title in the header's when that is wider, plus the cell's
    padding. From the font, so a larger desk font is not cut either."""
    return {col: _needed(view, col, (text,)) for col, text in samples.items()}


def sample_rows(count: int, samples: int) -> Sequence[int]:
    """At most *samples* rows of *count*: every row of a short list, else the first, the
    last and rows evenly spread between them."""
    if count <= samples:
        return range(count)
    return sorted({round(i * (count - 1) / (samples - 1)) for i in range(samples)})


def fit_columns(view, cap: int | None = None, samples: int = 200) -> None:
    """Each column as wide as its title and its widest text among *samples* rows spread over
    the whole list (not only its first rows), at most *cap*: a list of tens of thousands is
    measured on a few hundred rows, never rendered whole."""
    model = view.model()
    rows = sample_rows(model.rowCount(), samples)
    for col in range(model.columnCount()):
        width = _needed(view, col, (model.data(model.index(row, col)) for row in rows))
        view.setColumnWidth(col, min(width, cap) if cap else width)
