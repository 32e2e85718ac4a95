"""The customer card's order history (購入履歴), with 受注の修正 and 受注取消.

A customer calling to change or cancel an order is looked up on the card, so the card is
where the order is changed: 受注の修正 (or Enter on the order) opens the order form on it,
受注取消 asks first and cancels it on the background worker, 納品書 (Ctrl+P, also on the
context menu) opens the print preview of the order's delivery slip. Either way the store updates
the customer's figures in the same transaction, and the change hub tells every
open card and pop-up to reload, so 購入回数, 累計購入金額 and the stage change at once.
A cancelled order stays in the history (it happened), greyed and tagged 取消, so the clerk
can tell the customer when it was cancelled rather than wonder where it went.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.customer import CustomerCard, OrderView
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.orders import book_desk
from desk_app.ui.orders.entry import open_order
from desk_app.ui.orders.order_details import facts_line, order_facts
from desk_app.ui.orders.slip_print import SLIP_KEY, SlipPrinting

ACTIVE = "active"


class OrderHistory(QWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.card: CustomerCard | None = None
        self.tree = QTreeWidget(objectName="orderHistory")
        self.tree.setHeaderLabels([self.tr("Order date"), self.tr("Order no."), self.tr("Item"),
                                   self.tr("Qty"), self.tr("Amount")])
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()  # the items column takes what the card has left
        header.setStretchLastSection(False)
        # dates, numbers and amounts as wide as their text, so 商品名 keeps the rest (fixed
        # widths left it 「魚沼…」 on a 1280-wide card)
        for col in (0, 1, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.edit_button = QPushButton(self.tr("Edit order"), objectName="editOrder")
        self.edit_button.setToolTip(self.tr("Enter on an order opens it in the order form"))
        self.cancel_button = QPushButton(self.tr("Cancel order…"), objectName="cancelOrder")
        self.slip_button = QPushButton(self.tr("Delivery slip…"), objectName="printSlip")
        self.slip_button.setToolTip(self.tr("The order's delivery slip in the print preview: "
                                            "print it or save a PDF (Ctrl+P)"))
        self.slips = SlipPrinting(services, self, self._status)
        for button in (self.edit_button, self.slip_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.slip_button.clicked.connect(self.print_slip)
        QShortcut(QKeySequence(SLIP_KEY), self.tree, self.print_slip,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.tree.itemActivated.connect(lambda _i, _c: self.edit_selected())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        row.addWidget(self.slip_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)

    # -- showing -----------------------------------------------------------------------
    def set_card(self, card: CustomerCard) -> None:
        keep = self.selected()
        self.card = card
        self.tree.clear()
        for order in card.orders:
            item = self._order_item(order)
            self.tree.addTopLevelItem(item)
            for n in range(item.childCount()):  # a fact spans the row (once in the tree)
                child = item.child(n)
                if child.data(0, Qt.ItemDataRole.UserRole + 1) == "fact":
                    child.setFirstColumnSpanned(True)
            if keep is not None and order.number == keep.number:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def _order_item(self, order: OrderView) -> QTreeWidgetItem:
        items = "、".join(i.name for i in order.items)[:40]
        if order.status != ACTIVE:
            items = fmt.arg(self.tr("[Cancelled] %1"), items)
        # an imported sale under the order id its receipt shows (the desk's own number is
        # in the tooltip and in what acts on it: 受注取消 names it)
        number = order.shop_ref if order.shop_ref else str(order.number)
        top = QTreeWidgetItem([fmt.day(order.order_date), number, items, "",
                               fmt.yen(order.total)])
        if order.shop_ref:
            top.setToolTip(1, fmt.arg(self.tr("Imported: order %1 in the earlier system "
                                              "(%2 at the desk)"), order.shop_ref,
                                      order.number))
        top.setData(0, Qt.ItemDataRole.UserRole, order)
        top.setTextAlignment(4, Qt.AlignmentFlag.AlignRight)
        # payment, delivery date and slot, のし (and a gift's ご依頼主): what the caller asks,
        # one row each spanning the columns (in the 商品名 column they were cut, even at
        # 1600×1000)
        for caption, text in self._facts(order):
            about = QTreeWidgetItem([facts_line([(caption, text)])])
            about.setToolTip(0, about.text(0))
            about.setData(0, Qt.ItemDataRole.UserRole + 1, "fact")
            about.setForeground(0, Qt.GlobalColor.darkBlue)
            top.addChild(about)
        for i in order.items:
            child = QTreeWidgetItem(["", "", i.name, str(i.quantity), fmt.yen(i.amount)])
            child.setTextAlignment(3, Qt.AlignmentFlag.AlignRight)
            child.setTextAlignment(4, Qt.AlignmentFlag.AlignRight)
            top.addChild(child)
        if order.status != ACTIVE:
            self._grey(top)
        return top

    def _facts(self, order: OrderView) -> list[tuple[str, str]]:
        """What the caller may ask about the order; for an imported sale, where it came
        from and its order id in the shop's earlier system (what an old receipt says)."""
        if order.imported:
            text = (fmt.arg(self.tr("order %1 in the earlier system"), order.shop_ref)
                    if order.shop_ref else self.tr("from the sales history"))
            return [(self.tr("Imported"), text)]
        return order_facts(order.payment, order.delivery_date, order.slot, order.noshi,
                           order.noshi_kind, order.noshi_name, order.sender_name)

    def _grey(self, top: QTreeWidgetItem) -> None:
        top.setToolTip(2, self.tr("This order was cancelled; it no longer counts in the "
                                  "figures."))
        struck = QFont(self.tree.font())
        struck.setStrikeOut(True)
        top.setFont(4, struck)
        for item in (top, *(top.child(i) for i in range(top.childCount()))):
            for col in range(self.tree.columnCount()):
                item.setForeground(col, Qt.GlobalColor.gray)

    def selected(self) -> OrderView | None:
        """The order under the cursor (a line selects its order)."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        order = self.selected()
        active = order is not None and order.status == ACTIVE
        imported = order is not None and order.imported
        self.edit_button.setEnabled(active and not imported)
        self.edit_button.setToolTip(
            self.tr("An imported sale keeps the earlier system's figures: it can be "
                    "cancelled, not changed.") if imported else "")
        self.cancel_button.setEnabled(active)
        self.slip_button.setEnabled(active and not imported)

    # -- actions -----------------------------------------------------------------------
    def edit_selected(self) -> bool:
        order = self.selected()
        if order is None or order.status != ACTIVE or order.imported or self.card is None:
            return False
        return open_order(self.window(), self.services, self.card.summary.customer_id, False,
                          None, order_id=order.number)

    def print_slip(self) -> bool:
        """納品書 of the selected order (a cancelled one ships nothing: no slip)."""
        order = self.selected()
        if order is None or order.status != ACTIVE or order.imported:
            return False  # an imported sale was shipped by the earlier system
        self.slips.order(order.number)
        return True

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        for text, button, key in ((self.tr("Edit order"), self.edit_button, ""),
                                  (self.tr("Delivery slip…"), self.slip_button, SLIP_KEY),
                                  (self.tr("Cancel order…"), self.cancel_button, "")):
            action = menu.addAction(text, button.click)
            action.setShortcut(QKeySequence(key))  # shown beside the entry
            action.setEnabled(button.isEnabled())
        return menu

    def _context_menu(self, pos) -> None:
        if self.tree.itemAt(pos) is not None:
            self.context_menu().popup(self.tree.viewport().mapToGlobal(pos))

    def cancel_selected(self) -> bool:
        order = self.selected()
        if order is None or order.status != ACTIVE or self.card is None:
            return False
        question = fmt.arg(self.tr("Cancel order %1 of %2 (%3)? It stays in the history as "
                                   "cancelled."), order.shop_ref or order.number,
                           fmt.day(order.order_date),
                           fmt.yen(order.total))
        if not self.confirm(question):
            return False
        self.cancel_button.setEnabled(False)
        number = order.number
        book_desk.cancel_order(self.services, number, lambda saved: self._cancelled(saved.order_id),
                               self._cancel_failed)
        return True

    def confirm(self, question: str) -> bool:
        return book_desk.ask(self, self.tr("Cancel order"), question)

    def _cancelled(self, number: int) -> None:
        # the card, pop-ups and figures reload from the Changes the queue published
        self._status(fmt.arg(self.tr("Order %1 was cancelled."), number))

    def _cancel_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        problems = getattr(exc, "problems", None)  # OrderRefused: already cancelled, gone
        reason = (" ".join(domain_text.message(p) for p in problems) if problems
                  else str(exc))
        self._status(fmt.arg(self.tr("Could not cancel the order: %1"), reason))

    def _status(self, text: str) -> None:
        self.services.navigation.show_status(text)
