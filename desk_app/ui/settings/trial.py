"""「次の着信を待つ」: try the source on the form before saving it, and see the next call.

The test builds the source from the form (not from the saved settings), starts it through
the desk's :class:`~desk_app.ui.desk.source_slot.SourceSlot` (which pauses the desk's own
source only when both need the same device or port, and restarts it afterwards), and shows
its status changes, its raw bytes and what the parser made of the next call. All I/O stays on
the source's thread and the slot's helper thread; every callback reaches this panel through
the bridge, tagged with the test it belongs to so that a late byte from a stopped test is
dropped instead of being shown under the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.callerid.base import CallerIdSource, SourceState, SourceStatus
from desk_app.domain.call_event import CallEvent, CallState
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.settings.monitor import RawFeed, RawMonitor

# build(on_invite) -> source; on_invite receives a SIP LastInvite (other kinds ignore it)
Builder = Callable[[Callable[[object], None]], CallerIdSource]
MAX_STATUS_ROWS = 100


class TrialPanel(QGroupBox):
    def __init__(self, bridge, slot, prepare: Callable[[], Builder],
                 on_invite: Callable[[object], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Test"), parent)
        self.bridge, self.slot, self._prepare = bridge, slot, prepare
        self._on_invite = on_invite or (lambda invite: None)
        self._token = 0
        self._running = False
        self.closed = False
        self._feed: RawFeed | None = None
        self.button = QPushButton(self.tr("Wait for the next call"))
        self.button.clicked.connect(self.toggle)
        self.state = QLabel(self.tr("Not running"))
        self.state.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.history = QListWidget()
        self.history.setMaximumHeight(90)
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.number, self.name, self.withheld, self.line = (QLabel("—") for _ in range(4))
        for label in (self.number, self.name):
            label.setProperty("role", "title")
        result = QFormLayout()
        result.addRow(self.tr("Number"), self.number)
        result.addRow(self.tr("Name"), self.name)
        result.addRow(self.tr("Withheld"), self.withheld)
        result.addRow(self.tr("Line"), self.line)
        self.monitor = RawMonitor()
        top = QHBoxLayout()
        top.addWidget(self.button)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.state)
        left.addWidget(self.note)
        left.addWidget(self.history)
        left.addLayout(result)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.monitor, 3)

    @property
    def running(self) -> bool:
        return self._running

    def toggle(self) -> None:
        if self._running:
            self.stop()
        else:
            self.start()

    def stop(self) -> None:
        self.finish(self.tr("Test stopped."))

    def start(self) -> None:
        try:
            build = self._prepare()
        except ValueError as exc:
            self.note.setText(str(exc))
            return
        self._token += 1
        token, post = self._token, self.bridge.post_call
        self._feed = RawFeed(self.bridge, lambda data, dropped: self._raw(token, data, dropped))
        feed = self._feed

        def connect(source: CallerIdSource) -> None:  # on the slot's helper thread
            source.connect(lambda event: post(self._event, token, event),
                           lambda status: post(self._status, token, status), feed)

        self._running = True
        self.button.setText(self.tr("Stop the test"))
        self.history.clear()
        self.monitor.clear()
        self._show_event(None)
        self.state.setText(self.tr("Starting…"))
        self.note.setText("")
        self.slot.start_trial(lambda: build(lambda invite: post(self._invite, invite)), connect,
                              on_done=lambda paused, error: self._started(token, paused, error))

    def finish(self, message: str = "", *, resume: bool = True) -> None:
        """End the test (a call arrived, the user stopped it, the dialog closes)."""
        if not self._running:
            return
        self._running = False
        self._token += 1
        if self._feed is not None:
            self._feed.closed = True
        if not self.closed:
            self.button.setText(self.tr("Wait for the next call"))
            self.note.setText(message)
        self.slot.stop_trial(resume=resume, on_done=self._stopped)

    def close_panel(self, *, resume: bool = True) -> None:
        self.finish(resume=resume)
        self.closed = True

    # -- GUI thread, via the bridge ---------------------------------------------------------
    def _started(self, token: int, paused: object, error: BaseException | None) -> None:
        if self.closed or token != self._token:
            return
        if error is not None:
            self._running = False
            self.button.setText(self.tr("Wait for the next call"))
            self.state.setText(self.tr("Could not start: %1").replace(
                "%1", domain_text.callerid_failure(error)))
            return
        if paused:
            self.note.setText(self.tr("The desk stopped listening on this device for the test; "
                                      "it listens again when the test ends."))

    def _stopped(self, resumed: object, error: BaseException | None) -> None:
        if self.closed:
            return
        if error is not None:
            self.note.setText(self.tr("Could not stop the test: %1").replace(
                "%1", domain_text.callerid_failure(error)))
        elif resumed:
            self.note.setText(" ".join(filter(None, (self.note.text(),
                                                     self.tr("The desk listens again.")))))

    def _status(self, token: int, status: SourceStatus) -> None:
        if self.closed or token != self._token:
            return
        text = state_words(status.state)
        if detail := domain_text.source_detail(status):
            text += f" — {detail}"
        self.state.setText(text)
        self.history.addItem(f"{fmt.now_hms()}  {text}")
        while self.history.count() > MAX_STATUS_ROWS:
            self.history.takeItem(0)
        self.history.scrollToBottom()

    def _event(self, token: int, event: CallEvent) -> None:
        if self.closed or token != self._token or event.state is not CallState.RINGING:
            return
        self._show_event(event)
        self.finish(self.tr("Call received at %1.").replace("%1", fmt.now_hms()))

    def _raw(self, token: int, data: bytes, dropped: int) -> None:
        if not self.closed and token == self._token:
            self.monitor.append(data, dropped)

    def _invite(self, invite: object) -> None:
        if not self.closed:
            self._on_invite(invite)

    def _show_event(self, event: CallEvent | None) -> None:
        if event is None:
            for label in (self.number, self.name, self.withheld, self.line):
                label.setText("—")
            return
        self.number.setText(event.number or "—")
        self.name.setText(event.name or "—")
        self.withheld.setText(fmt.withheld(event.withheld) if event.withheld else "—")
        self.line.setText(fmt.line(event.line) or "—")


def state_words(state: SourceState) -> str:
    """接続中 / 再接続中 / 未接続 (glossary)."""
    from PySide6.QtCore import QCoreApplication as Qc

    return {SourceState.CONNECTED: Qc.translate("TrialPanel", "Connected"),
            SourceState.RECONNECTING: Qc.translate("TrialPanel", "Reconnecting"),
            SourceState.DISCONNECTED: Qc.translate("TrialPanel", "Not connected"),
            SourceState.ERROR: Qc.translate("TrialPanel", "Error")}[state]
