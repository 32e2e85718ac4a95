"""Who is ordering: the form's header (name, stage, 注意, open 要対応 notes) and, for a form
opened empty, the customer chooser (顧客番号, phone or フリガナ + Enter).

Open follow-up notes are shown on the form on purpose: a clerk taking a new order from a
customer whose last parcel arrived broken must know before saying "thank you, goodbye".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import table_date, to_local, yen
from desk_app.domain.customer import CustomerCard
from desk_app.domain.text import LIMITS
from desk_app.services import calldesk
from desk_app.ui.kit import fmt
from desk_app.ui.kit.chips import ElidedLabel, caution_label, show_caution


def _postal(code: str | None) -> str:
    return f"{code[:3]}-{code[3:]}" if code and len(code) == 7 else (code or "—")


class HeaderPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ElidedLabel(self.tr("New order"))
        self.name.setObjectName("customerName")
        self.name.setProperty("role", "title")
        self.kana = ElidedLabel()
        self.kana.setObjectName("customerKana")
        self.kana.setProperty("role", "kana")
        self.kana.hide()
        self.info = QLabel(objectName="customerInfo")
        self.stage = QLabel(objectName="customerStage")
        self.stage.setProperty("chip", "stage")
        self.caution = QLabel(self.tr("Caution"), objectName="customerCaution")
        self.caution.setProperty("chip", "caution")
        self.caution.hide()
        self.caution_text = caution_label()
        self.follow_ups = QFrame(objectName="followUps")
        self.follow_ups_text = QLabel(objectName="followUpsText", wordWrap=True)
        inner = QVBoxLayout(self.follow_ups)
        inner.addWidget(self.follow_ups_text)
        self.follow_ups.hide()
        row = QHBoxLayout()
        for w in (self.name, self.stage, self.caution):
            row.addWidget(w)
        row.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kana)
        layout.addLayout(row)
        layout.addWidget(self.caution_text)
        layout.addWidget(self.follow_ups)

    def set_card(self, card: CustomerCard | None) -> None:
        if card is None:
            self.name.setText(self.tr("New order (choose the customer)"))
            self.kana.hide()
            self.info.clear()
            self.stage.hide()
            self.caution.hide()
            self.caution_text.hide()
            self.follow_ups.hide()
            return
        s = card.summary
        self.name.setText(fmt.arg(self.tr("%1", "customer name with honorific"), s.name))
        self.kana.setText(s.kana)
        self.kana.setVisible(bool(s.kana))
        info = self.tr("Customer code %1 / Ordered %2 / Total %3 / Last order %4")
        self.info.setText(fmt.arg(info, s.code, fmt.count(s.orders_count), yen(s.total_amount),
                                  fmt.day(s.last_order_date)))
        self.stage.setText(s.stage)
        self.stage.show()
        self.caution.setVisible(card.caution)
        show_caution(self.caution_text, card)
        open_notes = card.open_follow_ups
        self.follow_ups.setVisible(bool(open_notes))
        self.follow_ups_text.setText(self.tr("Needs follow-up") + "\n" + "\n".join(
            f"・{table_date(to_local(n.created_at).date())} {fmt.category(n.category)}: {n.body}"
            for n in open_notes))


class CustomerChooser(QWidget):
    """ご注文者: the caller's details, or a search when the form was opened empty."""

    chosen = Signal(int)

    def __init__(self, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.search = QLineEdit(objectName="customerSearch")
        self.search.setMaxLength(LIMITS["search"])
        self.search.setPlaceholderText(self.tr("Customer code, phone or reading (Enter searches)"))
        self.results = QListWidget(objectName="customerResults")
        self.results.setMaximumHeight(120)
        self.results.hide()
        self.summary = QLabel(objectName="ordererSummary", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.search, self.results, self.summary):
            layout.addWidget(w)
        self.search.returnPressed.connect(self._search)
        self.results.itemActivated.connect(self._activated)

    def _activated(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self.chosen.emit(customer_id)

    def set_customer(self, card: CustomerCard | None) -> None:
        self.search.setVisible(card is None)
        self.results.hide()
        if card is None:
            self.summary.setText("")
            return
        s = card.summary
        phones = " ／ ".join(p.display for p in card.phones) or self.tr("No phone number")
        address = card.full_address or self.tr(
            "No address on file (ask for the address on the next call)")
        self.summary.setText(fmt.arg(self.tr("%1 (%2)  customer code %3"), s.name, s.kana, s.code)
                             + f"\n〒{_postal(card.postal_code)} {address}\n{phones}")

    def _search(self) -> None:
        text = self.search.text().strip()
        if text:
            self.runner.submit(lambda ctx: calldesk.search(ctx, text, limit=20), self._found)

    def _found(self, summaries) -> None:
        self.results.clear()
        if len(summaries) == 1:
            self.chosen.emit(summaries[0].customer_id)
            return
        for s in summaries:
            item = QListWidgetItem(fmt.arg(self.tr("%1 %2 (%3) %4 %5"), s.code, s.name, s.kana,
                                           s.address, s.phone_display))
            item.setData(Qt.ItemDataRole.UserRole, s.customer_id)
            self.results.addItem(item)
        if not summaries:
            self.results.addItem(self.tr("No customer found."))
        self.results.show()
        self.results.setCurrentRow(0)
        self.results.setFocus()
