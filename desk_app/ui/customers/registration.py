"""新規顧客登録: the form an unknown caller gets, with the number already filled in.

Built for typing while listening, on the same fields as 顧客情報の修正
(:class:`~desk_app.ui.customers.fields.CustomerFields`): 郵便番号 fills 都道府県・市区町村・町域
(a code shared by two places lists both to choose from), フリガナ accepts hiragana and becomes
katakana, 生年月日 takes 西暦 or 和暦 and shows both calendars back so the clerk can read it to
the customer. Saving runs the 重複チェック (same name and reading, or a number already on file)
first. Every field is kept as a draft, so a crash mid-call loses nothing.
"""

from __future__ import annotations

from uuid import uuid4

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.customer_rules import default_phone_kind
from desk_app.services import calldesk, calls
from desk_app.services.base import ServiceError
from desk_app.services.customers import check_registration
from desk_app.store.drafts import REGISTER, Draft
from desk_app.ui.customers.fields import CustomerFields
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.duplicates import DuplicateDialog
from desk_app.ui.kit.jobs import problem_texts
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.screens import fit_to_screen


class RegisterDialog(QDialog):
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

        # the same fields as 顧客情報の修正; a new caller starts with 自宅 and 携帯 rows
        self.fields = CustomerFields(services, fixed_phones=("home", "mobile"))
        f = self.fields
        self.edits = {**f.edits, "phone": f.phone_rows[0].number,
                      "phone2": f.phone_rows[1].number}
        self.prefecture, self.candidates = f.prefecture, f.candidates
        self.postal_status, self.birthday_status = f.postal_status, f.birthday_status
        self.dm, self.flags, self.field_errors = f.dm, f.flags, f.field_errors
        self.phone_rows = f.phone_rows
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a33;")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Check duplicates and register"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(f)  # a small screen scrolls the form, the buttons stay
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter in a field must not register half a form
            button.setDefault(False)

        self._draft_timer = QTimer(self, singleShot=True, interval=300)
        self._draft_timer.timeout.connect(self.save_draft)
        f.changed.connect(self._draft_timer.start)
        self._number_shown = ""
        if number:
            self._number_shown = fmt.display_number(number)
            f.phone_rows[0].number.setText(self._number_shown)
            f.phone_rows[0].set_kind(default_phone_kind(number), chosen=False)
        if draft:
            self.restore(draft)
        # the keyboard starts in 氏名: without it the window had the keys but no field, and
        # the name the clerk typed at once (F4 in a pop-up) went nowhere
        f.edits["name"].setFocus()
        # as tall as the form wants (the screen permitting): the scroll area's own hint is
        # small, and the form opened a third of a 1280×800 screen high
        fit_to_screen(self, 600, f.sizeHint().height() + self.buttons.sizeHint().height()
                      + self.message.sizeHint().height() + 60)

    @property
    def kind(self):
        return self.fields.phone_rows[0].kind

    @property
    def kind2(self):
        return self.fields.phone_rows[1].kind

    def find_address(self) -> None:
        self.fields.find_address()

    # -- drafts ----------------------------------------------------------------------
    def values(self) -> dict:
        """Every field, for the draft (what the clerk typed, as typed)."""
        f = self.fields
        fields = {k: e.text() for k, e in f.edits.items()}
        fields.update(phones=[r.value() for r in f.phone_rows],
                      prefecture=f.prefecture.currentData() or "", dm=f.dm.isChecked(),
                      caution_flags=[k for k, box in f.flags.items() if box.isChecked()])
        return fields

    def save_draft(self) -> None:
        if not self._done:
            self.services.drafts.save(Draft(self.draft_key, REGISTER, self.values(),
                                            call_id=self.call_id,
                                            operator_id=self.services.operator_id))

    def restore(self, draft: Draft) -> None:
        f, d = self.fields, draft.fields
        f.set_texts({k: str(d.get(k, "")) for k in f.edits})
        phones = d.get("phones")
        if phones is None:  # a draft written before the shared form: two fixed rows
            phones = [{"kind": d.get("phone_kind", "home"), "number": d.get("phone", "")},
                      {"kind": d.get("phone2_kind", "mobile"), "number": d.get("phone2", "")}]
        for i, phone in enumerate(phones):
            row = f.phone_rows[i] if i < len(f.phone_rows) else f.add_phone_row("home", "")
            if row is None:
                break
            row.number.setText(str(phone.get("number", "")))
            row.set_kind(str(phone.get("kind") or "home"), chosen=bool(phone.get("number")))
        f.prefecture.setCurrentIndex(max(0, f.prefecture.findData(d.get("prefecture", ""))))
        f.dm.setChecked(bool(d.get("dm", True)))
        for flag, box in f.flags.items():
            box.setChecked(flag in (d.get("caution_flags") or ()))

    # -- saving ----------------------------------------------------------------------
    def rule_values(self) -> dict:
        """The form as the customer rules read it (domain.customer_rules.check)."""
        return self.fields.values()

    def submit(self, force: bool = False) -> None:
        """Only the button and Ctrl+S come here: Enter in a field never registers."""
        self.show_field_errors({})
        self.message.setText(self.tr("Checking…"))
        self.save_button.setEnabled(False)
        call_id, values = self.call_id, self.rule_values()

        def job(ctx):
            data = check_registration(ctx, values)  # a ServiceError per field
            return calldesk.register_customer(ctx, data, call_id=call_id, force=force).value

        self.services.tasks.submit(job, on_done=self._result, on_error=self._failed)

    def show_field_errors(self, by_field: dict[str, list[str]]) -> None:
        self.fields.show_field_errors(by_field)

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
        self.services.tasks.submit(lambda ctx: calls.choose_customer(ctx, call_id,
                                                                      customer_id).value,
                                    on_done=self._finish)

    def _finish(self, card) -> None:
        self._done = True
        self._draft_timer.stop()
        self.services.drafts.delete(self.draft_key)
        self.registered.emit(card)
        self.services.hub.customers(card.summary.customer_id)
        self.accept()

    def typed(self) -> bool:
        """Anything the clerk typed (the number the call brought does not count)."""
        return self.fields.typed(ignore_phone=self._number_shown)

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

    def closeEvent(self, event) -> None:
        """The title bar's × or the desk quitting: nothing is asked and nothing is lost —
        the draft stays on disk and the form comes back at the next start."""
        if not self._done:
            self.save_draft()
            self._done = True
        self._draft_timer.stop()
        event.accept()
        QWidget.closeEvent(self, event)  # not QDialog's, which would reject() and ask
