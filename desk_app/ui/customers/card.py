"""The full customer card (顧客カード): details, order history, conversation notes, a note
editor. Loaded through the worker; refreshed whenever a write touches the same customer
(a note saved on the pop-up, an order saved, edited or cancelled: see :mod:`order_history`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.clock import today_local
from desk_app.domain.customer import CustomerCard
from desk_app.services import calldesk
from desk_app.ui.customers.note_history import NoteHistory
from desk_app.ui.customers.notes import NoteEditor
from desk_app.ui.kit import fmt
from desk_app.ui.kit.chips import (
    ElidedLabel,
    address_missing_label,
    caution_label,
    chip,
    show_caution,
)
from desk_app.ui.orders.history import OrderHistory


class CustomerCardView(QWidget):
    action_requested = Signal(str)  # "order" / "repeat"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.card: CustomerCard | None = None
        self.empty = QLabel(self.tr("Search for a customer and press Enter to open the card."))
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kana = ElidedLabel()
        self.kana.setProperty("role", "kana")
        self.name = ElidedLabel()
        self.name.setProperty("role", "name")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage = chip("stage")
        self.rfm = chip("stage")  # R5F3M4, as of the desk's day (domain.stages)
        self.caution = chip("caution", self.tr("Caution"))
        self.caution_text = caution_label()
        self.address_missing = address_missing_label()
        self.dm = chip("dm-yes")
        self.order_button = QPushButton(self.tr("New order") + " (F1)")
        self.repeat_button = QPushButton(self.tr("Repeat last order") + " (F2)")
        self.note_button = QPushButton(self.tr("Write note") + " (F3)")
        self.edit_button = QPushButton(self.tr("Edit customer") + " (F11)", objectName="editCustomer")
        self.edit_button.clicked.connect(lambda: self.action_requested.emit("edit"))
        self.order_button.clicked.connect(lambda: self.action_requested.emit("order"))
        self.repeat_button.clicked.connect(lambda: self.action_requested.emit("repeat"))
        self.note_button.clicked.connect(self.focus_note)
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.kana)
        names.addWidget(self.name)
        head.addLayout(names)
        for w in (self.stage, self.rfm, self.caution, self.dm):
            head.addWidget(w, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for w in (self.order_button, self.repeat_button, self.note_button, self.edit_button):
            actions.addWidget(w)

        self.fields: dict[str, QLabel] = {}
        form_l, form_r = QFormLayout(), QFormLayout()
        left = (("code", self.tr("Customer code")), ("phones", self.tr("Phone")),
                ("address", self.tr("Address")), ("birthday", self.tr("Birthday")),
                ("email", self.tr("E-mail")))
        right = (("orders", self.tr("Orders")), ("total", self.tr("Total spent")),
                 ("first", self.tr("First order")), ("last", self.tr("Last order")),
                 ("registered", self.tr("Registered")))
        for form, rows in ((form_l, left), (form_r, right)):
            for key, caption in rows:
                label = QLabel()
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fields[key] = label
                form.addRow(caption, label)
        details = QHBoxLayout()
        details.addLayout(form_l, 3)
        details.addLayout(form_r, 2)

        self.history = OrderHistory(services)
        self.orders = self.history.tree
        # 応対履歴: Enter opens the whole note; 対応済み is its own button (Ctrl+D)
        self.note_history = NoteHistory(services)
        self.notes = self.note_history.tree
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, self.tr("Order history"))
        self.tabs.addTab(self.note_history, self.tr("Conversation notes"))
        self.editor = NoteEditor(services, "note-customer-none", rows=3)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(head)
        body.addWidget(self.caution_text)
        body.addWidget(self.address_missing)
        body.addLayout(details)
        body.addLayout(actions)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.body.setVisible(False)
        services.hub.customers_changed.connect(self._changed)

    def load(self, customer_id: int) -> None:
        self.services.tasks.submit(lambda ctx: calldesk.card(ctx, customer_id), on_done=self.set_card,
                                    key="card")

    def _changed(self, customer_ids: frozenset[int]) -> None:
        if self.card is not None and self.card.summary.customer_id in customer_ids:
            self.load(self.card.summary.customer_id)

    def set_card(self, card: CustomerCard | None) -> None:
        if card is None:
            return
        same = self.card is not None and self.card.summary.customer_id == card.summary.customer_id
        self.card = card
        s = card.summary
        self.empty.setVisible(False)
        self.body.setVisible(True)
        self.kana.setText(s.kana)
        self.name.setText(self.tr("%1", "customer name with honorific").replace("%1", s.name))
        self.stage.setText(s.stage)
        self.rfm.setText(f"RFM {s.rfm_code}" if s.rfm_code else "")
        self.rfm.setVisible(bool(s.rfm_code))
        self.caution.setVisible(card.caution)
        show_caution(self.caution_text, card)
        self.address_missing.setVisible(card.address_missing)
        self.dm.setText(fmt.dm(card.dm_allowed))
        self.dm.setProperty("chip", "dm-yes" if card.dm_allowed else "dm-no")
        self.dm.style().polish(self.dm)
        kinds = fmt.phone_kinds()
        f = self.fields
        f["code"].setText(s.code)
        f["phones"].setText("\n".join(f"{p.display}（{kinds.get(p.kind, p.kind)}）"
                                      for p in card.phones))
        f["address"].setText(" ".join(p for p in (fmt.postal(card.postal_code),
                                                  card.full_address) if p))
        f["birthday"].setText(_birthday(card.birthday))
        f["email"].setText(card.email or "")
        f["orders"].setText(fmt.count(s.orders_count))
        f["total"].setText(fmt.yen(s.total_amount))
        f["first"].setText(fmt.day(card.first_order_date))
        ago = fmt.days_ago(card.days_since_last_order)
        f["last"].setText(fmt.day(s.last_order_date) + (f"（{ago}）" if ago else ""))
        f["registered"].setText(fmt.local_day(card.created_at))
        self.repeat_button.setEnabled(any(o.status == "active" for o in card.orders))
        self.history.set_card(card)
        self._fill_notes(card)
        if not same:
            self._switch_editor(card)

    def _switch_editor(self, card: CustomerCard) -> None:
        key = f"note-customer-{card.summary.customer_id}"
        if self.editor.has_text():
            self.editor.save_draft()  # the previous customer's text stays on disk
        self.editor.body.blockSignals(True)
        self.editor.body.clear()
        self.editor.body.blockSignals(False)
        self.editor.draft_key = key
        draft = self.services.drafts.load(key)
        if draft is not None:
            self.editor.restore(draft)
        self.editor.set_context(card.summary.customer_id, card.summary.name,
                                kana=card.summary.kana, code=card.summary.code)

    def _fill_notes(self, card: CustomerCard) -> None:
        self.note_history.set_card(card)

    def focus_note(self) -> None:
        if self.card is not None:
            self.tabs.setCurrentWidget(self.note_history)
            self.editor.focus_editor()


def _birthday(value) -> str:
    if value is None:
        return ""
    text = QCoreApplication.translate("Labels", "%1 (%2), age %3")
    return (text.replace("%1", fmt.day(value)).replace("%2", wareki.to_wareki(value))
            .replace("%3", str(wareki.age_on(value, today_local()))))
