"""応対履歴 on the customer card: the notes, newest first, each opened whole on demand.

A row shows the first line of its note; Enter or a double click opens the whole note
read-only in :class:`NoteViewer` (it scrolls, whatever its length). Marking a follow-up
対応済み is an explicit action — the 「対応済みにする」 button or Ctrl+D on the selected row,
or the same button in the viewer — never a side effect of opening it. The service records
who marked it and when (``services.notes.set_note_done``), and the row then says so:
「対応済み 12/01 14:05 佐藤」. The same action on a handled note reopens it (未対応に戻す).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.customer import CustomerCard, NoteView
from desk_app.services import notes
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.screens import fit_to_screen, present

PREVIEW_CHARS = 80  # of the first line, in the row; the viewer shows everything
MARK_KEY = "Ctrl+D"


def _tr(key: str) -> str:
    """The follow-up words, one literal each so lupdate finds them."""
    if key == "open":
        return QCoreApplication.translate("NoteHistory", "Open", "follow-up state")
    if key == "done":
        return QCoreApplication.translate("NoteHistory", "Done", "follow-up state")
    if key == "mark":
        return QCoreApplication.translate("NoteHistory", "Mark as done")
    return QCoreApplication.translate("NoteHistory", "Mark as open again")


def follow_up_text(note: NoteView) -> str:
    """「未対応」, or 「対応済み 2026/12/01 14:05 佐藤」 (who and when), or "" (no follow-up)."""
    if not note.needs_follow_up:
        return ""
    if not note.done:
        return _tr("open")
    parts = [_tr("done")]
    if note.done_at is not None:
        parts.append(fmt.when(note.done_at))
    if note.done_by:
        parts.append(note.done_by)
    return " ".join(parts)


def first_line(body: str) -> str:
    line = (body or "").strip().splitlines()[0] if (body or "").strip() else ""
    more = len(line) > PREVIEW_CHARS or "\n" in (body or "").strip()
    return line[:PREVIEW_CHARS] + ("…" if more else "")


class NoteHistory(QWidget):
    """The card's 応対履歴 tab: the list, 「開く」 and 「対応済みにする」."""

    marked = Signal(object)  # the NoteView after 対応済み (or reopened)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.customer_id: int | None = None
        self.viewer: NoteViewer | None = None
        self.tree = QTreeWidget(objectName="noteHistory")
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("Category"), self.tr("Follow-up"),
                                   self.tr("Note"), self.tr("Operator")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 130), (1, 75), (2, 175), (4, 60)):
            self.tree.setColumnWidth(col, width)
        # Enter (activation) and a double click, whatever the style's activation rule
        self.tree.itemActivated.connect(lambda _item, _col: self.open_selected())
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.open_button = QPushButton(self.tr("Open note (Enter)"), objectName="openNote")
        self.mark_button = QPushButton(objectName="markDone")
        for button in (self.open_button, self.mark_button):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_selected)
        self.mark_button.clicked.connect(self.mark_selected)
        self.tree.installEventFilter(self)  # Ctrl+D on the list: the selected note
        self.status = QLabel(objectName="noteStatus")
        self.status.setProperty("role", "muted")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self._update_buttons()

    # -- showing -----------------------------------------------------------------------
    def set_card(self, card: CustomerCard) -> None:
        keep = self.selected()
        self.customer_id = card.summary.customer_id
        self.tree.clear()
        for n in card.notes:  # newest first, as the store returns them
            item = QTreeWidgetItem([fmt.when(n.created_at), fmt.category(n.category),
                                    follow_up_text(n), first_line(n.body),
                                    n.operator or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            item.setToolTip(3, self.tr("Enter opens the whole note"))
            if n.needs_follow_up and not n.done:
                item.setForeground(2, Qt.GlobalColor.darkRed)
            self.tree.addTopLevelItem(item)
            if keep is not None and keep.id == n.id:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def selected(self) -> NoteView | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        note = self.selected()
        self.open_button.setEnabled(note is not None)
        self.mark_button.setEnabled(note is not None and note.needs_follow_up)
        self.mark_button.setText(mark_text(note) + f" ({MARK_KEY})")

    # -- actions -----------------------------------------------------------------------
    def open_selected(self) -> NoteViewer | None:
        """The whole note, read-only (Enter or a double click on a row)."""
        note = self.selected()
        if note is None:
            return None
        if self.viewer is not None:
            if self.viewer.note.id == note.id:  # already open (a double click activates too)
                return present(self.viewer)
            self.viewer.close()
        self.viewer = NoteViewer(note, self.window())
        self.viewer.finished.connect(lambda _r, v=self.viewer: self._viewer_closed(v))
        self.viewer.mark_requested.connect(self.mark)
        self.marked.connect(self.viewer.show_note)
        return present(self.viewer)

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.tree and event.type() == QEvent.Type.KeyPress
                and QKeySequence(event.keyCombination()) == QKeySequence(MARK_KEY)):
            self.mark_selected()
            return True
        return super().eventFilter(watched, event)

    def _viewer_closed(self, viewer: NoteViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None

    def mark_selected(self) -> bool:
        note = self.selected()
        if note is None or not note.needs_follow_up:
            return False
        self.mark(note)
        return True

    def mark(self, note: NoteView) -> None:
        """対応済みにする (or 未対応に戻す): recorded with the desk's clerk and the time."""
        self.mark_button.setEnabled(False)
        note_id, done = note.id, not note.done
        self.services.tasks.submit(lambda ctx: notes.set_note_done(ctx, note_id, done),
                                   self._marked, self._failed)

    def _marked(self, view: NoteView) -> None:
        """The task API has published the job's changes: the card (and this list) reload."""
        self.status.setText(fmt.arg(self.tr("Marked done by %1 at %2."), view.done_by or "—",
                                    fmt.when(view.done_at)) if view.done
                            else self.tr("The follow-up is open again."))
        self.marked.emit(view)

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.status.setText(fmt.arg(self.tr("Not saved: %1"), domain_text.error_text(exc)))


def mark_text(note: NoteView | None) -> str:
    return _tr("reopen") if note is not None and note.done else _tr("mark")


class NoteViewer(QDialog):
    """One note, whole and read-only; 対応済みにする is a button here too (never Enter)."""

    mark_requested = Signal(object)  # NoteView

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Conversation note"))
        self.note = note
        self.heading = QLabel(objectName="noteHeading")
        self.heading.setProperty("role", "section")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.state = QLabel(objectName="noteState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QPlainTextEdit(objectName="noteBody")
        self.body.setReadOnly(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.mark_button = QPushButton(objectName="viewerMarkDone")
        self.close_button = QPushButton(self.tr("Close"), objectName="closeNote")
        for button in (self.mark_button, self.close_button):
            button.setAutoDefault(False)
        self.mark_button.clicked.connect(lambda: self.mark_requested.emit(self.note))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.show_note(note)
        fit_to_screen(self, 640, 480)
        self.body.setFocus()

    def show_note(self, note: NoteView) -> None:
        if note.id != self.note.id:
            return
        self.note = note
        self.heading.setText("  ".join(p for p in (fmt.when(note.created_at),
                                                   fmt.category(note.category),
                                                   note.operator or "") if p))
        if self.body.toPlainText() != note.body:
            self.body.setPlainText(note.body)
        self.state.setText(follow_up_text(note))
        self.mark_button.setVisible(note.needs_follow_up)
        self.mark_button.setEnabled(True)
        self.mark_button.setText(mark_text(note))
