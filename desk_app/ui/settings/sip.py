"""The SIP page: the extension the desk registers as, a registration test, the last INVITE.

ひかり電話 routers and PBXs differ in what they accept and what they send, so the page lets
the installer check both directions before saving: 「登録テスト」 registers once (a pool job, off
the GUI thread); the answer comes back as 登録済み, 登録できません（パスワード誤り）,
応答なし …), and the last INVITE is shown raw next to what was read from it. The password
never goes into the settings file: it is written by ``sip.credentials`` (mode 0600) only when
the installer typed a new one; an empty field keeps the saved password.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.callerid.sip import credentials
from desk_app.callerid.sip.config import SipConfig, parse_address
from desk_app.callerid.sip.message import redact
from desk_app.callerid.sip.registration import RegState
from desk_app.config import SipSettings
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.settings.monitor import monospace


class SipPage(QWidget):
    def __init__(self, tasks, slot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.slot = tasks, slot
        self.closed = False
        self.registrar = QLineEdit()
        self.registrar.setPlaceholderText("192.168.1.1")
        # a whole IPv4 address stays readable next to the Japanese labels (it used to show
        # its end only, "168.1.1", at 1280×800)
        self.registrar.setMinimumWidth(
            self.registrar.fontMetrics().horizontalAdvance("192.168.100.100") + 12)
        self.registrar_port = QSpinBox()
        self.registrar_port.setRange(1, 65535)
        self.registrar_port.setValue(5060)
        self.extension = QLineEdit()
        self.extension.setPlaceholderText("3")
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("Same as the extension"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.local = QLineEdit()
        self.local.setPlaceholderText(self.tr("Automatic (the address facing the router)"))
        self.local.setToolTip(self.tr("Address[:port] the desk listens on; port 5062 if omitted"))
        where = QHBoxLayout()
        where.addWidget(self.registrar, 1)
        where.addWidget(QLabel(self.tr("Port")))
        where.addWidget(self.registrar_port)
        form = QFormLayout()
        form.addRow(self.tr("Router / PBX"), where)
        form.addRow(self.tr("Extension"), self.extension)
        form.addRow(self.tr("Auth user"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Local address"), self.local)
        self.test_button = QPushButton(self.tr("Test registration"))
        self.test_button.clicked.connect(self.test_registration)
        self.result = QLabel(self.tr("Registration: not tested"))
        self.result.setWordWrap(True)
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.result_detail.setProperty("role", "muted")
        settings_box = QGroupBox(self.tr("Extension settings"))
        left = QVBoxLayout(settings_box)
        left.addLayout(form)
        left.addWidget(self.test_button)
        left.addWidget(self.result)
        left.addWidget(self.result_detail)
        left.addStretch(1)

        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.raw.setPlaceholderText(self.tr("No INVITE received yet."))
        self.raw.setFont(monospace(self.font()))
        self.invite_number, self.invite_name, self.invite_withheld = (QLabel("—") for _ in "abc")
        extracted = QFormLayout()
        extracted.addRow(self.tr("Number"), self.invite_number)
        extracted.addRow(self.tr("Name"), self.invite_name)
        extracted.addRow(self.tr("Withheld"), self.invite_withheld)
        # The desk's running source records each INVITE on its own thread; a light poll shows
        # the newest one live without wiring a callback through every source replacement.
        self._shown_invite = None
        self._invite_poll = QTimer(self, interval=500)
        self._invite_poll.timeout.connect(self.show_running_invite)
        self._invite_poll.start()
        invite_box = QGroupBox(self.tr("Last INVITE"))
        right = QVBoxLayout(invite_box)
        right.addWidget(self.raw, 1)
        right.addLayout(extracted)
        layout = QHBoxLayout(self)
        layout.addWidget(settings_box, 1)
        layout.addWidget(invite_box, 1)

    # -- settings ----------------------------------------------------------------------
    def load(self, settings: SipSettings) -> None:
        text = settings.registrar
        if text:
            try:
                host, port = parse_address(text, 5060)
            except ValueError:
                host, port = text, 5060
            self.registrar.setText(host)
            self.registrar_port.setValue(port)
        self.extension.setText(settings.extension)
        self.user.setText(settings.user)
        self.local.setText(settings.local)
        saved = credentials.default_path().exists()
        self.password.setPlaceholderText(self.tr("Saved (type only to change it)") if saved
                                         else self.tr("The router's password for this extension"))
        self.show_running_invite()

    def value(self) -> SipSettings:
        """The ``[sip]`` settings (never the password); :meth:`config` checks them."""
        host = self.registrar.text().strip()
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return SipSettings(registrar=f"{host}:{self.registrar_port.value()}" if host else "",
                           extension=self.extension.text().strip(),
                           user=self.user.text().strip(), local=self.local.text().strip())

    def save_password(self) -> None:
        """Write a newly typed password to the user-only file; an empty field keeps the old."""
        if self.password.text():
            credentials.save_password(self.password.text())

    def config(self) -> SipConfig:
        """The configuration on the form, with the typed or else the saved password."""
        if not self.registrar.text().strip() or not self.extension.text().strip():
            raise ValueError(self.tr("Enter the router's address and the extension."))
        password = self.password.text()
        if not password:
            try:
                password = credentials.load_password()
            except credentials.CredentialError:
                raise ValueError(self.tr("Enter the password for this extension.")) from None
        local = self.local.text().strip()
        try:
            bind_host, bind_port = parse_address(local, 5062) if local else (None, 5062)
        except ValueError:
            raise ValueError(self.tr("The local address is not valid: %1")
                             .replace("%1", local)) from None
        return SipConfig(registrar=self.registrar.text().strip().strip("[]"),
                         registrar_port=self.registrar_port.value(),
                         extension=self.extension.text().strip(),
                         auth_user=self.user.text().strip() or None, password=password,
                         bind_host=bind_host, bind_port=bind_port)

    # -- registration test -------------------------------------------------------------
    def test_registration(self) -> None:
        try:
            config = self.config()
        except ValueError as exc:
            self.result.setText(str(exc))
            return
        running = self.slot.current
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Registering…"))
        self.result_detail.setText("")

        def work(_job):
            from desk_app.callerid.sip.source import test_registration

            if getattr(running, "config", None) == config and running.running:
                return running.test_registration()  # the desk's own agent re-registers
            # a throw-away agent on a free port, so the desk's listener is not in the way
            return test_registration(dataclasses.replace(config, bind_port=0), 10.0)

        self.tasks.start(work, self._tested, self._test_failed, name="SIP registration test")

    def _test_failed(self, exc: BaseException) -> None:
        if self.closed:
            return
        self.test_button.setEnabled(True)
        self.result.setText(self.tr("Registration: %1").replace(
            "%1", domain_text.callerid_failure(exc)))
        self.result_detail.setText("")

    def _tested(self, result) -> None:
        if self.closed:
            return
        self.test_button.setEnabled(True)
        self.result.setText(self.tr("Registration: %1").replace("%1", reg_words(result.state)))
        self.result_detail.setText(domain_text.source_detail(result))

    # -- last INVITE -------------------------------------------------------------------
    def show_running_invite(self) -> None:
        """Show the desk's newest INVITE, once (a test call shown meanwhile stays put)."""
        invite = getattr(self.slot.current, "last_invite", None)
        if invite is not None and invite is not self._shown_invite:
            self._shown_invite = invite
            self.show_invite(invite)

    def show_invite(self, invite) -> None:
        """A :class:`~desk_app.callerid.sip.source.LastInvite`: raw text and what was read."""
        self.raw.setPlainText(redact(invite.raw))  # redacted already; a second pass costs nothing
        event = invite.event
        self.invite_number.setText(event.number or "—")
        self.invite_name.setText(event.name or "—")
        self.invite_withheld.setText(fmt.withheld(event.withheld) if event.withheld else "—")


def reg_words(state: RegState) -> str:
    """内線登録 status words from the glossary."""
    from PySide6.QtCore import QCoreApplication as Qc

    return {RegState.REGISTERED: Qc.translate("SipPage", "Registered"),
            RegState.WRONG_PASSWORD: Qc.translate("SipPage", "Cannot register (wrong password)"),
            RegState.NOT_ANSWERING: Qc.translate("SipPage", "No answer"),
            RegState.REJECTED: Qc.translate("SipPage", "Cannot register (refused)"),
            RegState.REGISTERING: Qc.translate("SipPage", "Registering…"),
            RegState.UNREGISTERED: Qc.translate("SipPage", "Not registered")}[state]
