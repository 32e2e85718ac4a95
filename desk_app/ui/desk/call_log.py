"""着信履歴, 不在着信一覧 and the recent-calls panel.

The call log answers "who called this morning and what happened": time, line, number,
customer, outcome, operator, filtered by day and operator. The missed-calls list is the
call-back queue: 折り返し opens the caller's card (or registration) with the number ready to
dial, 対応済み takes the call off the list, and so does a later call from the same number
that a clerk answered (the caller reached the desk after all). All three refresh after every call event.

:class:`CallLogRecorder` writes what the caller-ID source reports for the log only (an NCID
server's replayed history, the calls it hung up on or blocked): those rows show in the call
log with their own outcome, never as a pop-up and never in the call-back queue.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.call_event import CallEvent
from desk_app.domain.call_outcomes import shows_operator
from desk_app.services import calls
from desk_app.services.calls import CallEntry
from desk_app.ui.kit import fmt
from desk_app.ui.kit.table_model import RowsModel, setup_table

CALL_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the recent-calls rows' call id


def _who(c: CallEntry) -> str:
    if c.withheld or not c.number:
        return fmt.withheld(c.withheld)
    return c.number_display or c.number


def customer_text(c: CallEntry, unknown: str = "") -> str:
    """The customer column: the name; for a family's shared number nobody chose yet 「家族共用
    （2名）」; else *unknown* (a number no customer has)."""
    if c.customer_name:
        return c.customer_name
    if c.owners > 1:
        return fmt.arg(QCoreApplication.translate("CallLog", "Shared by a family (%1)"),
                       c.owners)
    return unknown


class CallLogView(QWidget):
    customer_activated = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy/MM/dd")
        t = services.today()  # the desk's day (Japan's), not the machine's
        self.day.setDate(QDate(t.year, t.month, t.day))
        self.all_days = QCheckBox(self.tr("All days"))
        self.operator = QComboBox()
        self.operator.addItem(self.tr("All operators"), None)
        self.model = RowsModel(
            [self.tr("Time"), self.tr("Line"), self.tr("Number"), self.tr("Customer"),
             self.tr("Outcome"), self.tr("Operator")],
            lambda c: (fmt.when(c.received_at), fmt.line(c.line), _who(c),
                       customer_text(c), fmt.call_outcome(c.outcome, c.callback_done),
                       (c.operator or "") if shows_operator(c.outcome, c.callback_done) else ""),
            self, link_column=3, highlight=lambda c: c.outcome == "missed")
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        for col, width in enumerate((150, 70, 140, 160, 120)):
            self.table.setColumnWidth(col, width)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Day")))
        filters.addWidget(self.day)
        filters.addWidget(self.all_days)
        filters.addWidget(QLabel(self.tr("Operator")))
        filters.addWidget(self.operator)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.all_days.toggled.connect(lambda on: (self.day.setEnabled(not on), self.refresh()))
        self.operator.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(self._activated)

    def set_operators(self, operators) -> None:
        current = self.operator.currentData()
        self.operator.blockSignals(True)
        while self.operator.count() > 1:
            self.operator.removeItem(1)
        for op in operators:
            self.operator.addItem(op.name, op.id)
        self.operator.setCurrentIndex(max(0, self.operator.findData(current)))
        self.operator.blockSignals(False)

    def refresh(self) -> None:
        day = None if self.all_days.isChecked() else self.day.date().toPython()
        operator_id = self.operator.currentData()
        self.services.tasks.submit(lambda ctx: calls.call_log(ctx, day, operator_id),
                                    on_done=self.model.set_items, key="call-log")

    def _activated(self, index) -> None:
        entry = self.model.item(index.row())
        if entry is not None and entry.customer_id:
            self.customer_activated.emit(entry.customer_id)


class MissedCallsView(QWidget):
    customer_activated = Signal(int)
    register_number = Signal(str)
    waiting_changed = Signal(int)  # calls still waiting for a call-back

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.show_done = QCheckBox(self.tr("Show handled calls"))
        self.callback = QPushButton(self.tr("Call back") + " (Enter)")
        self.done = QPushButton(self.tr("Mark as handled") + " (Ctrl+D)")
        self.done.setShortcut("Ctrl+D")
        self.info = QLabel()
        self.info.setProperty("role", "muted")
        self.model = RowsModel(
            [self.tr("Time"), self.tr("Line"), self.tr("Number"), self.tr("Customer"),
             self.tr("Handled")],
            lambda c: (fmt.when(c.received_at), fmt.line(c.line), _who(c),
                       customer_text(c, self.tr("(not registered)")), self._handled(c)),
            self, link_column=3, highlight=lambda c: not c.settled)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        for col, width in enumerate((150, 70, 140, 180)):
            self.table.setColumnWidth(col, width)
        bar = QHBoxLayout()
        bar.addWidget(self.callback)
        bar.addWidget(self.done)
        bar.addWidget(self.show_done)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.callback.clicked.connect(self.call_back)
        self.done.clicked.connect(self.mark_done)
        self.table.activated.connect(lambda _i: self.call_back())

    def refresh(self) -> None:
        include = self.show_done.isChecked()
        self.services.tasks.submit(lambda ctx: calls.missed_calls(ctx, include),
                                    on_done=self._show, key="missed")

    def _show(self, rows) -> None:
        self.model.set_items(rows)
        if rows:
            self.table.selectRow(0)
        self.waiting_changed.emit(sum(1 for c in rows if not c.settled))

    def _handled(self, c: CallEntry) -> str:
        """折り返し済み, or settled because the caller called again and was answered."""
        if c.callback_done:
            return self.tr("Done")
        return self.tr("Called again, answered") if c.answered_later else ""

    def current(self) -> CallEntry | None:
        return self.model.item(self.table.currentIndex().row())

    def call_back(self) -> None:
        """折り返し: the number goes to the clipboard; the card (or registration) opens."""
        entry = self.current()
        if entry is None or not entry.number:
            return
        QGuiApplication.clipboard().setText(entry.number)
        self.info.setText(self.tr("Call back %1 (number copied).").replace(
            "%1", entry.number_display))
        if entry.customer_id:
            self.customer_activated.emit(entry.customer_id)
        else:
            self.register_number.emit(entry.number)

    def mark_done(self) -> None:
        entry = self.current()
        if entry is None:
            return
        done = not entry.callback_done
        self.services.tasks.submit(lambda ctx: calls.mark_callback_done(ctx, entry.id, done),
                                    on_done=lambda _r: self.refresh())


class RecentCallsPanel(QWidget):
    """The last calls at a glance, beside the search; Enter opens the customer."""

    customer_activated = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        self.services.tasks.submit(lambda ctx: calls.recent_calls(ctx, 30), on_done=self._show,
                                    key="recent-calls")

    def _show(self, rows: list[CallEntry]) -> None:
        self.list.clear()
        for c in rows:
            who = c.customer_name or _who(c)
            text = (f"{fmt.when(c.received_at)[5:]}  {fmt.line(c.line)}\n"
                    f"{who}  [{fmt.call_outcome(c.outcome, c.callback_done)}]")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.customer_id)
            item.setData(CALL_ID_ROLE, c.id)
            if c.outcome == "missed":
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id:
            self.customer_activated.emit(int(customer_id))


class CallLogRecorder(QObject):
    """Writes the source's call-log records (``bridge.call_logged``) into the call log.

    A replay brings a whole log at once, record by record, and again at every reconnect. The
    records are gathered for a moment and written as one worker job (one transaction) that
    skips what the log already has; the call lists refresh only when something was new.
    """

    recorded = Signal(int)  # new rows one batch wrote (tests and the status bar may listen)
    BATCH_MS = 100

    def __init__(self, services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._batch: list[CallEvent] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.BATCH_MS)
        self._timer.timeout.connect(self.flush)
        services.bridge.call_logged.connect(self.add)

    def add(self, event: CallEvent) -> None:
        self._batch.append(event)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            # the Result's Changes name the rows added: the queue publishes them on the hub
            self.services.tasks.submit(lambda ctx: calls.record_log(ctx, batch),
                                        on_done=self._written)

    def _written(self, added: int) -> None:
        self.recorded.emit(added)
