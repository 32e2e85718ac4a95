"""お客様の声: recent クレーム and お褒め from all customers, so the whole desk knows.

A complaint taken by one clerk in the morning is what the next clerk must not repeat in the
afternoon; praise is what the shop wants to hear. The list is newest first, filtered by
period and kind, and each row opens the customer it came from.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import JST
from desk_app.services import notes
from desk_app.ui.kit import fmt
from desk_app.ui.kit.table_model import RowsModel, setup_table

PERIOD_DAYS = (1, 7, 30, 90, None)


class VoicesView(QWidget):
    customer_activated = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.period = QComboBox()
        for days, label in zip(PERIOD_DAYS, (self.tr("Today"), self.tr("Last 7 days"),
                                             self.tr("Last 30 days"), self.tr("Last 90 days"),
                                             self.tr("All")), strict=True):
            self.period.addItem(label, days)
        self.period.setCurrentIndex(2)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Complaints and praise"), ("complaint", "praise"))
        self.kind.addItem(fmt.category("complaint"), ("complaint",))
        self.kind.addItem(fmt.category("praise"), ("praise",))
        self.model = RowsModel(
            [self.tr("Date"), self.tr("Kind"), self.tr("Customer"), self.tr("What was said"),
             self.tr("Operator")],
            lambda v: (fmt.when(v.created_at), fmt.category(v.category),
                       f"{v.customer_name}（{v.customer_code}）", v.body, v.operator or ""),
            self, link_column=2, highlight=lambda v: v.category == "complaint")
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        for col, width in enumerate((150, 90, 200, 520, 90)):
            self.table.setColumnWidth(col, width)
        # what was said takes the room there is and ends in …; the operator stays in view
        # on a 1280-pixel screen (the whole text is the row's tooltip and the card's)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addWidget(QLabel(self.tr("Kind")))
        bar.addWidget(self.kind)
        bar.addStretch(1)
        hint = QLabel(self.tr("Enter or double-click opens the customer."))
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(self._activated)

    def refresh(self) -> None:
        days = self.period.currentData()
        since = None
        if days is not None:
            start = self.services.today() - timedelta(days=days - 1)
            since = datetime.combine(start, time(0), JST)
        categories = tuple(self.kind.currentData())
        self.services.tasks.submit(lambda ctx: notes.voices(ctx, since, None, categories),
                                    on_done=self.model.set_items, key="voices")

    def _activated(self, index) -> None:
        voice = self.model.item(index.row())
        if voice is not None:
            self.customer_activated.emit(voice.customer_id)
