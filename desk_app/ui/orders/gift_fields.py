"""The order form's gift fields beside the のし: 内のし / 外のし and the ご依頼主.

- 外のし (over the wrapping, for a gift handed over) or 内のし (under it, the usual choice for
  a parcel sent by post); the 表書き list (御中元 … 御見舞・快気祝・御供・御仏前) is the domain's
  ``NOSHI_OMOTE``.
- ご依頼主: the name printed as sender on the label when it is not the orderer (a gift sent
  in a relative's or a company's name). Empty means the orderer, as before.

The delivery panel owns these widgets; the form reads them into the draft's ``noshi.kind``
and ``sender_name`` and fills them back when an order is opened for editing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desk_app.domain.orders import NOSHI_KINDS, Noshi
from desk_app.domain.text import LIMITS


class GiftFields:
    """Two widgets the delivery panel places: the のし kind and the ご依頼主 name."""

    def __init__(self, parent: QWidget) -> None:
        self.kind = QComboBox(parent, objectName="noshiKind")
        self.kind.addItem(QCoreApplication.translate("GiftFields", "Outside noshi"), "soto")
        self.kind.addItem(QCoreApplication.translate("GiftFields", "Inside noshi"), "uchi")
        self.kind.setToolTip(QCoreApplication.translate("GiftFields", "Outside noshi: over the wrapping, for a gift handed "
                                       "over. Inside noshi: under the wrapping, usual for "
                                       "parcels sent by post."))
        self.sender = QLineEdit(parent, objectName="senderName")
        self.sender.setPlaceholderText(QCoreApplication.translate("GiftFields", "Same as the orderer (type a name for a gift "
                                                 "sent in another name)"))
        self.sender.setMaxLength(LIMITS["sender_name"])

    def kind_code(self) -> str:
        return self.kind.currentData() or NOSHI_KINDS[0]

    def set_kind(self, code: str | None) -> None:
        index = self.kind.findData(code or NOSHI_KINDS[0])
        self.kind.setCurrentIndex(max(0, index))

    def sender_name(self) -> str:
        return " ".join(self.sender.text().split())

    def set_sender(self, name: str) -> None:
        self.sender.setText(name or "")

    def noshi(self, omote: str, name: str) -> Noshi | None:
        return Noshi(omote, name, self.kind_code()) if omote or name else None

    def signals(self):
        return (self.kind.currentIndexChanged, self.sender.textEdited)
