"""店舗情報 (デスク › 店舗情報…): the shop's own name, address, phone, 登録番号 and 差出人.

What is entered here is the ご依頼主 of every ヤマト B2 export and the sender block of
letters, postcards and 納品書, so it is checked field by field before it is saved
(``services.shop.check_shop_settings``): a 7-digit 郵便番号 (Enter or 住所検索 fills the
address from Japan Post's data, a code shared by several places lists them), a Japanese
phone number, the 適格請求書 registration number ``T`` + 13 digits with its check digit.
Saving writes the desk's settings (``DeskContext.save_config``); every later export and print
uses them. Nothing on the page names a file: staff see their shop, not where it is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.shop import registration_problem
from desk_app.domain.shop_settings import LIMITS
from desk_app.services.base import ServiceError
from desk_app.services.shop import check_shop_settings, shop_dict, with_shop
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.field_errors import FieldErrors
from desk_app.ui.kit.jobs import problem_texts
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.postal_fill import PostalFillMixin
from desk_app.ui.kit.screens import fit_to_screen, present


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, without the file's name (staff never see paths)."""
    return exc.strerror or type(exc).__name__


class ShopPage(PostalFillMixin, QWidget):
    """The fields; :meth:`values` gives them as ``[shop]`` names them."""

    POSTAL_FIELD = "postal_code"  # 郵便番号 → 住所 (kit.postal_fill) reads it here

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.edits = {key: QLineEdit(objectName=f"shop_{key}") for key in LIMITS}
        for key, edit in self.edits.items():
            edit.setMaxLength(LIMITS[key])
        e = self.edits
        e["name"].setPlaceholderText(self.tr("e.g. Sakura Mail Order"))
        e["postal_code"].setPlaceholderText(self.tr("123-4567 (Enter looks up the address)"))
        e["address"].setPlaceholderText(self.tr("Prefecture, city, town and number"))
        e["building"].setPlaceholderText(self.tr("Building, floor (optional)"))
        e["phone"].setPlaceholderText("03-1234-5678")
        e["invoice_number"].setPlaceholderText("T1234567890123")
        e["invoice_number"].setToolTip(self.tr("Qualified invoice issuer registration number: "
                                               "T and 13 digits"))
        e["sender"].setPlaceholderText(self.tr("e.g. Customer service, Yamada (optional)"))
        self.postal_button = QPushButton(self.tr("Find address"), objectName="shopFindAddress")
        self.postal_button.setAutoDefault(False)
        self.candidates = QListWidget(objectName="shopPlaces")
        self.candidates.setVisible(False)
        self.postal_status = QLabel(objectName="shopPostalStatus")
        self.postal_status.setProperty("role", "muted")
        self.errors = FieldErrors()
        form = QFormLayout()
        postal_row = QWidget()
        pr = QHBoxLayout(postal_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(e["postal_code"], 1)
        pr.addWidget(self.postal_button)
        self.errors.add(form, "name", self.tr("Shop name"), e["name"])
        self.errors.add(form, "postal_code", self.tr("Postal code"), postal_row,
                        e["postal_code"])
        form.addRow("", self.postal_status)
        form.addRow("", self.candidates)
        self.errors.add(form, "address", self.tr("Address"), e["address"])
        self.errors.add(form, "building", self.tr("Building"), e["building"])
        self.errors.add(form, "phone", self.tr("Phone"), e["phone"])
        self.errors.add(form, "invoice_number", self.tr("Registration number"),
                        e["invoice_number"])
        self.errors.add(form, "sender", self.tr("Sender line"), e["sender"])
        usage = QLabel(self.tr("Printed as the sender (ご依頼主) on Yamato B2 labels and at the "
                               "foot of letters, postcards and delivery slips."))
        usage.setWordWrap(True)
        usage.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(usage)
        layout.addLayout(form)
        layout.addStretch(1)
        e["postal_code"].returnPressed.connect(self.find_address)
        self.postal_button.clicked.connect(self.find_address)
        self.candidates.itemActivated.connect(self._candidate_chosen)
        e["invoice_number"].editingFinished.connect(self._check_number)

    def load(self, shop) -> None:
        values = shop_dict(shop)
        for key, edit in self.edits.items():
            text = values.get(key, "")
            if key == "postal_code" and len(text) == 7 and text.isdigit():
                text = f"{text[:3]}-{text[3:]}"
            elif key == "phone" and text:
                text = fmt.display_number(text)
            edit.setText(text)

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def show_problems(self, by_field: dict[str, list[str]]) -> None:
        self.errors.show(by_field)

    def _check_number(self) -> None:
        """The registration number at once: a wrong digit would print on every slip."""
        code = registration_problem(self.edits["invoice_number"].text())
        from desk_app.domain.messages import Problem

        texts = ([domain_text.message(Problem(code, {}, "invoice_number"))] if code else [])
        label = self.errors.fields["invoice_number"][0]
        label.setText("\n".join(texts))
        label.setVisible(bool(texts))

    # -- 郵便番号 → 住所 (kit.postal_fill; one address line here) --------------------------
    def apply_place(self, place) -> None:
        """The place's 都道府県・市区町村・町域 into the address; the clerk adds the number."""
        head = f"{place.prefecture}{place.city}{place.town}"
        edit = self.edits["address"]
        if not edit.text().startswith(head):
            edit.setText(head)
        self.postal_status.setText(place.address)
        edit.setFocus()
        edit.end(False)


class ShopDialog(QDialog):
    """店舗情報 on its own: 保存 (Ctrl+S) and 閉じる; Enter never saves."""

    saved = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Shop details"))
        self.services = services
        self.page = ShopPage(services)
        self.page.load(services.config.shop)
        self._original = self.page.values()
        self.message = QLabel(objectName="shopMessage", wordWrap=True)
        self.save_button = QPushButton(self.tr("Save") + " (Ctrl+S)", objectName="saveShop")
        self.close_button = QPushButton(self.tr("Close"), objectName="closeShop")
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 620, 520)

    def save(self) -> bool:
        values = self.page.values()
        try:
            shop = check_shop_settings(values)
            config = with_shop(self.services.config, values)
        except ServiceError as exc:
            self.page.show_problems(problem_texts(exc))
            self.message.setText(self.tr("Please check the entries marked in red."))
            return False
        self.page.show_problems({})
        try:
            self.services.save_config(config)
        except OSError as exc:
            self.message.setText(fmt.arg(self.tr("The shop details could not be saved: %1"),
                                         os_reason(exc)))
            return False
        self.page.load(shop)
        self._original = self.page.values()
        self.message.setText(self.tr("Saved."))
        self.saved.emit()
        return True

    def reject(self) -> None:
        if self.page.values() != self._original and not ask_discard(
                self, self.tr("Shop details"), self.tr("Discard the changes?")):
            return
        super().reject()


def open_shop_settings(parent: QWidget | None, services) -> ShopDialog:
    return present(ShopDialog(services, parent))
