"""The full customer card (顧客カード): details, order history, conversation notes, a note
editor. Loaded through the worker; refreshed whenever a write touches the same customer
(a note saved on the pop-up, an order saved, edited or cancelled: see :mod:`order_history`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.customer import CustomerCard
from desk_app.services import calldesk
from desk_app.ui.customers.note_history import NoteHistory
from desk_app.ui.customers.notes import NoteEditor
from desk_app.ui.kit import fmt
from desk_app.ui.kit.customer_header import CustomerHeader
from desk_app.ui.kit.flow import Columns, FlowWidget
from desk_app.ui.orders.history import OrderHistory


class CustomerCardView(QWidget):
    action_requested = Signal(str)  # "order" / "repeat"
    opened = Signal(int, str)  # another customer's card is shown: (customer id, code)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.card: CustomerCard | None = None
        self.empty = QLabel(self.tr("Search for a customer and press Enter to open the card."))
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header = CustomerHeader()  # the same header as the pop-up's
        h = self.header
        self.kana, self.name, self.code = h.kana, h.name, h.code
        self.stage, self.rfm, self.caution, self.dm = h.stage, h.rfm, h.caution, h.dm
        self.caution_text, self.address_missing = h.caution_text, h.address_missing
        self.order_button = QPushButton(self.tr("New order") + " (F1)")
        self.repeat_button = QPushButton(self.tr("Repeat last order") + " (F2)")
        self.note_button = QPushButton(self.tr("Write note") + " (F3)")
        self.edit_button = QPushButton(self.tr("Edit customer") + " (F11)", objectName="editCustomer")
        self.edit_button.clicked.connect(lambda: self.action_requested.emit("edit"))
        self.order_button.clicked.connect(lambda: self.action_requested.emit("order"))
        self.repeat_button.clicked.connect(lambda: self.action_requested.emit("repeat"))
        self.note_button.clicked.connect(self.focus_note)
        # the buttons wrap to a second row on a narrow window instead of widening it
        self.actions = FlowWidget((self.order_button, self.repeat_button, self.note_button,
                                   self.edit_button))

        self.fields: dict[str, QLabel] = {}
        form_l, form_r = QFormLayout(), QFormLayout()
        left = (("phones", self.tr("Phone")),
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
        columns = []
        for form in (form_l, form_r):
            column = QWidget()
            form.setContentsMargins(0, 0, 0, 0)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            column.setLayout(form)
            columns.append(column)
        # contact details and figures side by side, or the figures below on a narrow card
        self.details = Columns(columns, [3, 2])

        self.history = OrderHistory(services)
        self.orders = self.history.tree
        # 応対履歴: Enter opens the whole note; 対応済み is its own button (Ctrl+D)
        self.note_history = NoteHistory(services)
        self.notes = self.note_history.tree
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, self.tr("Order history"))
        self.tabs.addTab(self.note_history, self.tr("Conversation notes"))
        self.editor = NoteEditor(services, "note-customer-none", rows=3)

        self.tabs.setMinimumHeight(150)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 4, 0)
        body.addWidget(self.header)
        body.addWidget(self.details)
        body.addWidget(self.actions)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.editor)
        # a short screen scrolls the card; it never makes the window taller or wider
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll)
        self.scroll.setVisible(False)
        services.hub.customers_changed.connect(self._changed)

    _wanted: int | None = None  # the customer last asked for

    def load(self, customer_id: int) -> None:
        self._wanted = customer_id
        self.services.tasks.submit(lambda ctx: calldesk.card(ctx, customer_id),
                                    on_done=lambda card: self._loaded(customer_id, card),
                                    key="card")

    def _loaded(self, customer_id: int, card: CustomerCard | None) -> None:
        if customer_id == self._wanted:  # an older answer never replaces a newer choice
            self.set_card(card)

    def _changed(self, customer_ids: frozenset[int]) -> None:
        if self.card is not None and self.card.summary.customer_id in customer_ids:
            self.load(self.card.summary.customer_id)

    def set_card(self, card: CustomerCard | None) -> None:
        if card is None:
            return
        same = self.card is not None and self.card.summary.customer_id == card.summary.customer_id
        self._wanted = card.summary.customer_id
        self.card = card
        s = card.summary
        self.empty.setVisible(False)
        self.scroll.setVisible(True)
        self.header.set_card(card)
        kinds = fmt.phone_kinds()
        f = self.fields
        f["phones"].setText("\n".join(f"{p.display}（{kinds.get(p.kind, p.kind)}）"
                                      for p in card.phones))
        f["address"].setText(" ".join(p for p in (fmt.postal(card.postal_code),
                                                  card.full_address) if p))
        f["birthday"].setText(_birthday(card.birthday, self.services.today()))
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
            self.opened.emit(s.customer_id, s.code)
        else:  # 顧客情報の修正: the note's heading names the caller as the card does
            self.editor.set_context(s.customer_id, s.name, kana=s.kana, code=s.code)

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


def _birthday(value, today) -> str:
    """The birthday and the age on the desk's day (the shop's, or the day tests pin)."""
    if value is None:
        return ""
    text = QCoreApplication.translate("Labels", "%1 (%2), age %3")
    return (text.replace("%1", fmt.day(value)).replace("%2", wareki.to_wareki(value))
            .replace("%3", str(wareki.age_on(value, today))))
