"""What an order was, beyond its items: payment, delivery date and slot, のし, ご依頼主.

The card's order history (an expanded order) and 受注一覧 (the selected order's pane) show
the same facts in the same words, from :func:`order_facts`. A customer calling about a
parcel asks "was that 代引き?", "which day did I ask for?", "was it 内のし?", so the answer is
on the screen without opening the order form. 送料 and 代引手数料 appear only once the order
has a line: an empty order has no shipping yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desk_app.domain.clock import WEEKDAYS_JA
from desk_app.domain.orders import NOSHI_KIND_LABELS_JA
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.chips import ElidedLabel


def delivery_text(delivery_date: date | None, slot: str | None) -> str:
    """「2026/12/03（木） 午前中」, 「指定なし」 when neither was asked for."""
    parts = []
    if delivery_date is not None:
        weekday = (f"（{WEEKDAYS_JA[delivery_date.weekday()]}）" if domain_text.lang() == "ja"
                   else delivery_date.strftime(" (%a)"))
        parts.append(fmt.day(delivery_date) + weekday)
    if slot:
        parts.append(domain_text.slot_label(slot))
    return " ".join(parts) if parts else QCoreApplication.translate(
        "OrderDetails", "Not specified", "delivery date")


def noshi_text(omote: str | None, kind: str | None, name: str | None) -> str:
    """「御歳暮（外のし・山田）」, or 「なし」."""
    if not omote:
        return QCoreApplication.translate("OrderDetails", "None", "no noshi")
    if domain_text.lang() == "ja":
        kind_word = NOSHI_KIND_LABELS_JA.get(kind or "soto", kind or "")
    else:
        kind_word = {"soto": "outer", "uchi": "inner"}.get(kind or "soto", kind or "")
    inside = "・".join(p for p in (kind_word, name or "") if p)
    return f"{omote}（{inside}）" if inside else omote


def order_facts(payment: str, delivery_date: date | None, slot: str | None,
                noshi_omote: str | None, noshi_kind: str | None, noshi_name: str | None,
                sender_name: str | None = None) -> list[tuple[str, str]]:
    """(caption, text) pairs in the order the clerk reads them out."""
    facts = [(QCoreApplication.translate("OrderDetails", "Payment"),
              domain_text.payment_label(payment)),
             (QCoreApplication.translate("OrderDetails", "Delivery"),
              delivery_text(delivery_date, slot)),
             (QCoreApplication.translate("OrderDetails", "Noshi"),
              noshi_text(noshi_omote, noshi_kind, noshi_name))]
    if sender_name:
        facts.append((QCoreApplication.translate("OrderDetails", "Gift sender"), sender_name))
    return facts


def facts_line(facts: Sequence[tuple[str, str]]) -> str:
    """One line for a tree row: 「お支払い方法: 代金引換 ／ お届け: 12/3（木） 午前中 ／ …」."""
    return " ／ ".join(f"{caption}: {text}" for caption, text in facts)


class OrderDetailPane(QWidget):
    """受注一覧's pane for the selected order: items, payment, delivery, のし, fees."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self.items = QTreeWidget(objectName="detailItems")
        self.items.setRootIsDecorated(False)
        self.items.setHeaderLabels([self.tr("Item"), self.tr("Qty"), self.tr("Amount")])
        self.items.setColumnWidth(0, 240)
        self.items.setMaximumHeight(150)
        self.items.setUniformRowHeights(True)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key in ("payment", "delivery", "noshi", "sender", "ship_to", "shipping", "cod"):
            label = ElidedLabel()  # a long address never widens the list window
            label.setObjectName(f"detail_{key}")
            self.values[key] = label
        captions = {"payment": self.tr("Payment"), "delivery": self.tr("Delivery"),
                    "noshi": self.tr("Noshi"), "sender": self.tr("Gift sender"),
                    "ship_to": self.tr("Ship to"), "shipping": self.tr("Shipping fee"),
                    "cod": self.tr("COD fee")}
        for key, label in self.values.items():
            self.form.addRow(captions[key], label)
        layout = QHBoxLayout(self)  # side by side: the list keeps its height at 1280×800
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items, 3)
        layout.addLayout(self.form, 2)
        self.show_detail(None)

    def _row(self, key: str, text: str | None) -> None:
        label = self.values[key]
        label.setText(text or "")
        self.form.setRowVisible(label, bool(text))

    def show_detail(self, detail) -> None:
        """*detail*: ``store.orders.OrderDetail`` of the selected order, or None."""
        self.items.clear()
        if detail is None:
            for key in self.values:
                self._row(key, None)
            self.items.setVisible(False)
            return
        self.items.setVisible(True)
        for line in detail.lines:
            item = QTreeWidgetItem([line.name, str(line.quantity), fmt.yen(line.amount)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
            self.items.addTopLevelItem(item)
        noshi = detail.noshi
        payment, delivery, noshi_fact = order_facts(
            detail.payment, detail.delivery_date, detail.slot, noshi.omote if noshi else None,
            noshi.kind if noshi else None, noshi.name if noshi else None)
        self._row("payment", payment[1])
        self._row("delivery", delivery[1])
        self._row("noshi", noshi_fact[1])
        self._row("sender", detail.sender_name or None)
        ship = detail.ship_to
        postal = f"〒{ship.postal_code}" if ship and ship.postal_code else ""
        self._row("ship_to", " ".join(p for p in (ship.name, postal, ship.address) if p)
                  if ship else None)
        has_lines = bool(detail.lines)  # an empty order has no 送料 yet
        self._row("shipping", fmt.yen(detail.shipping_fee) if has_lines else None)
        self._row("cod", fmt.yen(detail.cod_fee) if has_lines and detail.cod_fee else None)
