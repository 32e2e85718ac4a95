"""Search as you type: name, フリガナ (any kana width), phone or its last digits, code.

Every keystroke sends a query to the worker under one coalescing key, so only the newest
text is searched and an old answer never overwrites a newer one; nothing is debounced, the
list follows the typing. Down moves into the results, Enter opens the card, Esc goes back to
the search box.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from desk_app.domain.text import LIMITS
from desk_app.services import calldesk
from desk_app.store.customers import SEARCH_LIMIT
from desk_app.ui.kit import fmt
from desk_app.ui.kit.table_model import RowsModel, setup_table


class SearchPanel(QWidget):
    customer_activated = Signal(int)
    results_shown = Signal(str, float)  # text, perf_counter when the model was filled

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(LIMITS["search"])
        self.setMinimumWidth(360)
        self.box.setPlaceholderText(self.tr("Search: name, reading, phone (or last 4 digits), "
                                            "customer code   [Ctrl+F]"))
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
        for col, width in enumerate((80, 150, 160, 130, 110, 60, 100)):
            self.table.setColumnWidth(col, width)
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
        # a corrected customer in the list: search again so the row shows the change
        services.bridge.customer_changed.connect(self._customer_changed)

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.services.worker.submit(lambda _ctx: [], on_done=lambda r: self._show("", r),
                                        key="search")
            return
        self._sent_at = time.perf_counter()
        self.services.worker.submit(lambda ctx: calldesk.search(ctx, text),
                                    on_done=lambda rows, t=text: self._show(t, rows),
                                    key="search")

    def _customer_changed(self, customer_id: int) -> None:
        if any(self.model.item(r).customer_id == customer_id
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
        if rows:
            self.table.selectRow(0)
        self.results_shown.emit(text, time.perf_counter())

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
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
