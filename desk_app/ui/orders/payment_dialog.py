"""入金確認: the clerk records money received for an order paid by 銀行振込, 郵便振替 or
コンビニ前払い (or 後払い): how much (the balance by default; a part payment is allowed and
the order stays 入金待ち until the rest arrives) and the day it arrived (today by default,
never a day in the future). The payments already recorded are listed with who recorded
them and when. The order's customer, number and total head the dialog, so the clerk checks
the 振込 against the right order. Saving is the 記録 button or Ctrl+S only; Enter in the
amount field never records.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.order_book import MAX_PAYMENT, OrderRow, PaymentRecord, holds_shipping
from desk_app.services import order_book
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.layouts import button_row
from desk_app.ui.orders import book_desk


class PaymentDialog(QDialog):
    recorded = Signal(object)  # the OrderRow after the payment
    payments_loaded = Signal()

    def __init__(self, services, row: OrderRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.row = services, row
        self._saving = False
        self.setWindowTitle(fmt.arg(self.tr("Record payment — order %1, %2 様"), row.number,
                                    row.customer_name))
        head = QLabel(fmt.arg(self.tr("%1 様 (No.%2) — order %3 of %4"), row.customer_name,
                              row.customer_code, row.number, fmt.day(row.order_date)),
                      objectName="paymentHead")
        head.setStyleSheet("font-size: 13pt; font-weight: bold;")
        head.setWordWrap(True)
        self.figures = QLabel(objectName="paymentFigures", wordWrap=True)
        self.amount = QSpinBox(objectName="paymentAmount")
        self.amount.setRange(0, MAX_PAYMENT)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(self.tr(" yen"))
        self.amount.setValue(max(row.balance, 0))
        today = services.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day), objectName="paymentDay",
                             calendarPopup=True, displayFormat="yyyy/MM/dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.error = QLabel(objectName="paymentError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.history = QTreeWidget(objectName="paymentHistory")
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels([self.tr("Day paid"), self.tr("Amount"),
                                      self.tr("Recorded by"), self.tr("Recorded at")])
        self.history.setMaximumHeight(120)
        self.save_button = QPushButton(self.tr("Record (Ctrl+S)"), objectName="savePayment")
        close = QPushButton(self.tr("Close"), objectName="close")
        for b in (self.save_button, close):
            b.setAutoDefault(False)
            b.setDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Amount received"), self.amount)
        form.addRow(self.tr("Day received"), self.day)
        form.addRow("", self.error)
        buttons = button_row(self.save_button, close)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.figures)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Payments recorded")))
        layout.addWidget(self.history)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save,
                  context=Qt.ShortcutContext.WindowShortcut)
        self._show_figures(row)
        self.resize(520, 420)
        self.amount.setFocus()
        self.amount.selectAll()
        number = row.number
        book_desk.submit(services, lambda ctx: order_book.payments(ctx, number),
                         self._payments, lambda exc: None)

    def _show_figures(self, row: OrderRow) -> None:
        lines = [fmt.arg(self.tr("Total %1 — %2; paid so far %3; still due %4"),
                         fmt.yen(row.total), domain_text.payment_label(row.payment),
                         fmt.yen(row.paid_amount), fmt.yen(max(row.balance, 0)))]
        if holds_shipping(row.payment):
            lines.append(self.tr("Paid in advance: the parcel is shipped once the whole "
                                 "amount has arrived."))
        self.figures.setText("\n".join(lines))

    def _payments(self, records: list[PaymentRecord]) -> None:
        self.history.clear()
        for p in records:
            item = QTreeWidgetItem([fmt.day(p.paid_on), fmt.yen(p.amount),
                                    p.operator_name or "—",
                                    fmt.when(p.recorded_at)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.history.addTopLevelItem(item)
        self.payments_loaded.emit()

    def save(self) -> bool:
        if self._saving:
            return False
        amount, paid_on, number = self.amount.value(), self.day.date().toPython(), self.row.number
        self._saving = True
        self.save_button.setEnabled(False)
        self.error.hide()
        book_desk.submit(self.services,
                         lambda ctx: order_book.record_payment(ctx, number, amount, paid_on),
                         self._saved, self._failed)
        return True

    def _saved(self, row: OrderRow) -> None:
        self._saving = False  # the queue published the order's and customer's Changes
        text = (fmt.arg(self.tr("Order %1 is paid in full."), row.number)
                if row.balance <= 0 else
                fmt.arg(self.tr("Payment recorded; %1 still due for order %2."),
                        fmt.yen(row.balance), row.number))
        book_desk.show_status(self.services, text)
        self.recorded.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.error.setText(domain_text.error_text(exc))
        self.error.show()
