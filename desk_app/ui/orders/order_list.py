"""受注一覧 (Ctrl+Shift+L) and 入金確認 (Ctrl+Shift+P: every order still 入金待ち): a day's orders, filtered by status and payment, opened, edited, cancelled
and marked paid from one list.

The list reads ``services.order_book.day_orders`` (the same rows as ``desk-app order list``:
the number as ``order add`` prints it, the customer's code and name, the total, the payment,
the state) on the desk's database queue; 「全期間の入金待ち」 lists every order still waiting
for its money, whatever day it was taken, because a 振込 arrives days after the call.
Keys: Enter / F2 opens the order in the order form (受注の修正), F3 入金確認, Delete 受注取消
(asks, default いいえ), Ctrl+P 納品書 (the print preview of the order's delivery slip; the
same actions on the table's context menu), F5 reloads, Esc closes. The list reloads itself whenever an order or a
customer changes anywhere on the desk (a save in the form, a payment, another desk's
cancellation that reached the change hub).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import money
from desk_app.domain.order_book import AWAITING, PAID, OrderRow, holds_shipping
from desk_app.services import order_book, orders
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.screens import fit_to_screen, present
from desk_app.ui.kit.table_model import RowsModel, sample_widths, setup_table
from desk_app.ui.orders import book_desk
from desk_app.ui.orders.entry import open_order
from desk_app.ui.orders.order_details import OrderDetailPane
from desk_app.ui.orders.slip_print import SLIP_KEY, SlipPrinting

ACTIVE, CANCELLED = "active", "cancelled"


class OrderListWindow(QDialog):
    loaded = Signal()  # the rows shown were replaced (tests wait for it)

    def __init__(self, services, parent: QWidget | None = None, *,
                 awaiting: bool = False) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.setWindowTitle(self.tr("Order list"))
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.rows: list[OrderRow] = []
        today = services.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day), objectName="listDay",
                             calendarPopup=True, displayFormat="yyyy/MM/dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day).addYears(1))
        prev_day = QPushButton("◀", objectName="prevDay")
        prev_day.setToolTip(self.tr("Previous day"))
        next_day = QPushButton("▶", objectName="nextDay")
        next_day.setToolTip(self.tr("Next day"))
        today_button = QPushButton(self.tr("Today"), objectName="todayButton")
        self.status = QComboBox(objectName="statusFilter")
        for text, code in ((self.tr("All"), ""), (self.tr("Active"), "active"),
                           (self.tr("Awaiting payment"), "awaiting_payment"),
                           (self.tr("Paid"), "paid"), (self.tr("Cancelled"), "cancelled")):
            self.status.addItem(text, code)
        self.payment = QComboBox(objectName="paymentFilter")
        self.payment.addItem(self.tr("All payments"), "")
        for code in money.PAYMENTS:
            self.payment.addItem(domain_text.payment_label(code), code)
        self.all_waiting = QCheckBox(self.tr("All awaiting payment (any day)"),
                                     objectName="allAwaiting")
        self.all_waiting.setChecked(awaiting)
        self.day.setEnabled(not awaiting)
        self.status.setEnabled(not awaiting)
        self.model = RowsModel(
            [self.tr("Order no."), self.tr("Order date"), self.tr("Customer no."),
             self.tr("Name"), self.tr("Total"), self.tr("Payment"), self.tr("Paid"),
             self.tr("Status")], self._render, self, right_align=(0, 4),
            highlight=lambda r: r.payment_state == AWAITING and holds_shipping(r.payment))
        self.table = QTableView(objectName="orderList")
        self.table.setModel(self.model)
        setup_table(self.table)
        # number, date, code, total and payment as wide as a typical value (from the font);
        # the name, the payment state and the status share the rest, elided (the tooltip
        # has the whole text): no sideways scroll bar, the status always in view
        for col, width in sample_widths(self.table, {
                0: "999999", 1: "2026/12/31", 2: "0000000", 4: "¥999,999",
                5: "コンビニ前払い"}).items():
            self.table.setColumnWidth(col, width)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in (3, 6, 7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # the selected order: items, payment, delivery date and slot, のし, fees
        self.detail = OrderDetailPane(self)
        self.summary = QLabel(objectName="listSummary")
        self.message = QLabel(objectName="listMessage", wordWrap=True)
        self.edit_button = QPushButton(self.tr("Open / edit (F2)"), objectName="editOrder")
        self.pay_button = QPushButton(self.tr("Record payment… (F3)"), objectName="recordPayment")
        self.cancel_button = QPushButton(self.tr("Cancel order… (Del)"), objectName="cancelOrder")
        self.slip_button = QPushButton(self.tr("Delivery slip… (Ctrl+P)"), objectName="printSlip")
        self.slip_button.setToolTip(self.tr("The selected order's delivery slip in the print "
                                            "preview: print it or save a PDF (Ctrl+P)"))
        self.slips = SlipPrinting(services, self, self._note)
        close = QPushButton(self.tr("Close"), objectName="close")
        for button in (prev_day, next_day, today_button, self.edit_button, self.pay_button,
                       self.slip_button, self.cancel_button, close):
            button.setAutoDefault(False)

        days = filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Order date")))
        for w in (prev_day, self.day, next_day, today_button):
            filters.addWidget(w)
        filters.addStretch(1)
        filters2 = QHBoxLayout()  # two rows: the window fits small screens
        filters = filters2
        filters.addWidget(QLabel(self.tr("Status")))
        filters.addWidget(self.status)
        filters.addWidget(QLabel(self.tr("Payment")))
        filters.addWidget(self.payment)
        filters.addWidget(self.all_waiting)
        filters.addStretch(1)
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for b in (self.edit_button, self.pay_button, self.slip_button, self.cancel_button,
                  close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(days)
        layout.addLayout(filters2)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.day.dateChanged.connect(lambda _d: self.reload())
        prev_day.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(-1)))
        next_day.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(1)))
        today_button.clicked.connect(self.show_today)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.payment.currentIndexChanged.connect(lambda _i: self.reload())
        self.all_waiting.toggled.connect(self._all_waiting)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_detail())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._forget_row_note())
        self.edit_button.clicked.connect(self.edit_selected)
        self.pay_button.clicked.connect(self.record_payment)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.slip_button.clicked.connect(self.print_slip)
        close.clicked.connect(self.close)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        for seq, fn in (("F2", self.edit_selected), ("F3", self.record_payment),
                        ("Del", self.cancel_selected), (SLIP_KEY, self.print_slip),
                        ("F5", self.reload)):
            QShortcut(QKeySequence(seq), self, fn, context=Qt.ShortcutContext.WindowShortcut)
        # the table view keeps F2 (its edit key) and Delete for itself: the keys act on the
        # selected order there too
        self._table_keys = {Qt.Key.Key_F2: self.edit_selected,
                            Qt.Key.Key_Delete: self.cancel_selected}
        self.table.installEventFilter(self)
        book_desk.listen(services, self._changed)
        self._fit_screen()
        self._update_buttons()
        self.table.setFocus()
        self.reload()

    def _fit_screen(self) -> None:
        """1100×640 at most, inside the screen beside the pop-ups (1280×800 laptops)."""
        fit_to_screen(self, 1100, 640)

    # -- loading ---------------------------------------------------------------------
    def selected_day(self) -> date:
        return self.day.date().toPython()

    def show_today(self) -> None:
        today = self.services.today()
        self.day.setDate(QDate(today.year, today.month, today.day))

    def show_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def _all_waiting(self, on: bool) -> None:
        self.day.setEnabled(not on)
        self.status.setEnabled(not on)
        self.reload()

    def reload(self) -> None:
        status = self.status.currentData() or None
        payment = self.payment.currentData() or None
        if self.all_waiting.isChecked():
            def job(ctx):
                return [r for r in order_book.awaiting_payment(ctx)
                        if not payment or r.payment == payment]
        else:
            day = self.selected_day()

            def job(ctx):
                return order_book.day_orders(ctx, day, status, payment)
        book_desk.submit(self.services, job, self._loaded, self._failed, key="order-list")

    def _changed(self, *_ids) -> None:
        if self.isVisible():
            self.reload()

    def _loaded(self, rows: list[OrderRow]) -> None:
        keep = self.selected()
        self.rows = rows
        self.model.set_items(rows)
        active = [r for r in rows if r.status == ACTIVE]
        waiting = sum(1 for r in rows if r.payment_state == AWAITING)
        self.summary.setText(fmt.arg(self.tr("%1 order(s), %2 active, total %3; %4 awaiting "
                                             "payment"), len(rows), len(active),
                                     fmt.yen(sum(r.total for r in active)), waiting))
        target = next((i for i, r in enumerate(rows) if keep and r.number == keep.number), 0)
        if rows:
            self.table.selectRow(target)
            self.table.setCurrentIndex(self.model.index(target, 0))
        self._update_buttons()
        self._load_detail()  # the same row may have new facts (a payment, an edit)
        self.loaded.emit()

    detail_loaded = Signal(object)  # the OrderDetail shown (None: nothing selected)

    def _load_detail(self) -> None:
        r = self.selected()
        if r is None:
            self._show_detail(None)
            return
        number = r.number
        book_desk.submit(self.services, lambda ctx: orders.order_detail(ctx, number),
                         self._show_detail, self._failed, key="order-list-detail")

    def _show_detail(self, detail) -> None:
        current = self.selected()
        if detail is not None and (current is None or current.number != detail.number):
            return  # the clerk has moved on; the newer job shows the right one
        self.detail.show_detail(detail)
        self.detail_loaded.emit(detail)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(fmt.arg(self.tr("Could not load the orders: %1"),
                                     domain_text.error_text(exc)))

    def _render(self, r: OrderRow) -> list[str]:
        return [str(r.number), fmt.day(r.order_date), r.customer_code, r.customer_name,
                fmt.yen(r.total), domain_text.payment_label(r.payment), self.paid_text(r),
                self.status_text(r)]

    def paid_text(self, r: OrderRow) -> str:
        state = r.payment_state
        if state == PAID:
            return fmt.arg(self.tr("Paid %1"), fmt.day(r.paid_on))
        if state == AWAITING:
            if r.paid_amount:
                return fmt.arg(self.tr("Awaiting payment (%1 still due)"), fmt.yen(r.balance))
            return self.tr("Awaiting payment")
        return "—"

    def status_text(self, r: OrderRow) -> str:
        if r.status == CANCELLED:
            return self.tr("Cancelled")
        if r.payment_state == AWAITING and holds_shipping(r.payment):
            return self.tr("Held until paid")
        if r.exported:
            return self.tr("Exported for shipping")
        return self.tr("Taken")

    # -- the selection and its actions -------------------------------------------------
    def selected(self) -> OrderRow | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def select_number(self, number: int) -> bool:
        for i, r in enumerate(self.rows):
            if r.number == number:
                self.table.selectRow(i)
                self.table.setCurrentIndex(self.model.index(i, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        r = self.selected()
        active = r is not None and r.status == ACTIVE
        self.edit_button.setEnabled(active)
        self.cancel_button.setEnabled(active)
        self.pay_button.setEnabled(active and r.payment_state == AWAITING)
        self.slip_button.setEnabled(active)

    def edit_selected(self) -> bool:
        r = self.selected()
        if r is None or r.status != ACTIVE:
            return False
        return open_order(self, self.services, r.customer_id, False, None, order_id=r.number)

    def print_slip(self) -> bool:
        """納品書 of the selected order: read on the worker, then Qt's print preview (from
        there the printer or a PDF file). A cancelled order ships nothing: no slip."""
        r = self.selected()
        if r is None or r.status != ACTIVE:
            return False
        self.slips.order(r.number)
        return True

    def _note(self, text: str) -> None:
        self.message.setText(text)

    def context_menu(self) -> QMenu:
        """The selected order's actions, as on the buttons (with their keys)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        for text, button, key in (
                (self.tr("Open / edit"), self.edit_button, "F2"),
                (self.tr("Record payment…"), self.pay_button, "F3"),
                (self.tr("Delivery slip…"), self.slip_button, SLIP_KEY),
                (self.tr("Cancel order…"), self.cancel_button, "Del")):
            action = menu.addAction(text, button.click)
            action.setShortcut(QKeySequence(key))  # shown beside the entry
            action.setEnabled(button.isEnabled())
        return menu

    def _context_menu(self, pos) -> None:
        if self.table.indexAt(pos).isValid():
            self.context_menu().popup(self.table.viewport().mapToGlobal(pos))

    _row_note = ""

    def _forget_row_note(self) -> None:
        """A note about the order that was selected goes when another one is."""
        if self._row_note and self.message.text() == self._row_note:
            self.message.clear()
        self._row_note = ""

    def record_payment(self):
        """入金確認 for the selected order (only orders waiting for their money)."""
        from desk_app.ui.orders.payment_dialog import PaymentDialog

        r = self.selected()
        if r is None or r.status != ACTIVE or r.payment_state != AWAITING:
            if r is not None and r.status == ACTIVE:
                self.message.setText(self.tr("This order needs no payment record."))
                self._row_note = self.message.text()  # about this order only
            return None
        dialog = PaymentDialog(self.services, r, self)
        dialog.recorded.connect(self._paid)
        return present(dialog)

    def record(self, row: OrderRow, amount: int, paid_on: date | None = None) -> None:
        """入金確認 for *row* without the dialog: *amount* yen (on *paid_on*, default today)."""
        number = row.number
        book_desk.submit(self.services,
                         lambda ctx: order_book.record_payment(ctx, number, amount, paid_on),
                         self._recorded, self._failed)

    def _recorded(self, row: OrderRow) -> None:
        self._paid(row)  # the queue published the order and customer (cards, pop-ups, list)

    def _paid(self, row: OrderRow) -> None:
        self.message.setText(fmt.arg(self.tr("Payment recorded for order %1."), row.number))
        self.activateWindow()  # back to the list, on the order just paid
        self.table.setFocus()

    def cancel_selected(self) -> bool:
        r = self.selected()
        if r is None or r.status != ACTIVE:
            return False
        question = fmt.arg(self.tr("Cancel order %1 of %2 (%3 様, %4)? It stays in the history "
                                   "as cancelled."), r.number, fmt.day(r.order_date),
                           r.customer_name, fmt.yen(r.total))
        if not self.confirm(question):
            return False
        number = r.number
        self.cancel_button.setEnabled(False)
        book_desk.cancel_order(self.services, number, lambda _saved: self._cancelled(number),
                               self._cancel_failed)
        return True

    def confirm(self, question: str) -> bool:
        return book_desk.ask(self, self.tr("Cancel order"), question)

    def _cancelled(self, number: int) -> None:
        # cards, pop-ups and this list reload from the Changes the queue published
        self.message.setText(fmt.arg(self.tr("Order %1 was cancelled."), number))

    def _cancel_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.message.setText(fmt.arg(self.tr("Could not cancel the order: %1"),
                                     domain_text.error_text(exc)))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and event.key() in self._table_keys:
            self._table_keys[event.key()]()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # Esc closes; Enter on the table opens
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


def open_order_list(parent: QWidget | None, services, day: date | None = None, *,
                    awaiting: bool = False) -> OrderListWindow:
    """One list per desk and kind (受注一覧, 入金確認): raised when already open."""
    attr = "_payment_list" if awaiting else "_order_list"
    existing = getattr(parent, attr, None) if parent is not None else None
    try:
        if existing is not None and existing.isVisible():
            if day is not None:
                existing.show_day(day)
            return present(existing)
    except RuntimeError:  # deleted (closed) meanwhile
        pass
    window = OrderListWindow(services, parent, awaiting=awaiting)
    if day is not None:
        window.show_day(day)
    present(window)
    if parent is not None:
        setattr(parent, attr, window)
    return window

