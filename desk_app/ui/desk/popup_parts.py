"""The pop-up's two customer faces: one known customer, or a chooser for a shared number.

Kept apart from the pop-up frame so each part stays small. Orders and notes are rendered
into single rich-text labels instead of one widget per row: the pop-up must be painted with
all its data within a few milliseconds of the lookup arriving.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.customer import CustomerCard, CustomerSummary
from desk_app.domain.text import first_lines
from desk_app.ui.kit import fmt
from desk_app.ui.kit.customer_header import CustomerHeader

POPUP_ORDERS = 5
POPUP_NOTES = 3


def orders_html(card: CustomerCard, limit: int = POPUP_ORDERS, metrics=None,
                items_width: int = 260) -> str:
    """One line per order; the item list is elided to the pop-up's width."""
    rows = []
    for order in card.orders[:limit]:
        items = "、".join(f"{i.name} ×{i.quantity}" for i in order.items)
        if metrics is not None:
            items = metrics.elidedText(items, Qt.TextElideMode.ElideRight, items_width)
        items = escape(items)
        mark = "×" if order.status != "active" else ""
        rows.append(f"{mark}{fmt.day(order.order_date)}&nbsp;&nbsp;<b>{fmt.yen(order.total)}</b>"
                    f"&nbsp;&nbsp;{items}")
    return "<br>".join(rows)


def notes_html(notes, limit: int) -> str:
    rows = []
    for n in notes[:limit]:
        who = f"（{escape(n.operator)}）" if n.operator else ""
        flag = " ⚑" if n.needs_follow_up and not n.done else ""
        body = escape(first_lines(n.body, 2, 120)).replace("\n", "<br>")  # the card has all
        rows.append(f"<div>{fmt.local_day(n.created_at)} [{escape(fmt.category(n.category))}]"
                    f"{flag} {body}{who}</div>")
    return "".join(rows)


class KnownView(QWidget):
    """Name, reading, stage, figures, last orders, open follow-ups, recent notes."""

    ITEMS_WIDTH = 270  # pixels left for the item list of an order line
    CONTENT_WIDTH = 484  # the pop-up's width less margins and frame, with a little to spare

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = CustomerHeader()  # フリガナ, name, code, chips, caution: as on the card
        h = self.header
        self.kana, self.name, self.code = h.kana, h.name, h.code
        self.stage, self.rfm, self.caution, self.dm = h.stage, h.rfm, h.caution, h.dm
        self.caution_text, self.address_missing = h.caution_text, h.address_missing

        self.orders_count = QLabel()
        self.total = QLabel()
        self.last_order = QLabel()
        self.address = QLabel()
        self.address.setWordWrap(True)
        self.address.setProperty("role", "muted")
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        facts = ((self.tr("Orders"), self.orders_count), (self.tr("Total spent"), self.total),
                 (self.tr("Last order"), self.last_order))
        self.fact_captions = []
        for col, (caption, value) in enumerate(facts):
            cap = QLabel(caption)
            self.fact_captions.append(cap)
            cap.setProperty("role", "muted")
            grid.addWidget(cap, 0, col)
            value.setStyleSheet("font-size: 13pt; font-weight: bold;")
            value.setWordWrap(True)  # 「（34日前）」 may wrap rather than widen the pop-up
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, 1, col)
        grid.setColumnStretch(2, 1)  # the last-order date takes the room that is left

        self.follow_frame = QFrame()
        self.follow_frame.setObjectName("followUps")
        self.follow_ups = QLabel()
        self.follow_ups.setWordWrap(True)
        fl = QVBoxLayout(self.follow_frame)
        fl.setContentsMargins(6, 4, 6, 4)
        fl.addWidget(self.follow_ups)

        self.orders_caption = QLabel(self.tr("Recent orders"))
        self.orders_caption.setProperty("role", "section")
        self.orders = QLabel()
        self.orders.setTextFormat(Qt.TextFormat.RichText)
        self.notes_caption = QLabel(self.tr("Conversation notes"))
        self.notes_caption.setProperty("role", "section")
        self.notes = QLabel()
        self.notes.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(5)
        layout.addWidget(self.header)
        layout.addLayout(grid)
        layout.addWidget(self.address)
        layout.addWidget(self.follow_frame)
        layout.addSpacing(4)
        layout.addWidget(self.orders_caption)
        layout.addWidget(self.orders)
        layout.addSpacing(4)
        layout.addWidget(self.notes_caption)
        layout.addWidget(self.notes)

    def set_card(self, card: CustomerCard) -> None:
        s = card.summary
        self.header.set_card(card)
        self.orders_count.setText(fmt.count(s.orders_count))
        self.total.setText(fmt.yen(s.total_amount))
        last = fmt.day(s.last_order_date)
        ago = fmt.days_ago(card.days_since_last_order)
        joined = "\u2060".join(f"（{ago}）")  # wraps before the bracket, never inside
        self.last_order.setText(f"{last}{joined}" if ago else last)
        address = " ".join(p for p in (fmt.postal(card.postal_code), card.full_address) if p)
        self.address.setText(address or self.tr("No address on file: ask for it on this call."))
        open_items = card.open_follow_ups
        self.follow_frame.setVisible(bool(open_items))
        caption = escape(self.tr("Needs follow-up"))
        self.follow_ups.setText(f"<b>{caption}</b>" + notes_html(open_items, 3))
        self.orders_caption.setVisible(bool(card.orders))
        self.orders.setVisible(bool(card.orders))
        self.orders.setText(orders_html(card, metrics=self.orders.fontMetrics(),
                                        items_width=self.ITEMS_WIDTH))
        self.notes.setText(notes_html(card.notes, POPUP_NOTES) or self.tr("No notes yet."))
        # Word-wrapped labels report their height for a guessed width; pin it for ours so
        # the pop-up grows to show every line instead of clipping the last note.
        for label, inset in ((self.notes, 0), (self.follow_ups, 14), (self.address, 0)):
            label.setMinimumHeight(label.heightForWidth(self.CONTENT_WIDTH - inset))
        self.header.pin_heights(self.CONTENT_WIDTH)
        # the last-order date gets what the two figures before it leave
        used = sum(max(c.sizeHint().width(), v.sizeHint().width()) + 14
                   for c, v in zip(self.fact_captions, (self.orders_count, self.total),
                                   strict=False))
        self.last_order.setMinimumHeight(self.last_order.heightForWidth(
            max(80, self.CONTENT_WIDTH - used)))


class ChooserView(QWidget):
    """該当する顧客が複数います: pick with 1–9, arrows and Enter, or a double click."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Several customers share this number"))
        self.title.setProperty("role", "section")
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.keyPressEvent = self._key  # digits choose directly
        hint = QLabel(self.tr("Press 1–9 or choose and press Enter."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)  # never wider than the pop-up
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addWidget(hint)

    def set_matches(self, matches: tuple[CustomerSummary, ...]) -> None:
        self.list.clear()
        for n, m in enumerate(matches, start=1):
            text = (f"{n}. {m.name}（{m.kana}）  {m.stage}  "
                    f"{fmt.count(m.orders_count)}  {fmt.day(m.last_order_date)}")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m.customer_id)
            item.setToolTip(m.address)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        rows = min(len(matches), 6)
        self.list.setFixedHeight((self.fontMetrics().lineSpacing() + 10) * rows + 6)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def choose_index(self, index: int) -> bool:
        item = self.list.item(index)
        if item is None:
            return False
        self._activated(item)
        return True

    def _key(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isascii() and text.isdigit() and text != "0" and self.choose_index(int(text) - 1):
            return
        QListWidget.keyPressEvent(self.list, event)
