"""Chips: small coloured labels (stage, caution, DM yes/no...).

The colours live in the app style sheet (``kit/resources.py``), keyed by the ``chip`` property,
so a chip is just a label that says what kind it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def chip(kind: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("chip", kind)
    return label


CAUTION_RED = "#c62828"


def caution_label(name: str = "cautionText") -> QLabel:
    """The reason of a 注意, in red, wrapped: shown where the clerk looks, never only as a
    tooltip (tooltips never appear on the non-activating pop-up)."""
    from PySide6.QtCore import Qt

    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {CAUTION_RED}; font-weight: bold;")
    label.hide()
    return label


def caution_text(card) -> str:
    """「【代引不可・DM不可】代引の受取拒否が2回あり」 for a card (empty without a caution)."""
    from desk_app.domain.customer_rules import CAUTION_FLAG_LABELS
    from desk_app.ui.kit.resources import is_japanese

    if card is None or not getattr(card, "caution", False):
        return ""
    index = 0 if is_japanese() else 1
    flags = [CAUTION_FLAG_LABELS[f][index] for f in getattr(card, "caution_flags", ())
             if f in CAUTION_FLAG_LABELS]
    head = f"【{'・'.join(flags)}】" if flags else ""
    return (head + (card.caution_note or "")).strip()


def show_caution(label: QLabel, card) -> None:
    text = caution_text(card)
    label.setText(text)
    label.setVisible(bool(text))


def address_missing_label(key: str = "F11") -> QLabel:
    """住所を伺ってください, with the key beside it that opens 顧客情報の修正 on 郵便番号
    (the pop-up's and the card's edit key)."""
    from PySide6.QtCore import QCoreApplication

    label = chip("caution", QCoreApplication.translate(
        "Chips", "No address on file — ask for it on this call") + "　" +
        QCoreApplication.translate("Chips", "%1: enter the address").replace("%1", key))
    label.setObjectName("addressMissing")
    # wraps within the narrow pop-up (380 px at 1280×800): on one line it widened the
    # pop-up's content and cut the customer code and メモを保存
    label.setWordWrap(True)
    label.hide()
    return label


from PySide6.QtCore import QSize, Qt  # noqa: E402
from PySide6.QtWidgets import QSizePolicy  # noqa: E402


class ElidedLabel(QLabel):
    """A one-line label that never widens its window: a long text ends in …, the whole of
    it is the tooltip (and ``text()``)."""

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Preferred, not Ignored: beside a stretching neighbour an Ignored label got no
        # width at all (the order form's and the card's names were invisible); it still
        # shrinks to its small minimum, so a long name never widens the window
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text or ""
        self._elide()

    def text(self) -> str:
        return self._full

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 24))
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._elide()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(self.fontMetrics().horizontalAdvance(self._full) + 8, 640), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(24, super().minimumSizeHint().height())
