"""受注一覧 and 入金確認: the day's orders (or every order still 入金待ち), filtered by status
and payment, opened for 修正, cancelled, or marked paid (who, when, how much).

The same use cases as ``desk-app order list`` / ``order paid`` (services.order_book), on the
desk's worker. A 前払い order is exported for shipping only once it is 入金済み.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desk_app.domain.money import PAYMENTS
from desk_app.domain.order_book import PAID, OrderRow
from desk_app.services.base import ServiceError
from desk_app.services.order_book import awaiting_payment, day_orders, record_payment
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.jobs import context_of, problem_texts
from desk_app.ui.kit.screens import fit_to_screen
from desk_app.ui.kit.table_model import RowsModel, setup_table


class OrderListWindow(QDialog):
    def __init__(self, services, parent=None, *, awaiting: bool = False) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.setWindowTitle(self.tr("Order list"))
        self.day = QDateEdit(calendarPopup=True, displayFormat="yyyy/MM/dd")
        t = services.today()
        self.day.setDate(QDate(t.year, t.month, t.day))
        self.awaiting = QCheckBox(self.tr("Every order awaiting payment"))
        self.awaiting.setChecked(awaiting)
        self.status = QComboBox()
        for label, key in ((self.tr("All"), None), (self.tr("Active"), "active"),
                           (self.tr("Cancelled"), "cancelled"),
                           (self.tr("Awaiting payment"), "awaiting_payment"),
                           (self.tr("Paid"), "paid")):
            self.status.addItem(label, key)
        self.payment = QComboBox()
        self.payment.addItem(self.tr("All payments"), None)
        for code in PAYMENTS:
            self.payment.addItem(domain_text.payment_label(code), code)
        self.model = RowsModel(
            [self.tr("Order no."), self.tr("Order date"), self.tr("Code"), self.tr("Name"),
             self.tr("Total"), self.tr("Payment"), self.tr("Status"), self.tr("Received")],
            lambda r: (str(r.number), fmt.day(r.order_date), r.customer_code, r.customer_name,
                       fmt.yen(r.total), domain_text.payment_label(r.payment),
                       self._state(r), fmt.yen(r.paid_amount) if r.paid_amount else ""),
            self, highlight=lambda r: r.status == "cancelled", right_align=(4, 7))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        self.info = QLabel()
        self.info.setProperty("role", "muted")
        self.open_button = QPushButton(self.tr("Open / edit"))
        self.paid_button = QPushButton(self.tr("Record payment…"))
        self.cancel_button = QPushButton(self.tr("Cancel order…"))
        self.close_button = QPushButton(self.tr("Close"))
        filters = QHBoxLayout()
        for w in (QLabel(self.tr("Day")), self.day, self.awaiting, QLabel(self.tr("Status")),
                  self.status, QLabel(self.tr("Payment")), self.payment):
            filters.addWidget(w)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        for b in (self.open_button, self.paid_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.awaiting.toggled.connect(lambda on: (self.day.setEnabled(not on), self.refresh()))
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.payment.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.paid_button.clicked.connect(self.ask_payment)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.close_button.clicked.connect(self.close)
        services.bridge.customer_changed.connect(lambda _c: self.refresh())
        self.day.setEnabled(not awaiting)
        fit_to_screen(self, 1000, 640)
        self.refresh()

    def _state(self, row: OrderRow) -> str:
        if row.status == "cancelled":
            return self.tr("Cancelled")
        state = row.payment_state
        if state is None:
            return self.tr("Active")
        return self.tr("Paid") if state == PAID else self.tr("Awaiting payment")

    def refresh(self) -> None:
        status, payment = self.status.currentData(), self.payment.currentData()
        if self.awaiting.isChecked():
            def job(svc):
                return [r for r in awaiting_payment(context_of(svc)) if r.matches(status, payment)]
        else:
            day = self.day.date().toPython()

            def job(svc):
                return day_orders(context_of(svc), day, status, payment)
        self.services.worker.submit(job, on_done=self._show, key=f"order-list-{id(self)}")

    def _show(self, rows) -> None:
        self.model.set_items(rows)
        total = sum(r.total for r in rows if r.status == "active")
        self.info.setText(fmt.arg(self.tr("%1 orders, %2"), len(rows), fmt.yen(total)))
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def selected(self) -> OrderRow | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def open_selected(self):
        row = self.selected()
        if row is None:
            return None
        from desk_app.ui.orders.entry import open_order

        return open_order(self, self.services, row.customer_id, False, None, row.number)

    def record(self, row: OrderRow, amount: int, paid_on: date | None = None) -> None:
        """入金確認 for *row*: *amount* yen received (on *paid_on*, default today)."""
        number = row.number
        self.services.worker.submit(
            lambda svc: record_payment(context_of(svc), number, amount, paid_on).value,
            on_done=self._paid, on_error=self._refused)

    def ask_payment(self) -> None:
        row = self.selected()
        if row is None:
            return
        amount, ok = QInputDialog.getInt(
            self, self.tr("Record payment"),
            fmt.arg(self.tr("Order %1 (%2): amount received"), row.number, row.customer_name),
            max(row.balance, 1), 1, 10_000_000, 100)
        if ok:
            self.record(row, amount)

    def _paid(self, row: OrderRow) -> None:
        self.info.setText(fmt.arg(self.tr("Order %1: %2 received."), row.number,
                                  fmt.yen(row.paid_amount)))
        self.services.bridge.customer_changed.emit(row.customer_id)
        self.refresh()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            self.info.setText(" ".join(t for ts in problem_texts(exc).values() for t in ts))
        else:
            self.info.setText(str(exc))

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != "active":
            return
        from desk_app.services.orders import cancel_order
        from desk_app.ui.kit.keys import ask_discard

        if not ask_discard(self, self.tr("Cancel order"),
                           fmt.arg(self.tr("Cancel order %1?"), row.number)):
            return
        number, cid = row.number, row.customer_id

        def job(svc):
            return cancel_order(context_of(svc), number).value
        self.services.worker.submit(job, on_done=lambda _r: (
            self.services.order_saved(None, cid), self.refresh()), on_error=self._refused)


def open_order_list(parent, services, *, awaiting: bool = False) -> OrderListWindow:
    window = OrderListWindow(services, parent, awaiting=awaiting)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
