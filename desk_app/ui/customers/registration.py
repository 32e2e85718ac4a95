"""新規顧客登録: the form an unknown caller gets, with the number already filled in.

Built for typing while listening: 郵便番号 fills 都道府県・市区町村・町域 (a code shared by
two places lists both to choose from), フリガナ accepts hiragana and becomes katakana,
生年月日 takes 西暦 or 和暦 and shows both calendars back so the clerk can read it to the
customer. Saving runs the 重複チェック (same name and reading, or a number already on file)
first. Every field is kept as a draft, so a crash mid-call loses nothing.
"""

from __future__ import annotations

from uuid import uuid4

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.kana import to_katakana_reading
from desk_app.domain.money import PREFECTURES
from desk_app.domain.customer_rules import default_phone_kind
from desk_app.domain.text import LIMITS
from desk_app.services import calldesk, calls
from desk_app.services.base import ServiceError
from desk_app.services.customers import check_registration
from desk_app.store.drafts import REGISTER, Draft
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.duplicates import DuplicateDialog
from desk_app.ui.kit.field_errors import error_label
from desk_app.ui.kit.jobs import problem_texts
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.postal_fill import PostalFillMixin
from desk_app.ui.kit.screens import fit_to_screen

# form field → length limit (domain.text.LIMITS)
_LIMIT_OF = {"phone": "phone", "phone2": "phone", "postal": "postal_code"}

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

        # Each field's message shows right under it, keyed by the rules' field names.
        self.field_errors: dict[str, QLabel] = {}
        form = QFormLayout()
        rows = ((self.tr("Name"), e["name"], "name"), (self.tr("Reading"), e["kana"], "kana"),
                (self.tr("Phone"), _row(self.kind, e["phone"]), "phones[0]"),
                (self.tr("Phone 2"), _row(self.kind2, e["phone2"]), "phones[1]"),
                (self.tr("Postal code"), _row(e["postal"], self.postal_button), "postal_code"))
        for caption, widget, field in rows:
            form.addRow(caption, self._with_error(widget, field))
        form.addRow("", self.postal_status)
        form.addRow("", self.candidates)
        for caption, widget, field in (
                (self.tr("Prefecture"), self.prefecture, "prefecture"),
                (self.tr("City"), e["city"], "city"),
                (self.tr("Town and number"), e["address1"], "address1"),
                (self.tr("Building"), e["address2"], "address2"),
                (self.tr("Birthday"), e["birthday"], "birthday")):
            form.addRow(caption, self._with_error(widget, field))
        form.addRow("", self.birthday_status)
        form.addRow(self.tr("E-mail"), self._with_error(e["email"], "email"))
        form.addRow("", self.dm)
        for name, edit in e.items():
            edit.setMaxLength(LIMITS[_LIMIT_OF.get(name, name)])
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Check duplicates and register"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(holder)  # a small screen scrolls the form, the buttons stay
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.candidates.installEventFilter(self)
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
        self._kind_chosen = {self.kind: False, self.kind2: False}
        for combo, edit in ((self.kind, e["phone"]), (self.kind2, e["phone2"])):
            combo.activated.connect(lambda _i, c=combo: self._kind_chosen.__setitem__(c, True))
            edit.textEdited.connect(lambda text, c=combo: self._kind_follows(c, text))
        self._number_shown = ""
        if number:
            self._number_shown = fmt.display_number(number)
            e["phone"].setText(self._number_shown)
            self.kind.setCurrentIndex(max(0, self.kind.findData(default_phone_kind(number))))
        if draft:
            self.restore(draft)
        fit_to_screen(self, 600, self.sizeHint().height() + 40)

    # -- helpers ---------------------------------------------------------------------
    def _fold_kana(self) -> None:
        edit = self.edits["kana"]
        folded = to_katakana_reading(edit.text())
        if folded != edit.text():
            edit.setText(folded)

    def _kind_follows(self, combo: QComboBox, text: str) -> None:
        """A 090/080/070 number is a 携帯 unless the clerk chose the kind."""
        if not self._kind_chosen.get(combo) and len("".join(c for c in text if c.isdigit())) >= 3:
            combo.setCurrentIndex(max(0, combo.findData(default_phone_kind(text))))

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
    def rule_values(self) -> dict:
        """The form as the customer rules read it (domain.customer_rules.check)."""
        e = {k: v.text() for k, v in self.edits.items()}
        return {"name": e["name"], "kana": e["kana"],
                "phones": [{"kind": self.kind.currentData(), "number": e["phone"]},
                           {"kind": self.kind2.currentData(), "number": e["phone2"]}],
                "postal_code": e["postal"], "prefecture": self.prefecture.currentData() or "",
                "city": e["city"], "address1": e["address1"], "address2": e["address2"],
                "email": e["email"], "birthday": e["birthday"],
                "dm_allowed": self.dm.isChecked()}

    def submit(self, force: bool = False) -> None:
        """Only the button and Ctrl+S come here: Enter in a field never registers."""
        self.show_field_errors({})
        self.message.setText(self.tr("Checking…"))
        self.save_button.setEnabled(False)
        call_id, values = self.call_id, self.rule_values()

        def job(ctx):
            data = check_registration(ctx, values)  # a ServiceError per field
            return calldesk.register_customer(ctx, data, call_id=call_id, force=force).value

        self.services.worker.submit(job, on_done=self._result, on_error=self._failed)

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        label = error_label(f"error:{field}")
        lay.addWidget(label)
        self.field_errors[field.split(".")[0]] = label
        return box

    def show_field_errors(self, by_field: dict[str, list[str]]) -> None:
        for field, label in self.field_errors.items():
            texts = [t for f, msgs in by_field.items() if f.split(".")[0] == field for t in msgs]
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))
        if "postal_code" in by_field:
            self.postal_status.setText("")

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ServiceError):
            by_field = problem_texts(exc)
            self.show_field_errors(by_field)
            first = next(iter(by_field.values()), [""])[0]
            self.message.setText(first if len(by_field) == 1 else
                                 self.tr("Please check the entries marked in red."))
            return
        self.message.setText(self.tr("Not registered: %1").replace(
            "%1", domain_text.error_text(exc)))

    def _result(self, result) -> None:
        self.save_button.setEnabled(True)
        self.message.setText("")
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

    def typed(self) -> bool:
        """Anything the clerk typed (the number the call brought does not count)."""
        return any(edit.text().strip() for key, edit in self.edits.items()
                   if key != "phone" or edit.text().strip() != self._number_shown)

    def reject(self) -> None:
        """Esc and 閉じる: ask before throwing typed fields away (default いいえ)."""
        if not self._done and self.typed() and not ask_discard(
                self, self.tr("Register new customer"),
                self.tr("Discard what was typed for this customer?")):
            return
        self._done = True
        self._draft_timer.stop()
        self.services.drafts.delete(self.draft_key)
        super().reject()

    def eventFilter(self, watched, event) -> bool:
        # Esc in the list of places for a shared postal code closes the list, not the form
        if (watched is self.candidates and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.candidates.setVisible(False)
            self.edits["postal"].setFocus()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:
        """The title bar's × or the desk quitting: nothing is asked and nothing is lost —
        the draft stays on disk and the form comes back at the next start."""
        if not self._done:
            self.save_draft()
            self._done = True
        self._draft_timer.stop()
        event.accept()
        QWidget.closeEvent(self, event)  # not QDialog's, which would reject() and ask


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
