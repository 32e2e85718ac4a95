"""Turns call events into pop-ups: one per ringing line, placed side by side, top right.

Events arrive on the GUI thread from the bridge. A pop-up is created at once with what the
event says; the lookup-and-log job goes to the worker and fills it in. Later states of the
same call (SIP CANCEL with the same call id) update that pop-up instead of opening another.
Internal calls are only logged. A pop-up that closes before anybody took the call (a
click, an action, F8 and staying there) leaves the call 不在 (missed). F1–F6 act on the
pop-up that has the keyboard, else on the newest one, so the clerk can start an order
without touching the mouse; F8 moves the keyboard between pop-ups (passing through one
does not take its call).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desk_app.domain.call_event import CallEvent, CallState
from desk_app.services import calldesk, calls
from desk_app.services.calls import CallUpdate, PopupData
from desk_app.ui.desk.popup import ACTION_KEYS, CallPopup, frame_margins
from desk_app.ui.kit import screens
from desk_app.ui.kit.placement import GAP, MAX_SHOWN, Rect, place_popups

log = logging.getLogger(__name__)


class MoreCallsEntry(QPushButton):
    """「他 N 件の着信」: the calls beyond the three pop-ups shown; a click brings one up."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setWindowFlags(Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint
                            | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setObjectName("moreCalls")
        self.count = 0

    def set_count(self, count: int) -> None:
        self.count = count
        self.setText(self.tr("%n more incoming call(s)", "", count))


class PopupManager(QObject):
    popup_opened = Signal(object)  # CallPopup

    def __init__(self, services, window: QWidget) -> None:
        super().__init__(window)
        self.services = services
        self.window = window
        self.popups: list[CallPopup] = []
        self._by_source_call: dict[str, CallPopup] = {}
        self.summary = MoreCallsEntry()
        self.summary.clicked.connect(self.show_hidden)
        services.bridge.call_event.connect(self.on_event)
        services.hub.customers_changed.connect(self._customers_changed)
        # where the clerk types (window, widget), kept up to date so that a pop-up the
        # window system activates on its own gives the keyboard straight back
        self._work: tuple[QWidget, QWidget | None] | None = None
        QApplication.instance().focusChanged.connect(self._focus_changed)
        # Window-scoped, on the main window and on each pop-up: application-wide keys would
        # collide with the order form's own F-keys (two active shortcuts fire neither).
        self._bind_keys(window)
        # F8 alone is application-wide: the keyboard goes to the pop-ups from whatever window
        # is active (本日のフォロー, the order form, 受注一覧, the analysis …), and from one
        # pop-up to the next. No window binds F8 of its own, so it is never ambiguous.
        self.f8 = QShortcut(QKeySequence("F8"), window, activated=self.focus_next,
                            context=Qt.ShortcutContext.ApplicationShortcut)

    # -- events ----------------------------------------------------------------------
    def on_event(self, event: CallEvent) -> None:
        known = self._by_source_call.get(event.call_id) if event.call_id else None
        if known is not None or event.state != CallState.RINGING or event.is_internal:
            self.services.tasks.submit(
                lambda ctx: self.services.call_desk.handle_event(ctx, event),
                on_done=lambda r: self._updated(r, known))
            if event.is_internal:
                self.services.navigation.show_status(self.tr("Internal call from %1").replace(
                    "%1", event.number or ""))
            return
        # The lookup goes to the worker before the pop-up is built, so the query runs while
        # the GUI thread lays out the pop-up; the answer is delivered after this returns.
        slot: dict = {}  # the pop-up, and whether it closed before anybody took the call
        # the Result's Changes (the call row) reach the hub: the call log and panels reload
        self.services.tasks.submit(
            lambda ctx: self.services.call_desk.handle_event(ctx, event),
            on_done=lambda data: self._filled(slot, data))
        self._close_untouched_on_line(event.line)
        popup = CallPopup(event, self.services)
        slot["popup"] = popup
        self._bind_keys(popup)
        popup.action_requested.connect(lambda action, p=popup: self.perform(p, action))
        popup.closed.connect(lambda p=popup: self._closed(p, slot))
        popup.activation_refused.connect(self._give_back)
        self.popups.append(popup)
        if event.call_id:
            self._by_source_call[event.call_id] = popup
        self._place(popup)
        # Every pop-up, withheld and no-data calls included, leaves the keyboard where the
        # clerk is typing: F8 (or Ctrl+F for the search box) moves it on purpose.
        self._show_without_focus(popup)
        self.popup_opened.emit(popup)

    def _show_without_focus(self, popup: CallPopup) -> None:
        """Show on top but leave the keyboard where the clerk is typing.

        WA_ShowWithoutActivating covers most window systems; some (and Qt's offscreen
        platform) activate every new window anyway, so the previous window and its focus
        widget are put back right after the show and once more after pending events.
        """
        prev_window, prev_focus = QApplication.activeWindow(), QApplication.focusWidget()
        popup.show()
        # once the window manager has framed it, stack the column again with its frame
        QTimer.singleShot(0, self.relayout)
        if prev_window is None or prev_window is popup:
            return

        def give_back() -> None:
            if QApplication.activeWindow() is not prev_window and prev_window.isVisible():
                prev_window.activateWindow()
            if prev_focus is not None and prev_focus.isVisible():
                prev_focus.setFocus(Qt.FocusReason.OtherFocusReason)

        give_back()
        QTimer.singleShot(0, give_back)

    def _customers_changed(self, customer_ids: frozenset[int]) -> None:
        """A correction, note or order for a caller on screen: the pop-up shows it at once."""
        for popup in self.popups:
            customer_id = popup.customer_id
            if customer_id is not None and customer_id in customer_ids:
                self.services.tasks.submit(
                    lambda ctx, cid=customer_id: calldesk.card(ctx, cid, n_orders=5,
                                                               n_notes=10),
                    on_done=lambda card, p=popup: (card is not None and p in self.popups
                                                   and p.show_card(card)))

    def _focus_changed(self, _old, new) -> None:
        if new is None:
            return
        window = new.window()
        if not isinstance(window, (CallPopup, MoreCallsEntry)) and not _asked_by_popup(window):
            moved = (self._work is None or not shiboken6.isValid(self._work[0])
                     or self._work[0] is not window)
            self._work = (window, new)
            if moved and self.popups:
                self.relayout()  # out of the way of the window now worked in

    def work_window(self) -> QWidget:
        """The window the clerk works in: the last one with the keyboard, else the desk."""
        if (self._work is not None and shiboken6.isValid(self._work[0])
                and self._work[0].isVisible()):
            return self._work[0]
        return self.window

    def _give_back(self) -> None:
        def back() -> None:
            if self._work is None:
                return
            window, widget = self._work
            if not shiboken6.isValid(window) or not window.isVisible():
                return
            if widget is not None and not shiboken6.isValid(widget):
                widget = None
            if QApplication.activeWindow() is not window:
                window.activateWindow()
            if widget is not None and widget.isVisible():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        back()
        QTimer.singleShot(0, back)

    def _filled(self, slot: dict, data) -> None:
        if not isinstance(data, PopupData):
            return
        popup = slot.get("popup")
        if slot.get("closed_unanswered"):
            self._record_missed(data.call_id)  # closed before the lookup answered
        elif popup in self.popups:
            popup.set_data(data)

    def _closed(self, popup: CallPopup, slot: dict) -> None:
        """A pop-up closed without anybody taking the call: the call is 不在 (missed) and
        waits in the call-back list. (Only a ringing call turns missed: what a clerk did
        to it elsewhere, an order or a note, stays.)"""
        if not popup.answered:
            if popup.call_id is not None:
                self._record_missed(popup.call_id)
            else:
                slot["closed_unanswered"] = True
        self._forget(popup)

    def _record_missed(self, call_id: int) -> None:
        self.services.tasks.submit(
            lambda ctx: calls.set_outcome(ctx, call_id, calls.MISSED))

    def _updated(self, result, popup: CallPopup | None) -> None:
        if isinstance(result, CallUpdate) and popup is not None and popup in self.popups:
            popup.set_update(result)

    def _close_untouched_on_line(self, line: str | None) -> None:
        """A new ring on a line replaces that line's old pop-up unless the clerk used it."""
        if line is None:
            return
        for popup in list(self.popups):
            if popup.call_event.line == line and not popup.touched and not popup.notes.has_text():
                popup.close()

    # -- placement -------------------------------------------------------------------
    def _place(self, popup: CallPopup) -> None:
        popup.geometry_changed.connect(self.relayout)
        popup.frame_changed.connect(self._frame_known)
        self.relayout()

    def relayout(self) -> None:
        """Stack the newest pop-ups (at most MAX_SHOWN) in the call column beside the
        window the clerk works in, each fully on the screen; older ones wait behind one
        「他 N 件の着信」 entry."""
        if self._laying_out:
            return
        self._laying_out = True
        try:
            self._relayout()
        finally:
            self._laying_out = False

    _laying_out = False

    def _relayout(self) -> None:
        shown = self.popups[-MAX_SHOWN:]
        hidden = self.popups[:-MAX_SHOWN] if len(self.popups) > MAX_SHOWN else []
        screen = screens.available(self.window)
        work = self.work_window()
        geo = work.frameGeometry() if work.isVisible() else None
        work_rect = Rect(geo.x(), geo.y(), geo.width(), geo.height()) if geo else None
        # the window manager's frame (title bar, borders) around each pop-up: the column
        # stacks whole frames, or each title bar covers the buttons of the pop-up above
        frame = self._frame_margins(shown, work)
        frame_w, frame_h = frame[0] + frame[2], frame[1] + frame[3]
        for popup in shown:
            popup.fit(screen.h - 2 * GAP - frame_h)
        rects, extra = place_popups(screen, work_rect, [p.height() + frame_h for p in shown],
                                    shown[0].popup_width + frame_w if shown else None,
                                    summary=bool(hidden))
        for popup, rect in zip(shown, rects, strict=True):
            if popup.height() + frame_h > rect.h:
                popup.fit(rect.h - frame_h)
            # The inside is placed, the frame's margins in from the slot: a pop-up not
            # framed yet (its first show) has no frame Qt could position, and the window
            # manager adds the title bar above whatever position it is given.
            popup.placed_frame = frame
            popup.setGeometry(QRect(QPoint(rect.x + frame[0], rect.y + frame[1]), popup.size()))
        for popup in hidden:
            popup.hide()
        for popup in shown:
            if not popup.isVisible():
                self._show_without_focus(popup)
        self.summary.set_count(len(hidden))
        if extra is not None:
            self.summary.setGeometry(extra.x, extra.y, extra.w, extra.h)
            if not self.summary.isVisible():
                self._show_without_focus(self.summary)
        else:
            self.summary.hide()

    @staticmethod
    def _frame_margins(shown: list[CallPopup], work: QWidget) -> tuple[int, int, int, int]:
        """The frame the window manager adds around a pop-up (left, top, right, bottom):
        measured on a pop-up already framed, else on the work window (a new pop-up's
        frame is not known before its first show; when it turns out different, the pop-up
        says so and the column is placed again)."""
        for widget in (*shown, work):
            if widget.isVisible():
                margins = frame_margins(widget)
                if any(margins):
                    return margins
        return 0, 0, 0, 0

    def _frame_known(self) -> None:
        QTimer.singleShot(0, self.relayout)  # not inside the show or move that told it

    def show_hidden(self) -> None:
        """「他 N 件の着信」: bring the oldest waiting call forward (it becomes the newest)."""
        hidden = self.popups[:-MAX_SHOWN] if len(self.popups) > MAX_SHOWN else []
        if hidden:
            popup = hidden[0]
            self.popups.remove(popup)
            self.popups.append(popup)
            self.relayout()
            popup.activate_keyboard()

    def close_all(self) -> None:
        """Shift+Esc: every pop-up closes (a note being typed is kept as a draft)."""
        for popup in list(self.popups):
            popup.dismiss(ask=False)
        self.relayout()

    def close_newest_untouched(self) -> bool:
        """Esc on the main window: the newest pop-up nobody worked on closes."""
        for popup in reversed(self.popups):
            if not popup.touched and not popup.notes.has_text():
                popup.dismiss(ask=False)
                return True
        return False

    def _forget(self, popup: CallPopup) -> None:
        if popup in self.popups:
            self.popups.remove(popup)
        for key in [k for k, p in self._by_source_call.items() if p is popup]:
            del self._by_source_call[key]
        QTimer.singleShot(0, self.relayout)

    # -- keyboard --------------------------------------------------------------------
    def _bind_keys(self, widget: QWidget) -> None:
        """F-keys act on what the clerk sees: on a pop-up, its caller; on the main window,
        the card shown there (never on a pop-up the clerk is not looking at)."""
        for action, key in ACTION_KEYS.items():
            if action == "dismiss":
                continue
            if isinstance(widget, CallPopup):
                QShortcut(QKeySequence(key), widget,
                          activated=lambda a=action, p=widget: self.dispatch_on(p, a))
            else:
                QShortcut(QKeySequence(key), widget,
                          activated=lambda a=action: self.services.navigation.fallback_action(a))
        QShortcut(QKeySequence("Shift+Esc"), widget, activated=self.close_all)
        if isinstance(widget, CallPopup):
            for key in ("Ctrl+F", "F7"):
                QShortcut(QKeySequence(key), widget,
                          activated=lambda: self.services.navigation.focus_search())

    def dispatch_on(self, popup: CallPopup, action: str) -> None:
        if popup in self.popups:
            popup.trigger(action)

    def target(self) -> CallPopup | None:
        active = QApplication.activeWindow()
        if isinstance(active, CallPopup) and active in self.popups:
            return active
        return self.popups[-1] if self.popups else None

    def dispatch(self, action: str) -> None:
        popup = self.target()
        if popup is not None and popup.trigger(action):
            return
        self.services.navigation.fallback_action(action)

    def focus_next(self) -> None:
        if not self.popups:
            return
        active = QApplication.activeWindow()
        if active in self.popups:
            active.pass_on()  # only passing through it: that call is not taken
            index = self.popups.index(active) + 1
        else:
            index = len(self.popups) - 1
        self.popups[index % len(self.popups)].activate_keyboard(passing=True)

    # -- actions ---------------------------------------------------------------------
    def perform(self, popup: CallPopup, action: str) -> None:
        """The window asked for comes to the front and the pop-up shrinks out of its way."""
        if action in ("order", "repeat"):
            if self.services.navigation.open_order(popup, popup.customer_id,
                                                   action == "repeat", popup.call_id):
                popup.set_compact(True)
        elif action == "card" and popup.customer_id is not None:
            self.services.navigation.open_customer(popup.customer_id)
            popup.set_compact(True)
        elif action == "edit" and popup.card is not None:
            self.services.navigation.edit_customer(self.window, popup.card)
        elif action == "register":
            number = popup.call_event.number if popup.kind in ("unknown", "several") else None
            dialog = self.services.navigation.register_customer(popup, number, popup.call_id)
            if dialog is not None:  # shown and given the keyboard by navigation (present)
                dialog.registered.connect(popup.show_card)


def _asked_by_popup(window: QWidget) -> bool:
    """A pop-up's own question (「未保存の応対メモ」…) is not a window the clerk works in:
    the column must not jump away from it (it sits over its pop-up, above the column)."""
    owner = window.parentWidget()
    return owner is not None and isinstance(owner.window(), (CallPopup, MoreCallsEntry))
