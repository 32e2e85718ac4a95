"""The incoming-call pop-up (着信): on top, never stealing the keyboard.

It appears the moment the event arrives with what the event itself says (number, line,
time, or the withheld reason in words) and fills in when the worker's lookup returns: one
known customer, a chooser for a shared family number, a registration offer for an unknown
number. It is shown without activation, so a clerk typing elsewhere keeps typing; F8 (or a
click) brings the keyboard to it. Actions are requested through :attr:`action_requested`;
the pop-up manager carries them out.
"""

from __future__ import annotations

import time
from uuid import uuid4

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.call_event import CallEvent, CallState
from desk_app.domain.customer import CustomerCard
from desk_app.services import calls
from desk_app.services.calls import CallUpdate, PopupData
from desk_app.ui.customers.notes import NoteEditor
from desk_app.ui.desk.popup_parts import ChooserView, KnownView
from desk_app.ui.kit import fmt, screens
from desk_app.ui.kit.chips import chip
from desk_app.ui.kit.flow import FlowWidget
from desk_app.ui.kit.keys import keep_above_its_window
from desk_app.ui.kit.placement import popup_width

POPUP_WIDTH = 520
# action → default key; the manager binds these application-wide to the newest pop-up.
ACTION_KEYS = {"order": "F1", "repeat": "F2", "note": "F3", "register": "F4", "card": "F6",
               "edit": "F11", "dismiss": "Esc"}
# keys that only move the keyboard on (or are half of a combination): they take no call
_PASSING_KEYS = frozenset({Qt.Key.Key_F8, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Shift,
                           Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta})


def frame_margins(widget: QWidget) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) the window manager's frame adds around a window; all
    zero while it is not framed (before its first show, or with no window manager)."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    return (inner.x() - frame.x(), inner.y() - frame.y(),
            frame.right() - inner.right(), frame.bottom() - inner.bottom())


class CallPopup(QFrame):
    action_requested = Signal(str)
    painted = Signal()
    closed = Signal()
    activation_refused = Signal()  # the window system activated it without being asked
    geometry_changed = Signal()  # its height changed: the manager stacks the pop-ups again
    # the window manager framed it differently from what it was placed with (its first
    # show): the manager places the column again, so the frame is on the screen
    frame_changed = Signal()

    def __init__(self, event: CallEvent, services) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setObjectName("callPopup")
        self.call_event = event
        self.services = services
        self.data: PopupData | None = None
        self.card: CustomerCard | None = None
        self.kind = "loading"
        self.painted_at: float | None = None
        self._painted_pending = False
        self.setWindowTitle(self._title())
        self.popup_width = popup_width(screens.available())
        self.max_height = screens.available().h - 16
        self.setFixedWidth(self.popup_width)
        self.compact = False

        header = QFrame()
        header.setObjectName("popupHeader")
        self.title = QLabel(self._title())
        self.title.setProperty("role", "title")
        self.where = QLabel(" ".join(p for p in (fmt.line(event.line),
                                                 fmt.when(event.received_at, False)) if p))
        self.state = chip("state", self.tr("Ringing"))
        # the number has the first row to itself (beside the state): never clipped, even
        # on the narrow pop-ups of a 1280-pixel screen; line and time go below it
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        hl = QVBoxLayout(header)
        hl.setSpacing(0)
        hl.addLayout(top)
        hl.addWidget(self.where)

        self.loading = QLabel(self.tr("Looking up the caller…"))
        self.loading.setProperty("role", "muted")
        self.reason = QLabel()
        self.reason.setProperty("role", "big")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.known = KnownView()
        self.known.CONTENT_WIDTH = self.popup_width - 36  # margins, frame and scroll bar
        self.known.ITEMS_WIDTH = self.popup_width - 250
        self.chooser = ChooserView()
        self.chooser.chosen.connect(self._chosen)
        self.chooser.list.installEventFilter(self)  # so does a key in the family list
        self.note_caption = QLabel(self.tr("Note"))
        self.note_caption.setProperty("role", "section")
        self.notes = NoteEditor(services, f"note-popup-{uuid4().hex[:12]}", rows=3, fixed=True)
        self.notes.saved.connect(lambda _n: self.mark_answered())
        self.notes.body.installEventFilter(self)  # typing after F8 takes the call
        self.notes.status.setWordWrap(True)  # 「登録されるまで…」 wraps; 保存 stays in view

        self.buttons: dict[str, QPushButton] = {}
        labels = {"order": self.tr("New order"), "repeat": self.tr("Repeat last order"),
                  "note": self.tr("Write note"), "register": self.tr("Register new customer"),
                  "card": self.tr("Open card"), "edit": self.tr("Edit customer"),
                  "dismiss": self.tr("Dismiss")}
        for action, label in labels.items():
            button = QPushButton(f"{label} ({ACTION_KEYS[action]})")
            button.clicked.connect(lambda _c=False, a=action: self.trigger(a))
            self.buttons[action] = button

        # The caller's details scroll inside the pop-up when the screen is short; the
        # buttons below them always stay on screen.
        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(12, 8, 12, 4)
        for w in (self.loading, self.reason, self.hint, self.chooser, self.known):
            body.addWidget(w)
        body.addSpacing(6)
        body.addWidget(self.note_caption)
        body.addWidget(self.notes)
        body.addStretch(1)  # room to spare stays below the note, not between its parts
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)
        # the buttons wrap into as many rows as the pop-up's width needs: each keeps its
        # whole text (「新規顧客登録 (F4)」 is never clipped)
        self.button_box = FlowWidget(self.buttons.values())
        self.button_box.setContentsMargins(12, 4, 12, 10)
        self.compact_line = QLabel(objectName="popupCompact")
        self.compact_line.setContentsMargins(12, 6, 12, 8)
        self.compact_line.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.compact_line)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.button_box)
        QShortcut(QKeySequence("Esc"), self, activated=lambda: self.trigger("dismiss"))
        self._show_face("withheld" if event.withheld else "loading")

    def _title(self) -> str:
        if self.call_event.withheld is not None or not self.call_event.number:
            return self.tr("Call: %1").replace("%1", fmt.withheld(self.call_event.withheld))
        return self.tr("Call %1").replace("%1", fmt.display_number(self.call_event.number))

    # -- faces -----------------------------------------------------------------------
    def _show_face(self, kind: str) -> None:
        self.kind = kind
        self.loading.setVisible(kind == "loading")
        self.reason.setVisible(kind in ("withheld", "nodata"))
        self.hint.setVisible(kind in ("withheld", "nodata", "unknown"))
        self.chooser.setVisible(kind == "several")
        self.known.setVisible(kind == "known")
        with_notes = kind in ("known", "unknown", "several")
        self.note_caption.setVisible(with_notes)
        self.notes.setVisible(with_notes)
        visible = {"known": ("order", "repeat", "note", "card", "edit", "dismiss"),
                   "several": ("register", "dismiss"),
                   "unknown": ("register", "note", "dismiss"),
                   "withheld": ("register", "dismiss"), "nodata": ("register", "dismiss"),
                   "loading": ("dismiss",)}[kind]
        self.actions = set(visible)  # what the keys may do (also while shrunk)
        for action, button in self.buttons.items():  # the visible ones, row by row
            button.setVisible(action in visible)
        self.button_box.ensurePolished()
        self.button_box.setFixedHeight(self.button_box.heightForWidth(self.popup_width))
        if kind in ("withheld", "nodata"):
            self.reason.setText(fmt.withheld(self.call_event.withheld))
            self.hint.setText(self.tr("Search by name or reading in the search box (Ctrl+F)."))
        elif kind == "unknown":
            self.hint.setText(self.tr("This number is not registered."))
        self.fit()

    def fit(self, max_height: int | None = None) -> None:
        """Grow to the content, never past *max_height* (the screen): the details scroll,
        the buttons stay visible."""
        # Pending layout requests of the parts first, or their old size hints are used.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.content.layout().activate()
        self.layout().activate()
        cap = max_height or self.max_height
        if self.compact:
            self.setFixedHeight(self.layout().sizeHint().height())
            self.geometry_changed.emit()
            return
        content = max(self.content.sizeHint().height(),
                      self.content.heightForWidth(self.popup_width))
        # header and buttons: measured with the scroll area's own minimum (an earlier
        # face's height) taken off, or each refit would add the old content again
        self.scroll.setMinimumHeight(0)
        self.layout().invalidate()
        chrome = self.layout().sizeHint().height() - self.scroll.sizeHint().height()
        height = min(cap, chrome + content + 2)
        self.scroll.setMinimumHeight(max(40, height - chrome))
        self.setMinimumHeight(0)
        self.setMaximumHeight(16777215)
        self.resize(self.popup_width, height)
        self.geometry_changed.emit()

    def wanted_height(self) -> int:
        return self.height()

    def set_compact(self, compact: bool) -> None:
        """Shrunk to its header and the caller's name while the clerk works on the call
        in another window (the order form, the card); F8 or a click opens it again."""
        self.compact = compact
        name = self.card.summary.name if self.card else ""
        self.compact_line.setText(fmt.arg(self.tr("%1 — F8 opens the pop-up"), name)
                                  if name else self.tr("F8 opens the pop-up"))
        self.compact_line.setVisible(compact)
        self.scroll.setVisible(not compact)
        self.button_box.setVisible(not compact)
        if not compact:
            self.setMinimumHeight(0)
            self.setMaximumHeight(16777215)
        self.fit()

    def set_data(self, data: PopupData) -> None:
        self.data = data
        if self.answered:  # the clerk acted before the lookup came back
            self._record_answered()
        self.notes.set_context(None, "", data.call_id)
        if data.kind == "unknown":  # 資料請求, a wrong number: the note waits on the number
            self.notes.set_number(self.call_event.number)
        if data.kind == "known":
            self.show_card(data.lookup.card)
        elif data.kind == "several":
            self.chooser.set_matches(data.lookup.matches)
            self._show_face("several")
        else:
            self._show_face(data.kind)
        self._painted_pending = True
        self.update()

    def show_card(self, card: CustomerCard) -> None:
        self.card = card
        self.known.set_card(card)
        self.notes.set_context(card.summary.customer_id, card.summary.name,
                               self.data.call_id if self.data else None,
                               kana=card.summary.kana, code=card.summary.code)
        self.buttons["repeat"].setEnabled(bool(card.orders))
        self._show_face("known")
        self.setWindowTitle(f"{self._title()} {card.summary.name}")

    def set_update(self, update: CallUpdate) -> None:
        if update.state == CallState.CANCELLED:
            text = (self.tr("Missed") if update.outcome == "missed"
                    else self.tr("Answered elsewhere"))
        elif update.state == CallState.ENDED:
            text = self.tr("Ended")
        else:
            text = self.tr("Ringing")
        self.state.setText(text)

    # -- actions ---------------------------------------------------------------------
    @property
    def call_id(self) -> int | None:
        return self.data.call_id if self.data else None

    @property
    def customer_id(self) -> int | None:
        return self.card.summary.customer_id if self.card else None

    def mark_touched(self) -> None:
        self.touched = True

    touched = False
    answered = False  # a clerk acted on the call (not only dismissed it)

    # F8 brought the keyboard here and the clerk has done nothing else yet: the call is
    # taken once they type in the pop-up, act, move to another window or close it, but
    # not when the next F8 only passes on to the next pop-up (three rings, F8 to the third:
    # the first two are still ringing, and become 不在 if nobody takes them)
    provisional = False

    def mark_answered(self, *, record: bool = True) -> None:
        """The clerk took the call (a click into the pop-up, an order, the card, a note,
        or F8 followed by anything but another F8): the call is 応答, no longer 呼出中, and
        never becomes 不在. *record* False: the caller records it itself (choosing a
        family member records it with them)."""
        self.touched = True
        self.provisional = False
        if self.answered:
            return
        self.answered = True
        self.state.setText(self.tr("Answered"))
        if record:
            self._record_answered()

    def _record_answered(self) -> None:
        call_id = self.call_id
        if call_id is None:
            return  # set_data records it when the lookup answers
        self.services.tasks.submit(lambda ctx: calls.set_outcome(ctx, call_id, calls.ANSWERED))

    def trigger(self, action: str) -> bool:
        button = self.buttons.get(action)
        if button is None or action not in self.actions or not button.isEnabled():
            return False
        if action == "dismiss":
            self.mark_touched()
            self.dismiss()
            return True
        self.mark_answered()
        if action == "note":
            self.activate_keyboard()
            self.notes.focus_editor()
        else:
            self.action_requested.emit(action)
        return True

    def _chosen(self, customer_id: int) -> None:
        self.mark_answered(record=False)  # choose_customer records it with the customer
        call_id = self.call_id
        self.services.tasks.submit(lambda ctx: calls.choose_customer(ctx, call_id,
                                                                      customer_id),
                                    on_done=lambda card: card and self.show_card(card))

    keyboard_wanted = False  # F8, a click or an action asked for the keyboard

    def event(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate and not self.keyboard_wanted:
            # the clerk clicked it: a button is down with the pointer on the pop-up (a
            # button held elsewhere, dragging a window or a list, is not a click here)
            if (QApplication.mouseButtons() != Qt.MouseButton.NoButton
                    and self.frameGeometry().contains(QCursor.pos())):
                self.keyboard_wanted = True
                if not self._on_dismiss(QCursor.pos()):  # closing it unanswered: 不在
                    self.mark_answered()
            else:
                self.activation_refused.emit()
        elif kind == QEvent.Type.WindowDeactivate:
            self.keyboard_wanted = False
            self._stayed()  # the clerk went on to another window from here
        handled = super().event(event)
        if kind in (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize):
            margins = frame_margins(self)
            if any(margins) and margins != self.placed_frame:
                self.placed_frame = margins  # once: the manager places it with these
                self.frame_changed.emit()
        return handled

    placed_frame: tuple[int, int, int, int] = (0, 0, 0, 0)  # the frame it was placed with

    def _on_dismiss(self, pos) -> bool:
        """Whether the pointer at *pos* (global) is on the 閉じる button: a click there
        closes the pop-up, it does not take the call."""
        button = self.buttons["dismiss"]
        return button.isVisible() and button.rect().contains(button.mapFromGlobal(pos))

    def activate_keyboard(self, *, passing: bool = False) -> None:
        """Give the pop-up the keyboard. *passing*: F8, which takes the call only when the
        clerk stays (see :attr:`provisional`)."""
        self.keyboard_wanted = True
        if passing and not self.answered:
            self.touched = True  # a new ring on its line no longer replaces it
            self.provisional = True
        else:
            self.mark_answered()
        if self.compact:
            self.set_compact(False)
        self.raise_()
        self.activateWindow()
        target = self.chooser.list if self.kind == "several" else self.notes.body
        target.setFocus()
        self._into_view(self.chooser if self.kind == "several" else self.notes)

    def _into_view(self, widget: QWidget) -> None:
        """Scroll the caller's details so that *widget* (the field the keyboard went to) is
        on screen: on a short screen the note field lies below the figures and orders, and
        the clerk typed into it unseen."""
        if self.scroll.widget().isAncestorOf(widget):  # once the layout has settled
            QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(widget, 0, 8))

    def pass_on(self) -> None:
        """The next F8 leaves this pop-up with nothing done in it: not taken after all."""
        self.provisional = False

    def _stayed(self) -> None:
        if self.provisional:
            self.mark_answered()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if self.provisional and (
                (kind == QEvent.Type.KeyPress and event.key() not in _PASSING_KEYS)
                or kind == QEvent.Type.InputMethod):  # typing Japanese: no key press
            self.mark_answered()
        return super().eventFilter(watched, event)

    def dismiss(self, ask: bool = True) -> None:
        if ask and self.notes.has_text():
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved note"),
                              self.tr("The note is not saved. Save it now?"),
                              QMessageBox.StandardButton.Save
                              | QMessageBox.StandardButton.Discard
                              | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter loses nothing
            box.setEscapeButton(QMessageBox.StandardButton.Cancel)
            keep_above_its_window(box)
            answer = box.exec()
            box.deleteLater()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and self.notes.can_save():
                self.notes.saved.connect(lambda _n: self.close())
                self.notes.save()
                return
            if answer == QMessageBox.StandardButton.Discard:
                self.notes.discard()  # for good: no draft, nothing restored at the next start
        self.close()

    def closeEvent(self, event) -> None:
        self._stayed()  # a wrong number: F8, a word on the telephone, Esc — answered
        if self.notes.has_text():
            self.notes.save_draft()  # kept on disk; restored at the next start
        self.closed.emit()
        super().closeEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._painted_pending:
            self._painted_pending = False
            self.painted_at = time.perf_counter()
            self.painted.emit()
