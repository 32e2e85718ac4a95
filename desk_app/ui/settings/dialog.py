"""発信者番号の設定: pick the caller-ID source, test it, save it.

One dialog for the installer (and the clerk who replugs a modem): the kind of source at the
top, the device page or the SIP page below it, and a test that listens with what is on the
form before anything is saved. The pages return ``[callerid]`` and ``[sip]`` settings
(:mod:`desk_app.config`); saving writes them through ``DeskContext.save_config`` and emits
:attr:`SettingsDialog.saved`; the main window then restarts its source from the saved
settings exactly as at start. Closing the dialog ends a running test and gives the desk back
any device the test had borrowed.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit import domain_text
from desk_app.ui.settings.callerid import DevicePage
from desk_app.ui.settings.sip import SipPage
from desk_app.ui.settings.trial import Builder, TrialPanel


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea(frameShape=QFrame.Shape.NoFrame, widgetResizable=True)
    area.setWidget(page)
    return area


def page_of(area: QWidget) -> QWidget:
    """The settings page inside a tab (tests and the dialog's callers look for the page)."""
    return area.widget() if isinstance(area, QScrollArea) else area


class SettingsDialog(QDialog):
    saved = Signal()
    source_changed = False
    """After :attr:`saved`: whether the caller-ID settings differ from what was saved before
    (then the desk restarts its source with them)."""

    def __init__(self, services, slot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Caller ID settings"))
        self.services, self.slot = services, slot
        self.kind = QComboBox()
        for key, label in self.kinds():
            self.kind.addItem(label, key)
        self.device = DevicePage(services.tasks)
        self.sip = SipPage(services.tasks, slot)
        self.tabs = QTabWidget()
        # each page scrolls: on a 1280×800 screen the dialog is shorter than the pages'
        # minimum, and a squeezed layout would draw the port table over the rows below it
        self.tabs.addTab(_scrolling(self.device), self.tr("Device"))
        self.tabs.addTab(_scrolling(self.sip), self.tr("SIP (extension)"))
        self.trial = TrialPanel(services.bridge, slot, self._builder, self.sip.show_invite)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # what the desk listens with right now (it may differ from what is saved: a device
        # that failed to start, a demo started from the command line)
        self.running = QLabel(objectName="runningSource")
        self.running.setWordWrap(True)
        self.running.setTextFormat(Qt.TextFormat.PlainText)
        services.bridge.source_status.connect(self._source_status)
        top = QFormLayout()
        top.addRow(self.tr("In use now"), self.running)
        top.addRow(self.tr("Receive calls from"), self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.trial, 2)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        config = services.config
        self.kind.setCurrentIndex(max(0, self.kind.findData(config.callerid.source)))
        self._kind_changed()
        self.device.load(config.callerid)
        self.sip.load(config.sip)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.device.refresh()
        self.show_running()
        from desk_app.ui.kit.screens import fit_to_screen

        fit_to_screen(self, 1100, 820)

    def kinds(self) -> list[tuple[str, str]]:
        names = ("modem", "aloha", "ncid", "whozz", "tci", "netcallerid", "yac", "sip", "demo")
        return [*((kind, domain_text.source_name(kind)) for kind in names),
                ("", self.tr("None"))]

    def kind_label(self, kind: str) -> str:
        return dict(self.kinds()).get(kind, kind)

    def _source_status(self, _status) -> None:
        self.show_running()

    def show_running(self) -> None:
        """「モデム — 接続中」: the source the desk is listening with, and its state."""
        source = self.slot.current
        if source is None:
            self.running.setText(self.tr("None (the desk is not receiving calls)"))
            return
        status = source.status
        words = {"connected": self.tr("connected"), "reconnecting": self.tr("reconnecting"),
                 "disconnected": self.tr("not connected"), "error": self.tr("error")}
        state = words.get(getattr(status.state, "value", str(status.state)), "")
        self.running.setText(" — ".join(p for p in (self.kind_label(source.name), state) if p))
        self.running.setToolTip(domain_text.source_detail(status))

    def current_kind(self) -> str:
        return str(self.kind.currentData() or "")

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        if self.trial.running:  # the test listens with what the form said when it started
            self.trial.stop()
        self.device.set_kind(kind)
        self.tabs.setCurrentIndex(1 if kind == "sip" else 0)
        self.trial.button.setEnabled(bool(kind))
        self.error.setText("")

    # -- test ----------------------------------------------------------------------------
    def _builder(self) -> Builder:
        """Read the form now (GUI thread); the returned builder runs on the helper thread."""
        kind = self.current_kind()
        if kind == "sip":
            from desk_app.callerid.sip.source import SipSource

            config = self.sip.config()
            return lambda on_invite: SipSource(config, on_invite=on_invite)
        if not kind:
            raise ValueError(self.tr("Choose where calls come from first."))
        from desk_app.ui.core.sources import source_from

        callerid, sip = self.device.value(kind), self.sip.value()
        store = self.services.store
        return lambda on_invite: source_from(kind, callerid, sip, store, demo_interval=3.0)

    # -- save / close --------------------------------------------------------------------
    def accept(self) -> None:
        kind = self.current_kind()
        try:
            callerid = self.device.value(kind)
            if kind == "sip":
                self.sip.config()  # complete, and a password typed or saved
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        before = self.services.config
        config = dataclasses.replace(before, callerid=callerid, sip=self.sip.value())
        # restart the desk's source only for a change in how calls arrive: saving an
        # unchanged page must not stop what runs now (a demo from the command line, say)
        self.source_changed = ((config.callerid, config.sip) != (before.callerid, before.sip)
                               or bool(self.sip.password.text()))
        try:
            self.services.save_config(config)
        except OSError as exc:
            # the reason, never the file's name (staff do not see paths)
            self.error.setText(self.tr("The settings could not be saved: %1")
                               .replace("%1", exc.strerror or type(exc).__name__))
            return
        self.sip.save_password()
        self._close_pages(resume=False)  # the desk's source is replaced next, not resumed
        self.saved.emit()
        super().accept()

    def reject(self) -> None:
        self._close_pages(resume=True)
        super().reject()

    def closeEvent(self, event) -> None:
        self._close_pages(resume=True)
        super().closeEvent(event)

    def _close_pages(self, *, resume: bool) -> None:
        self.trial.close_panel(resume=resume)
        self.device.closed = self.sip.closed = True
