"""The note editor (応対メモ) used on the pop-up, the customer card and restored drafts.

What the clerk types is written to a draft file 300 ms after the last keystroke, so a crash
or a kill loses at most that much; the draft is removed only after the note is in the store.
The operator is never typed: the worker's service records the desk's chosen operator.
A note can be typed before the caller is known (an unknown number being registered); saving
waits until a customer is attached.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import messages
from desk_app.domain import text as text_rules
from desk_app.domain.customer import NOTE_CATEGORIES
from desk_app.services import notes
from desk_app.services.base import Changes
from desk_app.services.customers import add_number_note
from desk_app.store.drafts import NOTE, Draft
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.chips import ElidedLabel

DRAFT_DELAY_MS = 300


class NoteEditor(QWidget):
    saved = Signal(object)  # NoteView

    def __init__(self, services, draft_key: str, parent: QWidget | None = None, *,
                 rows: int = 4, fixed: bool = False) -> None:
        super().__init__(parent)
        self.services = services
        self.draft_key = draft_key
        self.customer_id: int | None = None
        self.customer_name = ""
        self.call_id: int | None = None
        self.number: str | None = None  # an unknown caller's number: the note waits on it
        self._saving = False
        self._length_warning = ""  # the too-long message while it is shown

        self.category = QComboBox()
        for key, label in fmt.category_labels().items():
            self.category.addItem(label, key)
        self.category.setCurrentIndex(NOTE_CATEGORIES.index("other"))
        self.category.setAccessibleName(self.tr("Category"))
        self.follow_up = QCheckBox(self.tr("Needs follow-up"))
        # 推奨度: "how likely are you to recommend us", asked on follow-up calls (NPS)
        self.nps = QComboBox()
        self.nps.setObjectName("nps")
        self.nps.addItem(self.tr("—", "recommend score not asked"), None)
        for n in range(11):
            self.nps.addItem(str(n), n)
        self.nps.setAccessibleName(self.tr("Recommend score (0–10)"))
        self.nps.setToolTip(self.tr("How likely are you to recommend us? (0–10)"))
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(self.tr("What the customer said (Ctrl+Enter saves)"))
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(self.fontMetrics().lineSpacing() * rows + 12)
        if fixed:  # the pop-up stays compact; the card's editor may grow
            self.body.setMaximumHeight(self.fontMetrics().lineSpacing() * rows + 12)
        self.save_button = QPushButton(self.tr("Save note"))
        self.save_button.setToolTip("Ctrl+Enter")
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        # a long reason wraps in the width there is: it never widens the pop-up or window
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # who the note is for, so the clerk confirms before writing (name, フリガナ, code)
        # (elided: in a 380 px pop-up it was cut mid-word with no sign that more followed)
        self.heading = ElidedLabel()
        self.heading.setObjectName("noteFor")
        self.heading.setProperty("role", "section")
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Category")))
        top.addWidget(self.category)
        top.addWidget(self.follow_up)
        top.addWidget(QLabel(self.tr("Recommend")))
        top.addWidget(self.nps)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addLayout(bottom)

        self._timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.save_draft)
        self.body.textChanged.connect(self._changed)
        self.category.currentIndexChanged.connect(self._changed)
        self.follow_up.toggled.connect(self._changed)
        self.nps.currentIndexChanged.connect(self._changed)
        self.save_button.clicked.connect(self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.body, activated=self.save)
        self._update_enabled()

    # -- context ---------------------------------------------------------------------
    def set_context(self, customer_id: int | None, customer_name: str = "",
                    call_id: int | None = None, *, kana: str = "", code: str = "") -> None:
        self.customer_id, self.customer_name = customer_id, customer_name
        if call_id is not None:
            self.call_id = call_id
        who = fmt.arg(self.tr("%1", "customer name with honorific"), customer_name)
        self.heading.setText(note_heading(self.tr("Note for %1"), who, kana, code)
                             if customer_name else "")
        self.heading.setVisible(bool(customer_name))
        self._update_enabled()
        if self.has_text():
            self.save_draft()

    def set_number(self, number: str | None) -> None:
        """An unknown caller: the note is saved against the number (資料請求, a wrong
        number) and given to the customer when the caller is registered."""
        self.number = number
        self._update_enabled()

    def too_long(self) -> str:
        """The limit's message while the note is longer than a note may be, else ""."""
        issue = text_rules.check_length(
            "note", text_rules.clean(self.body.toPlainText(), multiline=True))
        if issue is None:
            return ""
        return messages.text(issue.code, {k: f"{v:,}" for k, v in issue.params.items()},
                             domain_text.lang())

    def _update_enabled(self) -> None:
        too_long = self.too_long()
        self.save_button.setEnabled(self.can_save() and not self._saving and not too_long)
        shown, self._length_warning = self._length_warning, too_long
        if too_long:  # said while the clerk types, not only when 保存 fails
            self.status.setText(too_long)
            return
        if shown and self.status.text() == shown:
            self.status.setText("")  # shortened enough: the warning goes
        if self.customer_id is None and self.number:
            self.status.setText(self.tr("Saved against the number until the caller is "
                                        "registered."))
        elif self.customer_id is None:
            self.status.setText(self.tr("Register or choose the customer to save the note."))
        elif not self._saving and not self.has_text():
            self.status.setText(self.tr("The operator is recorded automatically."))

    def discard(self) -> None:
        """「変更を破棄」: the text and its draft are gone for good."""
        self._timer.stop()
        self.services.drafts.delete(self.draft_key)
        self.body.blockSignals(True)
        self.body.clear()
        self.body.blockSignals(False)
        self.follow_up.setChecked(False)
        self._update_enabled()

    def can_save(self) -> bool:
        """A customer is attached, or the call's number keeps the note until registration."""
        return self.customer_id is not None or bool(self.number)

    def has_text(self) -> bool:
        return bool(self.body.toPlainText().strip())

    def focus_editor(self) -> None:
        self.body.setFocus()

    # -- drafts ----------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        self._timer.start()
        if self.too_long() or not self.save_button.isEnabled():
            self._update_enabled()

    def draft(self) -> Draft:
        return Draft(key=self.draft_key, kind=NOTE, fields={
            "body": self.body.toPlainText(),
            "category": self.category.currentData(),
            "needs_follow_up": self.follow_up.isChecked(),
            "nps": self.nps.currentData()},
            customer_id=self.customer_id, customer_name=self.customer_name,
            call_id=self.call_id, operator_id=self.services.operator_id)

    def save_draft(self) -> None:
        self._timer.stop()
        try:
            self.services.drafts.save(self.draft())
        except OSError as exc:
            # the reason, not the draft file's name (staff never see paths)
            self.status.setText(self.tr("Could not save the draft: %1").replace(
                "%1", exc.strerror or type(exc).__name__))
            return
        if self.has_text() and not self.too_long():
            self.status.setText(self.tr("Draft kept %1").replace("%1", fmt.now_hms()))

    def restore(self, draft: Draft) -> None:
        self.draft_key = draft.key
        fields = draft.fields
        index = self.category.findData(fields.get("category", "other"))
        self.category.setCurrentIndex(max(index, 0))
        self.follow_up.setChecked(bool(fields.get("needs_follow_up")))
        self.nps.setCurrentIndex(max(self.nps.findData(fields.get("nps")), 0))
        self.body.setPlainText(fields.get("body", ""))
        self.call_id = draft.call_id
        self.set_context(draft.customer_id, draft.customer_name, draft.call_id)
        self._timer.stop()

    # -- saving ----------------------------------------------------------------------
    def save(self) -> None:
        if self._saving:
            return
        body = self.body.toPlainText().strip()
        if not body:
            self.status.setText(self.tr("The note is empty."))
            return
        if self.too_long():
            self.save_draft()  # kept as typed; the status says how much is too much
            self._update_enabled()
            return
        if not self.can_save():
            self.save_draft()
            return
        self.save_draft()  # on disk until the store has it
        self._saving = True
        self._update_enabled()
        customer_id, call_id, number = self.customer_id, self.call_id, self.number
        category, follow = self.category.currentData(), self.follow_up.isChecked()
        nps = self.nps.currentData()
        if customer_id is None:  # an unknown caller: kept against the number
            def job(ctx):
                return add_number_note(ctx, number, body, category, call_id=call_id).value
        else:
            def job(ctx):
                return notes.add_note(ctx, customer_id, body, category, needs_follow_up=follow,
                                      call_id=call_id, nps=nps).value
        self.services.tasks.submit(job, on_done=self._saved, on_error=self._failed)

    def _saved(self, note) -> None:
        self._saving = False
        self.services.drafts.delete(self.draft_key)
        self.body.blockSignals(True)
        self.body.clear()
        self.body.blockSignals(False)
        self.follow_up.setChecked(False)
        self.nps.setCurrentIndex(0)
        self._timer.stop()
        self._update_enabled()
        self.status.setText(self.tr("Saved."))
        self.saved.emit(note)
        self.services.hub.publish(Changes.of(customers=[self.customer_id],
                                             notes=[getattr(note, "id", None)]))

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self._update_enabled()
        self.status.setText(self.tr("Not saved (the draft is kept): %1").replace(
            "%1", domain_text.error_text(exc)))


def note_heading(template: str, who: str, kana: str = "", code: str = "") -> str:
    """「山田 花子 様（ヤマダ ハナコ） No.0000123」 in the editor's template."""
    if kana:
        who += f"（{kana}）"
    if code:
        who += f"  No.{code}"
    return fmt.arg(template, who)
