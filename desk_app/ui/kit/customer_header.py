"""Who the clerk is talking to: the one header of the card and the pop-up.

フリガナ above the name (large, with 様), the customer code beside it, then the chips (stage,
RFM, 注意, DM送付) that wrap to a second row on a narrow window, the caution's reason in red
and 住所未登録 where it applies (wrapped, like the caution). Long names elide (the full text is
the tooltip), so no name ever widens a window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk_app.domain.customer import CustomerCard
from desk_app.ui.kit import fmt
from desk_app.ui.kit.chips import (
    ElidedLabel,
    address_missing_label,
    caution_label,
    chip,
    show_caution,
)
from desk_app.ui.kit.flow import FlowWidget


class CustomerHeader(QWidget):
    def __init__(self, parent: QWidget | None = None, *, name_role: str = "name") -> None:
        super().__init__(parent)
        self.setObjectName("customerHeader")
        self.kana = ElidedLabel()
        self.kana.setProperty("role", "kana")
        self.name = ElidedLabel()
        self.name.setObjectName("customerHeaderName")
        self.name.setProperty("role", name_role)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLabel(objectName="customerHeaderCode")
        self.code.setProperty("role", "muted")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage = chip("stage")
        self.rfm = chip("stage")  # R5F3M4, as of the desk's day (domain.stages)
        self.caution = chip("caution", self.tr("Caution"))
        self.dm = chip("dm-yes")
        for w in (self.stage, self.rfm, self.caution, self.dm):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # chips keep their own width and wrap to a second row when the window is narrow
        self.chips = FlowWidget((self.stage, self.rfm, self.caution, self.dm), spacing=6,
                                justify=False)
        self.caution_text = caution_label()
        self.address_missing = address_missing_label()
        name_row = QHBoxLayout()
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.code, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.kana)
        layout.addLayout(name_row)
        layout.addWidget(self.chips)
        layout.addWidget(self.caution_text)
        layout.addWidget(self.address_missing)

    def set_card(self, card: CustomerCard) -> None:
        s = card.summary
        self.kana.setText(s.kana)
        self.kana.setVisible(bool(s.kana))
        if s.name.strip():
            self.name.setText(self.tr("%1", "customer name with honorific").replace("%1", s.name))
        else:  # a sales history without names (a register's export) brings such customers
            self.name.setText(self.tr("(no name on file)"))
        self.code.setText(fmt.arg(self.tr("No.%1"), s.code))
        self.stage.setText(s.stage)
        rfm = getattr(s, "rfm_code", None) or getattr(card, "rfm_code", None)
        self.rfm.setText(f"RFM {rfm}" if rfm else "")
        self.rfm.setVisible(bool(rfm))
        self.caution.setVisible(card.caution)
        show_caution(self.caution_text, card)
        self.address_missing.setVisible(card.address_missing)
        self.dm.setText(fmt.dm(card.dm_allowed))
        self.dm.setProperty("chip", "dm-yes" if card.dm_allowed else "dm-no")
        self.dm.style().polish(self.dm)
        self.chips.relayout()

    def pin_heights(self, width: int) -> None:
        """Word-wrapped parts report their height for a guessed width; pin them for
        *width* so a parent sized from hints (the pop-up) shows every line."""
        self.caution_text.setMinimumHeight(self.caution_text.heightForWidth(width)
                                           if self.caution_text.text() else 0)
        self.chips.setMinimumHeight(self.chips.heightForWidth(width))
        self.address_missing.setMinimumHeight(self.address_missing.heightForWidth(width))
