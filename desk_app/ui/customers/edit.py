"""顧客情報の修正: correct a customer's record from the card or the pop-up (F11).

住所変更 is one of the commonest requests on the phone, so the form is built for it: 郵便番号
fills the address (a code shared by two places lists both), phones can be added, removed and
their kind changed (a 090/080/070 number defaults to 携帯), birthdays take 西暦 or 和暦, and the
caution carries its text and the flags the app enforces (代引不可, DM不可). Saving sends only the
fields that changed to the same rules as registration (``services.customers.edit_customer``);
a refusal is shown under its field. Every change is kept with who and when, in the
変更履歴 tab. The card, the search list and any pop-up of this customer reload at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.customer import CustomerCard
from desk_app.domain.customer_rules import CAUTION_FLAG_LABELS, CAUTION_FLAGS, default_phone_kind
from desk_app.domain.money import PREFECTURES
from desk_app.domain.text import LIMITS
from desk_app.services.base import ServiceError
from desk_app.services.customers import customer_history, edit_customer
from desk_app.ui.kit import fmt
from desk_app.ui.kit.field_errors import error_label
from desk_app.ui.kit.jobs import context_of, problem_texts
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.postal_fill import PostalFillMixin
from desk_app.ui.kit.resources import is_japanese
from desk_app.ui.kit.screens import fit_to_screen

TEXTS = ("name", "kana", "company", "department", "postal", "city", "address1", "address2",
         "email", "birthday", "caution_note")
_FIELD = {"postal": "postal_code"}  # form key → record field
MAX_ROWS = 5


class PhoneRow(QWidget):
    removed = Signal(object)

    def __init__(self, kind: str = "home", number: str = "", parent=None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, label in fmt.phone_kinds().items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.number = QLineEdit(number)
        self.number.setMaxLength(LIMITS["phone"])
        self.number.setPlaceholderText("03-1234-5678")
        self._chosen = bool(number)
        self.kind.activated.connect(lambda _i: setattr(self, "_chosen", True))
        self.number.textEdited.connect(self._follow)
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.error = error_label("error:phone")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.number, 1)
        row.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addLayout(row)
        box.addWidget(self.error)

    def _follow(self, text: str) -> None:
        if not self._chosen and sum(c.isdigit() for c in text) >= 3:
            self.kind.setCurrentIndex(max(0, self.kind.findData(default_phone_kind(text))))

    def value(self) -> dict:
        return {"kind": self.kind.currentData(), "number": self.number.text()}


class CustomerEditDialog(PostalFillMixin, QDialog):
    saved = Signal(object)  # the new CustomerCard

    def __init__(self, services, card: CustomerCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.card = card
        s = card.summary
        self.setWindowTitle(fmt.arg(self.tr("Edit customer — %1 様（%2） No.%3"),
                                    s.name, s.kana, s.code))
        self.heading = QLabel(fmt.arg(self.tr("%1 様（%2）  No.%3"), s.name, s.kana, s.code))
        self.heading.setProperty("role", "title")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)

        self.edits = {key: QLineEdit(objectName=f"edit_{key}") for key in TEXTS}
        for key, edit in self.edits.items():
            edit.setMaxLength(LIMITS[_FIELD.get(key, key)])
        e = self.edits
        e["kana"].setPlaceholderText(self.tr("Katakana (hiragana is converted)"))
        e["postal"].setPlaceholderText(self.tr("123-4567 (Enter looks up the address)"))
        e["birthday"].setPlaceholderText(self.tr("1970/3/1 or S45.3.1 or 昭和45年3月1日"))
        self.prefecture = QComboBox()
        self.prefecture.addItem("", "")
        for p in PREFECTURES:
            self.prefecture.addItem(p, p)
        self.postal_button = QPushButton(self.tr("Find address"))
        self.candidates = QListWidget()
        self.candidates.setVisible(False)
        self.candidates.itemActivated.connect(self._candidate_chosen)
        self.candidates.installEventFilter(self)
        self.postal_status = QLabel()
        self.birthday_status = QLabel()
        self.dm = QCheckBox(self.tr("DM allowed"))
        self.flags = {flag: QCheckBox(CAUTION_FLAG_LABELS[flag][0 if is_japanese() else 1])
                      for flag in CAUTION_FLAGS}
        self.phone_rows: list[PhoneRow] = []
        self.phones_box = QVBoxLayout()
        self.phones_box.setContentsMargins(0, 0, 0, 0)
        self.add_phone = QPushButton(self.tr("Add phone number"))
        self.add_phone.clicked.connect(lambda: self._add_phone_row("home", "", focus=True))
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #c62828;")

        self.field_errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.tr("Name"), self._with_error(e["name"], "name"))
        form.addRow(self.tr("Reading"), self._with_error(e["kana"], "kana"))
        form.addRow(self.tr("Company"), self._with_error(e["company"], "company"))
        form.addRow(self.tr("Department"), self._with_error(e["department"], "department"))
        phones = QWidget()
        phones_layout = QVBoxLayout(phones)
        phones_layout.setContentsMargins(0, 0, 0, 0)
        phones_layout.addLayout(self.phones_box)
        phones_layout.addWidget(self.add_phone, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Phone"), self._with_error(phones, "phones"))
        postal_row = QWidget()
        pr = QHBoxLayout(postal_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(e["postal"], 1)
        pr.addWidget(self.postal_button)
        form.addRow(self.tr("Postal code"), self._with_error(postal_row, "postal_code"))
        form.addRow("", self.postal_status)
        form.addRow("", self.candidates)
        form.addRow(self.tr("Prefecture"), self._with_error(self.prefecture, "prefecture"))
        form.addRow(self.tr("City"), self._with_error(e["city"], "city"))
        form.addRow(self.tr("Town and number"), self._with_error(e["address1"], "address1"))
        form.addRow(self.tr("Building"), self._with_error(e["address2"], "address2"))
        form.addRow(self.tr("E-mail"), self._with_error(e["email"], "email"))
        form.addRow(self.tr("Birthday"), self._with_error(e["birthday"], "birthday"))
        form.addRow("", self.birthday_status)
        form.addRow("", self._with_error(self.dm, "dm_allowed"))
        flags = QWidget()
        fl = QHBoxLayout(flags)
        fl.setContentsMargins(0, 0, 0, 0)
        for box in self.flags.values():
            fl.addWidget(box)
        fl.addStretch(1)
        form.addRow(self.tr("Caution"), self._with_error(e["caution_note"], "caution_note"))
        form.addRow("", self._with_error(flags, "caution_flags"))
        e["caution_note"].setStyleSheet("color: #c62828;")

        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        self.history = QTreeWidget(objectName="changeHistory")
        self.history.setHeaderLabels([self.tr("When"), self.tr("Operator"), self.tr("Field"),
                                      self.tr("Before"), self.tr("After")])
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, self.tr("Customer details"))
        self.tabs.addTab(self.history, self.tr("Change history"))

        self.save_button = QPushButton(self.tr("Save") + " (Ctrl+S)", objectName="saveCustomer")
        self.close_button = QPushButton(self.tr("Close"))
        self.save_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)

        e["kana"].editingFinished.connect(self._fold_kana)
        e["postal"].returnPressed.connect(self.find_address)
        self.postal_button.clicked.connect(self.find_address)
        e["birthday"].textChanged.connect(self._birthday_typed)
        self.fill(card)
        self._original = self.values()
        if card.address_missing:  # 住所を伺ってください: the clerk starts at 郵便番号
            e["postal"].setFocus()
        fit_to_screen(self, 720, 760)
        self.load_history()

    # -- the form ---------------------------------------------------------------------
    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        label = error_label(f"error:{field}")
        lay.addWidget(label)
        self.field_errors[field] = label
        return box

    def _add_phone_row(self, kind: str, number: str, focus: bool = False) -> None:
        if len(self.phone_rows) >= MAX_ROWS:
            return
        row = PhoneRow(kind, number)
        row.removed.connect(self._remove_phone_row)
        self.phone_rows.append(row)
        self.phones_box.addWidget(row)
        self.add_phone.setEnabled(len(self.phone_rows) < MAX_ROWS)
        if focus:
            row.number.setFocus()

    def _remove_phone_row(self, row: PhoneRow) -> None:
        self.phone_rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.add_phone.setEnabled(True)

    def fill(self, card: CustomerCard) -> None:
        s, e = card.summary, self.edits
        values = {"name": s.name, "kana": s.kana, "company": card.company or "",
                  "department": card.department or "",
                  "postal": fmt.postal(card.postal_code) if card.postal_code else "",
                  "city": card.city or "", "address1": card.address1 or "",
                  "address2": card.address2 or "", "email": card.email or "",
                  "birthday": card.birthday.isoformat() if card.birthday else "",
                  "caution_note": card.caution_note or ""}
        for key, text in values.items():
            e[key].blockSignals(True)
            e[key].setText(text)
            e[key].blockSignals(False)
        if card.birthday:
            self.birthday_status.setText(wareki.describe(card.birthday))
        self.prefecture.setCurrentIndex(max(0, self.prefecture.findData(card.prefecture or "")))
        self.dm.setChecked(card.dm_allowed)
        for flag, box in self.flags.items():
            box.setChecked(flag in card.caution_flags)
        for phone in card.phones:
            self._add_phone_row(phone.kind, phone.display)
        if not card.phones:
            self._add_phone_row("home", "")

    def _fold_kana(self) -> None:
        from desk_app.domain.kana import to_katakana_reading

        edit = self.edits["kana"]
        folded = to_katakana_reading(edit.text())
        if folded != edit.text():
            edit.setText(folded)

    def _birthday_typed(self, text: str) -> None:
        if not text.strip():
            self.birthday_status.setText("")
            return
        try:
            value = wareki.parse_birthday(text, today=self.services.today())
        except wareki.WarekiError as exc:
            self.birthday_status.setText(str(exc).split(" (")[0])
        else:
            self.birthday_status.setText(wareki.describe(value))

    def values(self) -> dict:
        """The form as the rules read it (names as ``customer show`` prints them)."""
        e = {k: v.text() for k, v in self.edits.items()}
        return {
            "name": e["name"], "kana": e["kana"], "company": e["company"],
            "department": e["department"], "postal_code": e["postal"],
            "prefecture": self.prefecture.currentData() or "", "city": e["city"],
            "address1": e["address1"], "address2": e["address2"], "email": e["email"],
            "birthday": e["birthday"], "caution_note": e["caution_note"],
            "dm_allowed": self.dm.isChecked(),
            "caution_flags": [f for f, box in self.flags.items() if box.isChecked()],
            "phones": [r.value() for r in self.phone_rows if r.number.text().strip()]}

    def changes(self) -> dict:
        now = self.values()
        changed = {k: v for k, v in now.items() if v != self._original.get(k)}
        if {"postal_code", "prefecture"} & set(changed):  # checked together
            changed.update(postal_code=now["postal_code"], prefecture=now["prefecture"])
        return changed

    # -- saving -------------------------------------------------------------------------
    def submit(self) -> None:
        changes = self.changes()
        if not changes:
            self.message.setText(self.tr("Nothing has changed."))
            return
        self.show_field_errors({})
        self.message.setText(self.tr("Saving…"))
        self.save_button.setEnabled(False)
        customer_id = self.card.summary.customer_id
        self.services.tasks.submit(
            lambda svc: edit_customer(context_of(svc), customer_id, changes).value,
            on_done=self._saved, on_error=self._failed)

    def show_field_errors(self, by_field: dict[str, list[str]]) -> None:
        for field, label in self.field_errors.items():
            texts = [t for f, msgs in by_field.items() if f.split("[")[0].split(".")[0] == field
                     for t in msgs]
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))

    def _saved(self, card: CustomerCard) -> None:
        self.save_button.setEnabled(True)
        self.card = card
        self._original = None
        self.message.setText(self.tr("Saved."))
        self.saved.emit(card)
        self.services.hub.customers(card.summary.customer_id)
        self._original = self.values()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ServiceError):
            self.show_field_errors(problem_texts(exc))
            self.message.setText(self.tr("Please check the entries marked in red."))
        else:
            self.message.setText(fmt.arg(self.tr("Not saved: %1"), exc))

    def load_history(self) -> None:
        customer_id = self.card.summary.customer_id
        self.services.tasks.submit(lambda svc: customer_history(context_of(svc), customer_id),
                                    on_done=self._show_history)

    def _show_history(self, rows) -> None:
        self.history.clear()
        names = field_names()
        for h in rows:
            self.history.addTopLevelItem(QTreeWidgetItem([
                fmt.when(h.changed_at), h.operator or "—", names.get(h.field, h.field),
                h.old_value or "", h.new_value or ""]))
        for col, width in enumerate((140, 80, 110, 180)):
            self.history.setColumnWidth(col, width)

    def reject(self) -> None:
        if self._original is not None and self.changes() and not ask_discard(
                self, self.tr("Edit customer"), self.tr("Discard the changes?")):
            return
        super().reject()

    def closeEvent(self, event) -> None:
        self.reject()
        if self.isVisible():
            event.ignore()
            return
        event.accept()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.candidates and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.candidates.setVisible(False)
            self.edits["postal"].setFocus()
            return True
        return super().eventFilter(watched, event)


def field_names() -> dict[str, str]:
    """Record fields as the 変更履歴 names them."""
    from PySide6.QtCore import QCoreApplication

    return {
        "name": QCoreApplication.translate("CustomerEditDialog", "Name"),
        "kana": QCoreApplication.translate("CustomerEditDialog", "Reading"),
        "company": QCoreApplication.translate("CustomerEditDialog", "Company"),
        "department": QCoreApplication.translate("CustomerEditDialog", "Department"),
        "postal_code": QCoreApplication.translate("CustomerEditDialog", "Postal code"),
        "prefecture": QCoreApplication.translate("CustomerEditDialog", "Prefecture"),
        "city": QCoreApplication.translate("CustomerEditDialog", "City"),
        "address1": QCoreApplication.translate("CustomerEditDialog", "Town and number"),
        "address2": QCoreApplication.translate("CustomerEditDialog", "Building"),
        "email": QCoreApplication.translate("CustomerEditDialog", "E-mail"),
        "birthday": QCoreApplication.translate("CustomerEditDialog", "Birthday"),
        "dm_allowed": QCoreApplication.translate("CustomerEditDialog", "DM allowed"),
        "caution_note": QCoreApplication.translate("CustomerEditDialog", "Caution"),
        "caution_flags": QCoreApplication.translate("CustomerEditDialog", "Caution flags"),
        "phones": QCoreApplication.translate("CustomerEditDialog", "Phone"),
    }


def open_customer_edit(parent: QWidget | None, services, card: CustomerCard | None):
    if card is None:
        return None
    dialog = CustomerEditDialog(services, card, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
