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

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.customer import CustomerCard
from desk_app.domain.customer_rules import phones_from_text
from desk_app.services.base import ServiceError
from desk_app.services.customers import customer_history, edit_customer
from desk_app.ui.customers.fields import CustomerFields
from desk_app.ui.kit import fmt
from desk_app.ui.kit.jobs import context_of, problem_texts
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.screens import fit_to_screen, present


class CustomerEditDialog(QDialog):
    saved = Signal(object)  # the new CustomerCard

    def __init__(self, services, card: CustomerCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.card = card
        s = card.summary
        who = fmt.person(s.name, s.kana)
        self.setWindowTitle(fmt.arg(self.tr("Edit customer — %1 No.%2"), who, s.code))
        self.heading = QLabel(fmt.arg(self.tr("%1  No.%2"), who, s.code))
        self.heading.setProperty("role", "title")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)

        # the same fields as 新規顧客登録
        self.fields = CustomerFields(services)
        f = self.fields
        self.edits, self.prefecture, self.candidates = f.edits, f.prefecture, f.candidates
        self.postal_status, self.birthday_status = f.postal_status, f.birthday_status
        self.dm, self.flags, self.field_errors = f.dm, f.flags, f.field_errors
        self.phone_rows, self.add_phone = f.phone_rows, f.add_phone
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #c62828;")

        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(f)
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

        f.fill(card)
        self._original = self.values()
        if card.address_missing:  # 住所を伺ってください: the clerk starts at 郵便番号
            self.edits["postal"].setFocus()
        else:  # else in the first field (the tab bar had the keys: what was typed was lost)
            self.edits["name"].setFocus()
        fit_to_screen(self, 720, 760)
        self.load_history()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        focus = self.focusWidget()
        if visible and focus is self.edits["name"]:
            # QDialog gives its focus widget a Tab focus-in on show, which selects the whole
            # name: typing would replace it. The cursor waits at the end instead.
            focus.deselect()
            focus.end(False)

    # -- the form ---------------------------------------------------------------------
    def _add_phone_row(self, kind: str, number: str, focus: bool = False) -> None:
        self.fields.add_phone_row(kind, number, focus)

    def find_address(self) -> None:
        self.fields.find_address()

    def fill(self, card: CustomerCard) -> None:
        self.fields.fill(card)

    def values(self) -> dict:
        """The form as the rules read it (names as ``customer show`` prints them)."""
        return self.fields.values()

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
        self.fields.show_field_errors(by_field)

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
            who = h.operator or "—"
            if h.import_id is not None and h.undo:  # taken back by the import's undo
                who = (fmt.arg(self.tr("Undo of import No. %1 (%2)"), h.import_id, h.operator)
                       if h.operator else fmt.arg(self.tr("Undo of import No. %1"), h.import_id))
            elif h.import_id is not None:  # filled by a customer import (run by the operator)
                who = (fmt.arg(self.tr("Import No. %1 (%2)"), h.import_id, h.operator)
                       if h.operator else fmt.arg(self.tr("Import No. %1"), h.import_id))
            self.history.addTopLevelItem(QTreeWidgetItem([
                fmt.when(h.changed_at), who, names.get(h.field, h.field),
                _shown(h.field, h.old_value), _shown(h.field, h.new_value)]))
        for col in range(3):  # 日時, 担当者, 項目 whole; the values share the rest
            self.history.resizeColumnToContents(col)
        self.history.setColumnWidth(3, 200)

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
    return present(CustomerEditDialog(services, card, parent))


def _shown(field: str, value: str | None) -> str:
    """A stored value as the clerk reads it: dates as 1958/04/12, not ISO; phones as
    自宅 03-3333-4444, not home:0333334444; postal codes as 150-0001."""
    if not value:
        return ""
    if field == "birthday":
        try:
            return fmt.day(date.fromisoformat(value))
        except ValueError:
            return value
    if field == "phones":
        kinds = fmt.phone_kinds()
        return "、".join(" ".join(p for p in (kinds.get(phone.kind, phone.kind),
                                             fmt.display_number(phone.national)) if p)
                        for phone in phones_from_text(value))
    if field == "postal_code" and len(value) == 7 and value.isdigit():
        return f"{value[:3]}-{value[3:]}"
    return value
