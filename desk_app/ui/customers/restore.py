"""Bringing back what was typed before a crash: note drafts and half-filled registrations.

At start every draft on disk is reopened where the clerk can see it: a card note in that
customer's card, a pop-up note in a small window of its own (the pop-up is gone with the
call), a registration in its form. Nothing is saved to the store without the clerk.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.store.drafts import NOTE, REGISTER, Draft
from desk_app.ui.customers.notes import NoteEditor
from desk_app.ui.kit.keys import ask_discard


class RestoredNoteWindow(QWidget):
    """A note draft whose pop-up is gone, with its customer (or a way to attach one)."""

    def __init__(self, services, draft: Draft, current_customer=None) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowTitle(self.tr("Restored note"))
        self.services = services
        self.current_customer = current_customer  # () -> (id, name) | None
        who = draft.customer_name or self.tr("customer not chosen yet")
        self.label = QLabel(self.tr("A note that was not saved: %1").replace("%1", who))
        self.label.setWordWrap(True)
        self.editor = NoteEditor(services, draft.key)
        self.editor.restore(draft)
        self.editor.saved.connect(lambda _n: self.close())
        self.attach = QPushButton(self.tr("Attach to the customer on the card"))
        self.attach.clicked.connect(self._attach)
        self.attach.setVisible(draft.customer_id is None)
        # 保存 and 破棄: the clerk decides; closing the window keeps the draft for later
        self.editor.save_button.hide()
        self.save_button = QPushButton(self.tr("Save"), objectName="saveRestored")
        self.save_button.setToolTip("Ctrl+Enter")
        self.save_button.clicked.connect(self.editor.save)
        self.discard_button = QPushButton(self.tr("Discard"), objectName="discardRestored")
        self.discard_button.clicked.connect(self.discard)
        self.editor.save_button.installEventFilter(self)
        self.save_button.setEnabled(self.editor.save_button.isEnabled())  # as restored
        row = QHBoxLayout()
        row.addWidget(self.attach)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        layout.addLayout(row)
        self.resize(520, 300)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.editor.save_button and event.type() == QEvent.Type.EnabledChange:
            self.save_button.setEnabled(self.editor.save_button.isEnabled())
        return super().eventFilter(watched, event)

    def discard(self) -> None:
        """破棄: asks first (default いいえ), then the note is gone for good."""
        if not ask_discard(self, self.tr("Restored note"),
                           self.tr("Discard this note? It cannot be brought back.")):
            return
        self.editor.discard()
        self.close()

    def _attach(self) -> None:
        found = self.current_customer() if self.current_customer else None
        if found is None:
            self.label.setText(self.tr("Open the customer's card first, then attach."))
            return
        customer_id, name = found
        self.editor.set_context(customer_id, name, self.editor.call_id)
        self.label.setText(self.tr("A note that was not saved: %1").replace("%1", name))
        self.attach.setVisible(False)


def restore_drafts(window, services) -> list[QWidget]:
    """Reopen every draft; returns the windows opened (tests look at them)."""
    from desk_app.ui.customers.registration import RegisterDialog

    opened: list[QWidget] = []
    drafts = services.drafts.load_all()  # oldest first
    on_card = next((d for d in reversed(drafts) if d.kind == NOTE and d.customer_id
                    and d.key.startswith("note-customer-")), None)
    for draft in drafts:
        if draft is on_card:
            window.open_customer(draft.customer_id)  # the card picks its draft up itself
        elif draft.kind == NOTE:
            w = RestoredNoteWindow(services, draft, window.current_customer)
            w.show()
            opened.append(w)
        elif draft.kind == REGISTER:
            w = RegisterDialog(services, call_id=draft.call_id, draft=draft)
            w.show()
            opened.append(w)
    return opened
