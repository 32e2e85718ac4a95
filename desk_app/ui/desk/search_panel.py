"""Search as you type: name, フリガナ (any kana width), phone or its last digits, code.

Every keystroke sends a query to the worker under one coalescing key, so only the newest
text is searched and an old answer never overwrites a newer one; nothing is debounced, the
list follows the typing. Down moves into the results, Enter opens the card, Esc goes back to
the search box.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from desk_app.domain.text import LIMITS
from desk_app.services import calldesk
from desk_app.store.customers import SEARCH_LIMIT
from desk_app.ui.kit import fmt
from desk_app.ui.kit.table_model import CELL_PAD, RowsModel, sample_widths, setup_table

# what a typical value of each column needs (code, name, reading, phone, stage, orders,
# last order, address)
COLUMN_SAMPLES = ("0000000", "佐藤 明美 ⚠", "サトウ　アケミ", "090-0000-0000", "コツコツ・離脱",
                  "999", "2026/12/31", "東京都千代田区千代田1-1")
# who it is first: the columns a narrow panel keeps, in this order; the card beside the
# list shows everything of the selected row
COLUMN_PRIORITY = (0, 1, 3, 2, 4, 7, 5, 6)
ESSENTIAL = frozenset({0, 1, 3})  # code, name, phone: shown at any panel width
ELASTIC = frozenset({1, 2, 7})  # name, reading, address: elided to fit, never below
ELASTIC_MIN = {1: "佐藤 明美", 2: "サトウ ア", 7: "東京都千代田区"}


def share_widths(available: int, wanted: list[int],
                 minimum: dict[int, int]) -> dict[int, int]:
    """The columns shown in *available* pixels and their widths, adding up to *available*
    exactly (no sideways scrolling).

    Columns come by priority, each at the width its typical value wants, while they fit.
    The first one that does not fit still comes at its minimum when it is elastic (name,
    reading, address: elided, the full text in the tooltip), and code, name and phone come
    in any case, the elastic columns before them giving up room down to their minimum; the
    columns after it wait for a wider panel.
    Room to spare goes to the last elastic column shown."""
    widths: dict[int, int] = {}
    for col in COLUMN_PRIORITY:
        used = sum(widths.values())
        if used + wanted[col] <= available:
            widths[col] = wanted[col]
            continue
        need = minimum[col] if col in ELASTIC else wanted[col]
        # only code, name and phone make the columns before them give up room
        slack = (sum(widths[c] - minimum[c] for c in widths if c in ELASTIC)
                 if col in ESSENTIAL else 0)
        if not widths or used - slack + need <= available:
            widths[col] = need
            over = sum(widths.values()) - available
            for c in reversed([c for c in widths if c in ELASTIC and c != col]):
                give = min(over, widths[c] - minimum[c])
                widths[c] -= max(0, give)
                over -= max(0, give)
        break
    elastic = [c for c in widths if c in ELASTIC]
    rest = available - sum(widths.values())
    if widths and rest > 0:
        widths[elastic[-1] if elastic else next(reversed(widths))] += rest
    return widths


class SearchPanel(QWidget):
    """The selected row is always the customer whose card is shown, or no row at all:
    moving the selection (arrows, a click) shows that customer's card, and a card opened
    from elsewhere (a pop-up, 最近の着信, 折り返し) is selected here, searched by its code
    when the list does not hold it."""

    customer_activated = Signal(int)
    customer_selected = Signal(int)  # the clerk moved the selection: show that card
    results_shown = Signal(str, float)  # text, perf_counter when the model was filled

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(LIMITS["search"])
        self.setMinimumWidth(360)
        # short enough for the box on a 1280-pixel screen; the tooltip says it all
        self.box.setPlaceholderText(self.tr("Name, reading, phone or code"))
        self.box.setToolTip(self.tr("Search by name, reading (any kana), phone number or its "
                                    "last 4 digits, or customer code. Ctrl+F or F7 comes "
                                    "here from anywhere."))
        self.box.setAccessibleName(self.tr("Search"))
        self.model = RowsModel(
            [self.tr("Code"), self.tr("Name"), self.tr("Reading"), self.tr("Phone"),
             self.tr("Stage"), self.tr("Orders"), self.tr("Last order"), self.tr("Address")],
            lambda s: (s.code, s.name + (" ⚠" if s.caution else ""), s.kana, s.phone_display,
                       s.stage, str(s.orders_count), fmt.day(s.last_order_date), s.address),
            self, highlight=lambda s: s.caution, right_align=(5,))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        # Widths from the font (what a typical value needs), so a larger desk font is not
        # cut either; fit_columns() shares the panel's width out on every resize.
        self._wanted = list(sample_widths(self.table, dict(enumerate(COLUMN_SAMPLES))).values())
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # full text: the tooltip
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.box.textChanged.connect(self.search)
        self.box.returnPressed.connect(self._open_first)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.box.installEventFilter(self)
        self.table.installEventFilter(self)
        self._sent_at = 0.0
        self.shown_id: int | None = None  # the customer whose card is shown
        self._syncing = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # a corrected customer in the list: search again so the row shows the change
        services.hub.customers_changed.connect(self._customers_changed)

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.services.tasks.submit(lambda _ctx: [], on_done=lambda r: self._show("", r),
                                        key="search")
            return
        self._sent_at = time.perf_counter()
        self.services.tasks.submit(lambda ctx: calldesk.search(ctx, text),
                                    on_done=lambda rows, t=text: self._show(t, rows),
                                    key="search")

    def _customers_changed(self, customer_ids: frozenset[int]) -> None:
        if any(self.model.item(r).customer_id in customer_ids
               for r in range(self.model.rowCount())):
            self.search(self.box.text())

    def _show(self, text: str, rows) -> None:
        self.model.set_items(rows)
        if text:
            if len(rows) >= SEARCH_LIMIT:  # the list stops there: more match
                self.count.setText(fmt.arg(self.tr("%1 or more — please narrow the search"),
                                           SEARCH_LIMIT))
            else:
                self.count.setText(self.tr("%n customer(s)", "", len(rows)) if rows
                                   else self.tr("No customer found."))
        else:
            self.count.setText("")
        self._select_shown()
        self.results_shown.emit(text, time.perf_counter())

    def row_of(self, customer_id: int | None) -> int | None:
        for row in range(self.model.rowCount()):
            if self.model.item(row).customer_id == customer_id:
                return row
        return None

    def _select_shown(self) -> None:
        """Select the shown card's row, or none (never another customer's)."""
        row = self.row_of(self.shown_id) if self.shown_id is not None else None
        self._syncing = True
        try:
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._syncing = False

    def show_customer(self, customer_id: int, code: str) -> None:
        """A card was opened for *customer_id*: select its row, or search for its code so
        that the list shows it (selected) instead of another customer."""
        self.shown_id = customer_id
        if self.row_of(customer_id) is not None:
            self._select_shown()
            return
        self.box.blockSignals(True)
        self.box.setText(code)
        self.box.blockSignals(False)
        self._syncing = True
        try:
            self.table.clearSelection()  # until the answer arrives, nothing is selected
            self.table.setCurrentIndex(QModelIndex())
        finally:
            self._syncing = False
        self.search(code)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        summary = self.model.item(current.row())
        if summary is not None and summary.customer_id != self.shown_id:
            self.shown_id = summary.customer_id
            self.customer_selected.emit(summary.customer_id)

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def _open_first(self) -> None:
        if self.model.rowCount():
            row = max(0, self.table.currentIndex().row())
            self._open_row(row)

    def _open_row(self, row: int) -> None:
        summary = self.model.item(row)
        if summary is not None:
            self.customer_activated.emit(summary.customer_id)

    def fit_columns(self) -> None:
        """Share the list's width out among the columns: no sideways scroll bar at any
        panel width (1280×800 included); long names and addresses are elided."""
        metrics = self.table.fontMetrics()
        minimum = {c: metrics.horizontalAdvance(t) + CELL_PAD for c, t in ELASTIC_MIN.items()}
        widths = share_widths(self.table.viewport().width(), self._wanted, minimum)
        for col in range(self.model.columnCount()):
            self.table.setColumnHidden(col, col not in widths)
            if col in widths:
                self.table.setColumnWidth(col, widths[col])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.box and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) \
                    and self.model.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
            if watched is self.table and key == Qt.Key.Key_Escape:
                self.focus_search()
                return True
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_row(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)
