"""新規顧客登録: the form an unknown caller gets, with the number already filled in.

Built for typing while listening: 郵便番号 fills 都道府県・市区町村・町域 (a code shared by
two places lists both to choose from), フリガナ accepts hiragana and becomes katakana,
生年月日 takes 西暦 or 和暦 and shows both calendars back so the clerk can read it to the
customer. Saving runs the 重複チェック (same name and reading, or a number already on file)
first. Every field is kept as a draft, so a crash mid-call loses nothing.
"""

from __future__ import annotations

from uuid import uuid4

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.kana import to_katakana_reading
from desk_app.domain.money import PREFECTURES
from desk_app.domain.phone import PhoneNumberError, normalize
from desk_app.domain.postal import clean_code
from desk_app.services import calldesk, calls
from desk_app.services.calldesk import NewCustomer
from desk_app.store.drafts import REGISTER, Draft
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.duplicates import DuplicateDialog
from desk_app.ui.kit.postal_fill import PostalFillMixin

TEXT_FIELDS = ("name", "kana", "phone", "phone2", "postal", "city", "address1", "address2",
               "birthday", "email")


class RegisterDialog(PostalFillMixin, QDialog):
    registered = Signal(object)  # CustomerCard of the new (or chosen existing) customer

    def __init__(self, services, *, number: str | None = None, call_id: int | None = None,
                 parent: QWidget | None = None, draft: Draft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register new customer"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.call_id = call_id
        self.draft_key = draft.key if draft else (
            f"register-call-{call_id}" if call_id else f"register-{uuid4().hex[:12]}")
        self._done = False

        self.edits = {name: QLineEdit() for name in TEXT_FIELDS}
        e = self.edits
        e["kana"].setPlaceholderText(self.tr("Katakana (hiragana is converted)"))
        e["postal"].setPlaceholderText("123-4567")
        e["postal"].setMaxLength(10)
        e["birthday"].setPlaceholderText(self.tr("1970/3/1 or S45.3.1 or 昭和45年3月1日"))
        self.kind = QComboBox()
        self.kind2 = QComboBox()
        for key, label in fmt.phone_kinds().items():
            self.kind.addItem(label, key)
            self.kind2.addItem(label, key)
        self.kind2.setCurrentIndex(1)
        self.prefecture = QComboBox()
        self.prefecture.addItem("", "")
        for p in PREFECTURES:
            self.prefecture.addItem(p, p)
        self.postal_button = QPushButton(self.tr("Find address"))
        self.candidates = QListWidget()
        self.candidates.setVisible(False)
        self.candidates.itemActivated.connect(self._candidate_chosen)
        self.postal_status = QLabel()
        self.birthday_status = QLabel()
        self.dm = QCheckBox(self.tr("DM allowed"))
        self.dm.setChecked(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a33;")

        form = QFormLayout()
        form.addRow(self.tr("Name"), e["name"])
        form.addRow(self.tr("Reading"), e["kana"])
        form.addRow(self.tr("Phone"), _row(self.kind, e["phone"]))
        form.addRow(self.tr("Phone 2"), _row(self.kind2, e["phone2"]))
        form.addRow(self.tr("Postal code"), _row(e["postal"], self.postal_button))
        form.addRow("", self.postal_status)
        form.addRow("", self.candidates)
        form.addRow(self.tr("Prefecture"), self.prefecture)
        form.addRow(self.tr("City"), e["city"])
        form.addRow(self.tr("Town and number"), e["address1"])
        form.addRow(self.tr("Building"), e["address2"])
        form.addRow(self.tr("Birthday"), e["birthday"])
        form.addRow("", self.birthday_status)
        form.addRow(self.tr("E-mail"), e["email"])
        form.addRow("", self.dm)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Check duplicates and register"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)
        for button in (*self.buttons.buttons(), self.postal_button):
            button.setAutoDefault(False)  # Enter in a field must not register half a form
            button.setDefault(False)

        self._draft_timer = QTimer(self, singleShot=True, interval=300)
        self._draft_timer.timeout.connect(self.save_draft)
        for edit in self.edits.values():
            edit.textChanged.connect(lambda _t: self._draft_timer.start())
        for combo in (self.kind, self.kind2, self.prefecture):
            combo.currentIndexChanged.connect(lambda _i: self._draft_timer.start())
        e["kana"].editingFinished.connect(self._fold_kana)
        e["postal"].textChanged.connect(self._postal_typed)
        e["postal"].returnPressed.connect(self.find_address)
        self.postal_button.clicked.connect(self.find_address)
        e["birthday"].textChanged.connect(self._birthday_typed)
        if number:
            e["phone"].setText(fmt.display_number(number))
            self.kind.setCurrentIndex(1 if number.startswith(("070", "080", "090")) else 0)
        if draft:
            self.restore(draft)
        self.resize(560, self.sizeHint().height())

    # -- helpers ---------------------------------------------------------------------
    def _fold_kana(self) -> None:
        edit = self.edits["kana"]
        folded = to_katakana_reading(edit.text())
        if folded != edit.text():
            edit.setText(folded)

    def _birthday_typed(self, text: str) -> None:
        if not text.strip():
            self.birthday_status.setText("")
            return
        try:
            value = wareki.parse_birthday(text, today=_today())
        except wareki.WarekiError as exc:
            self.birthday_status.setText(str(exc).split(" (")[0])
            self.birthday_status.setStyleSheet("color: #a33;")
        else:
            self.birthday_status.setText(wareki.describe(value))
            self.birthday_status.setStyleSheet("color: #1e5e2e;")

    # -- drafts ----------------------------------------------------------------------
    def values(self) -> dict:
        fields = {k: e.text() for k, e in self.edits.items()}
        fields.update(phone_kind=self.kind.currentData(), phone2_kind=self.kind2.currentData(),
                      prefecture=self.prefecture.currentData() or "", dm=self.dm.isChecked())
        return fields

    def save_draft(self) -> None:
        if not self._done:
            self.services.drafts.save(Draft(self.draft_key, REGISTER, self.values(),
                                            call_id=self.call_id,
                                            operator_id=self.services.operator_id))

    def restore(self, draft: Draft) -> None:
        f = draft.fields
        for key, edit in self.edits.items():
            edit.blockSignals(key == "postal")
            edit.setText(f.get(key, ""))
            edit.blockSignals(False)
        self.kind.setCurrentIndex(max(0, self.kind.findData(f.get("phone_kind", "home"))))
        self.kind2.setCurrentIndex(max(0, self.kind2.findData(f.get("phone2_kind", "mobile"))))
        self.prefecture.setCurrentIndex(max(0, self.prefecture.findData(f.get("prefecture", ""))))
        self.dm.setChecked(bool(f.get("dm", True)))

    # -- saving ----------------------------------------------------------------------
    def collect(self) -> NewCustomer:
        """The form as a NewCustomer; raises ValueError with a message for the clerk."""
        e = {k: v.strip() for k, v in ((k, e.text()) for k, e in self.edits.items())}
        if not e["name"]:
            raise ValueError(self.tr("Enter the name."))
        if not e["kana"]:
            raise ValueError(self.tr("Enter the reading (フリガナ)."))
        phones = []
        for key, kind in (("phone", self.kind), ("phone2", self.kind2)):
            if e[key]:
                try:
                    phones.append((kind.currentData(), normalize(e[key]).national))
                except PhoneNumberError as exc:
                    raise ValueError(str(exc).split(" (")[0]) from None
        birthday = None
        if e["birthday"]:
            try:
                birthday = wareki.parse_birthday(e["birthday"], today=_today())
            except wareki.WarekiError as exc:
                raise ValueError(str(exc).split(" (")[0]) from None
        postal = clean_code(e["postal"]) if e["postal"] else None
        if e["postal"] and postal is None:
            raise ValueError(self.tr("The postal code must have 7 digits."))
        return NewCustomer(name=e["name"], kana=e["kana"], phones=phones, postal_code=postal,
                           prefecture=self.prefecture.currentData() or None,
                           city=e["city"] or None, address1=e["address1"] or None,
                           address2=e["address2"] or None, email=e["email"] or None,
                           birthday=birthday, dm_allowed=self.dm.isChecked())

    def submit(self, force: bool = False) -> None:
        try:
            data = self.collect()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.save_button.setEnabled(False)
        call_id = self.call_id
        self.services.worker.submit(
            lambda ctx: calldesk.register_customer(ctx, data, call_id=call_id, force=force).value,
            on_done=self._result, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("Not registered: %1").replace(
            "%1", domain_text.error_text(exc)))

    def _result(self, result) -> None:
        self.save_button.setEnabled(True)
        if result.card is not None:
            self._finish(result.card)
            return
        dialog = DuplicateDialog(result.duplicates, self)
        dialog.use_existing.connect(self._use_existing)
        dialog.register_anyway.connect(lambda: self.submit(force=True))
        dialog.open()

    def _use_existing(self, customer_id: int) -> None:
        call_id = self.call_id
        self.services.worker.submit(lambda ctx: calls.choose_customer(ctx, call_id,
                                                                      customer_id).value,
                                    on_done=self._finish)

    def _finish(self, card) -> None:
        self._done = True
        self._draft_timer.stop()
        self.services.drafts.delete(self.draft_key)
        self.registered.emit(card)
        self.services.bridge.customer_changed.emit(card.summary.customer_id)
        self.accept()

    def reject(self) -> None:
        self._done = True
        self._draft_timer.stop()
        self.services.drafts.delete(self.draft_key)
        super().reject()

    def closeEvent(self, event) -> None:
        if not self._done:
            self.save_draft()
        super().closeEvent(event)


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return box


def _today():
    from desk_app.domain.clock import today_local

    return today_local()
