"""Who is ordering: the form's header (name, stage, 注意, open 要対応 notes) and, for a form
opened empty, the customer chooser (顧客番号, phone or フリガナ + Enter).

Open follow-up notes are shown on the form on purpose: a clerk taking a new order from a
customer whose last parcel arrived broken must know before saying "thank you, goodbye".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from desk_app.domain.clock import table_date, to_local, yen
from desk_app.domain.customer import NOTE_CATEGORY_LABELS_JA, CustomerCard
from desk_app.store import customers


def _postal(code: str | None) -> str:
    return f"{code[:3]}-{code[3:]}" if code and len(code) == 7 else (code or "—")


class HeaderPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel("新規受注", objectName="customerName")
        self.name.setProperty("role", "title")
        self.info = QLabel(objectName="customerInfo")
        self.stage = QLabel(objectName="customerStage")
        self.stage.setProperty("chip", "stage")
        self.caution = QLabel("注意", objectName="customerCaution")
        self.caution.setProperty("chip", "caution")
        self.caution.hide()
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
        layout.addLayout(row)
        layout.addWidget(self.follow_ups)

    def set_card(self, card: CustomerCard | None) -> None:
        if card is None:
            self.name.setText("新規受注（顧客を選んでください）")
            self.info.clear()
            self.stage.hide()
            self.caution.hide()
            self.follow_ups.hide()
            return
        s = card.summary
        self.name.setText(f"{s.name} 様")
        self.info.setText(f"顧客番号 {s.code} ／ 購入回数 {s.orders_count}回 ／ 累計 "
                          f"{yen(s.total_amount)} ／ 最終購入日 "
                          f"{table_date(s.last_order_date) if s.last_order_date else '—'}")
        self.stage.setText(s.stage)
        self.stage.show()
        self.caution.setVisible(card.caution)
        self.caution.setToolTip(card.caution_note or "")
        open_notes = card.open_follow_ups
        self.follow_ups.setVisible(bool(open_notes))
        self.follow_ups_text.setText("要対応\n" + "\n".join(
            f"・{table_date(to_local(n.created_at).date())} "
            f"{NOTE_CATEGORY_LABELS_JA.get(n.category, n.category)}: {n.body}"
            for n in open_notes))


class CustomerChooser(QWidget):
    """ご注文者: the caller's details, or a search when the form was opened empty."""

    chosen = Signal(int)

    def __init__(self, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.search = QLineEdit(objectName="customerSearch")
        self.search.setPlaceholderText("顧客番号・電話番号・フリガナ（Enterで検索）")
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
        phones = " ／ ".join(p.display for p in card.phones) or "電話番号なし"
        address = card.full_address or "住所未登録（次回のお電話で住所を伺ってください）"
        self.summary.setText(f"{s.name}（{s.kana}） 顧客番号 {s.code}\n"
                             f"〒{_postal(card.postal_code)} {address}\n{phones}")

    def _search(self) -> None:
        text, today = self.search.text().strip(), self.runner.today
        if text:
            self.runner.submit(lambda s: customers.search(s, text, today, limit=20), self._found)

    def _found(self, summaries) -> None:
        self.results.clear()
        if len(summaries) == 1:
            self.chosen.emit(summaries[0].customer_id)
            return
        for s in summaries:
            item = QListWidgetItem(f"{s.code} {s.name}（{s.kana}） {s.address} {s.phone_display}")
            item.setData(Qt.ItemDataRole.UserRole, s.customer_id)
            self.results.addItem(item)
        if not summaries:
            self.results.addItem("該当する顧客がいません")
        self.results.show()
        self.results.setCurrentRow(0)
        self.results.setFocus()
