"""How the order form is laid out and driven by keys, kept apart from what it does.

Sections follow the order a clerk talks: 1 お支払い方法, 2 ご注文者, 3 お届け先, 4 商品,
5 お届け; おすすめ, the totals and the buttons sit on the right. Tab walks the fields in the
same order; F-keys and Ctrl shortcuts are listed in the tooltips.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import money
from desk_app.ui.kit import domain_text
from desk_app.ui.kit.field_errors import FieldErrors, error_label
from desk_app.ui.orders.form_customer import CustomerChooser, HeaderPanel
from desk_app.ui.orders.form_items import ItemsPanel, SuggestionsPanel
from desk_app.ui.orders.form_parts import DeliveryPanel, ShipToPanel, TotalsPanel
from desk_app.ui.orders.slip_print import SLIP_KEY


def build(form) -> None:
    """Widgets, sections in talking order, signal wiring and the Tab order."""
    form.header = HeaderPanel()
    form.payment = QComboBox(objectName="payment")
    form.payment.setPlaceholderText(QCoreApplication.translate("OrderForm", "Please choose"))
    for code in money.PAYMENTS:
        form.payment.addItem(domain_text.payment_label(code), code)
    form.payment.setCurrentIndex(-1)
    form.payment_errors = FieldErrors()
    pay_form = QFormLayout()
    form.payment_errors.add(pay_form, "payment",
                            QCoreApplication.translate("OrderForm", "Payment"), form.payment)
    form.chooser = CustomerChooser(form.services)
    form.customer_error = error_label("error:customer")
    form.ship = ShipToPanel()
    form.items = ItemsPanel()
    form.repeat = QPushButton(QCoreApplication.translate("OrderForm", "Repeat last order")
                              + " (F5)", objectName="repeatLast")
    form.repeat.setEnabled(False)
    # 同梱: shown when the customer has an order that has not left the shop yet
    form.bundle = QCheckBox(objectName="bundle")
    form.bundle.setStyleSheet("font-weight: bold; color: #8a4b00;")
    form.bundle.hide()
    form.bundle.toggled.connect(form._bundle_toggled)
    # the offer's date and amount wrap under the checkbox: a checkbox's own text never
    # wraps, and one long line widened the form past a 1280×800 screen
    form.bundle_detail = QLabel(objectName="bundleDetail", wordWrap=True)
    form.bundle_detail.setStyleSheet("color: #8a4b00; margin-left: 22px;")
    form.bundle_detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    form.bundle_detail.hide()
    form.delivery = DeliveryPanel(form.today)
    form.suggestions = SuggestionsPanel()
    form.totals = TotalsPanel()
    form.status = QLabel(objectName="formStatus", wordWrap=True)
    form.save_button = QPushButton(QCoreApplication.translate("OrderForm", "Save") + " (F12)",
                                   objectName="save", default=False)
    form.save_button.setToolTip("F12 / Ctrl+S / Ctrl+Enter")
    # 納品書 of the order as saved (the same preview as 受注一覧's); enabled by the form
    form.slip_button = QPushButton(QCoreApplication.translate("OrderForm", "Delivery slip…")
                                   + f" ({SLIP_KEY})", objectName="printSlip")
    form.slip_button.setEnabled(False)
    form.slip_button.setAutoDefault(False)
    form.cancel_order_button = QPushButton(
        QCoreApplication.translate("OrderForm", "Cancel order"), objectName="cancelOrder")
    form.cancel_order_button.setVisible(form.order_id is not None)
    close = QPushButton(QCoreApplication.translate("OrderForm", "Close"), objectName="close")
    close.setAutoDefault(False)
    form.save_button.setAutoDefault(False)

    left = QVBoxLayout()
    # in the order the call goes: who, what, when, where to, how to pay (last)
    sections = (QCoreApplication.translate("OrderForm", "Orderer"),
                QCoreApplication.translate("OrderForm", "1 Items"),
                QCoreApplication.translate("OrderForm", "2 Delivery"),
                QCoreApplication.translate("OrderForm", "3 Ship to"),
                QCoreApplication.translate("OrderForm", "4 Payment"))
    for title, inner in zip(sections, (_box(form.chooser, form.customer_error, form.bundle,
                                            form.bundle_detail),
                                       _box(form.items, form.repeat), _box(form.delivery),
                                       _box(form.ship), pay_form), strict=True):
        group = QGroupBox(title)
        group.setLayout(inner)
        left.addWidget(group)
    holder = QWidget()
    holder.setLayout(left)
    scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    scroll.setWidget(holder)
    form.scroll = scroll
    right = QVBoxLayout()
    right.addWidget(form.suggestions, 1)
    right.addWidget(form.totals)
    right.addWidget(form.status)
    for b in (form.save_button, form.slip_button, form.cancel_order_button, close):
        right.addWidget(b)
    # the side column takes 2/7 of the width whatever it shows: sized by its contents it
    # widened once lines and totals appeared and pushed the form into a sideways scroll
    side = QWidget(objectName="orderSide")
    side.setLayout(right)
    right.setContentsMargins(0, 0, 0, 0)
    side.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    side.setMinimumWidth(280)
    form.side = side
    body = QHBoxLayout()
    body.addWidget(scroll, 5)
    body.addWidget(side, 2)  # おすすめ: a name, its price and the reason; long ones wrap
    outer = QVBoxLayout(form)
    outer.addWidget(form.header)
    outer.addLayout(body, 1)

    form.payment.currentIndexChanged.connect(form._changed)
    form.ship.changed.connect(form._changed)
    form.ship.postal_entered.connect(form._postal_lookup)
    form.items.changed.connect(form._lines_changed)
    form.delivery.changed.connect(form._changed)
    form.suggestions.chosen.connect(form._add_suggestion)
    form.chooser.chosen.connect(form._load)
    form.repeat.clicked.connect(form.repeat_last_order)
    form.save_button.clicked.connect(form.save)
    form.slip_button.clicked.connect(form.print_slip)
    form.cancel_order_button.clicked.connect(form.cancel_order)
    close.clicked.connect(form.reject)
    # as the form reads: 「このお届け先を登録する」 belongs to the ship-to (it came after 保存
    # and the replace-lines button), and Tab from 保存 goes on to the side buttons
    chain = (form.chooser.search, form.bundle, form.items.code, form.items.table, form.repeat,
             form.delivery.use_date, form.delivery.date, form.delivery.slot,
             form.delivery.omote, form.delivery.noshi_name, form.delivery.noshi_kind,
             form.delivery.sender, form.delivery.wrap, form.delivery.memo, form.ship.source,
             form.ship.name, form.ship.postal, form.ship.address, form.ship.phone,
             form.ship.remember, form.payment, form.save_button, form.slip_button,
             form.cancel_order_button,
             close, form.suggestions.list)
    for a, b in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(a, b)


def _box(*widgets) -> QVBoxLayout:
    box = QVBoxLayout()
    for w in widgets:
        box.addWidget(w)
    return box


def shortcuts(form) -> None:
    """The keys documented in the tooltips and the module docstring of order_form."""
    def key(seq, fn):
        QShortcut(QKeySequence(seq), form, fn, context=Qt.ShortcutContext.WindowShortcut)
    key("F2", form.items.code.setFocus)
    key("F3", form.suggestions.list.setFocus)
    key("F5", form.repeat_last_order)
    for seq in ("F12", "Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
        key(seq, form.save)
    key(SLIP_KEY, form.print_slip)
    for n in range(1, 10):
        key(f"Ctrl+{n}", lambda n=n: form._add_suggestion(form.suggestions.sku_at(n - 1)))
