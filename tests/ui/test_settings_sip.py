"""SIP settings: registration test against kamailio (登録済み, then a wrong password), the
last-INVITE panel filled by a running SipSource from a corpus INVITE, and the password kept
out of the settings file (mode 0600) while the desk restarts with the saved extension."""

from __future__ import annotations

import socket
import stat

import pytest
from PySide6.QtCore import Qt
from settings_peers import SHARED, choose, load, open_dialog

from desk_app.callerid.sip import credentials
from desk_app.ui.settings.dialog import page_of


@pytest.fixture
def sip():
    """tests/sip's helpers: free_port, and kamailio started from ../shared/peers."""
    return load("sip_helpers", "sip"), load("sip_peers", "sip")


def fill(page, registrar_port: int, password: str, local: str = "127.0.0.1") -> None:
    page.registrar.setText("127.0.0.1")
    page.registrar_port.setValue(registrar_port)
    page.extension.setText("3")
    page.user.setText("3")
    page.password.setText(password)
    page.local.setText(local)


def test_registration_test_against_kamailio(qtbot, slot_desk, sip, tmp_path):
    _services, window = slot_desk
    _helpers, peers = sip
    with peers.kamailio(tmp_path) as port:
        dialog = open_dialog(qtbot, window)
        choose(dialog, "sip")
        assert page_of(dialog.tabs.currentWidget()) is dialog.sip
        page = dialog.sip
        fill(page, port, "secret")
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert page.result.text() == "登録中…"  # the click returned: the test runs elsewhere
        assert not page.test_button.isEnabled()
        qtbot.waitUntil(page.test_button.isEnabled, timeout=15000)
        assert page.result.text() == "内線登録: 登録済み"

        page.password.setText("wrong")
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.test_button.isEnabled, timeout=15000)
        assert page.result.text() == "内線登録: 登録できません（パスワード誤り）"
        assert page.result_detail.text().startswith("登録できません（パスワード誤り）: ")
        assert "ユーザーID 3" in page.result_detail.text()  # the particulars, in Japanese
        dialog.reject()


def test_last_invite_panel_fills_from_the_sip_source(qtbot, slot_desk, sip):
    _services, window = slot_desk
    helpers, _peers = sip
    silent, listen = helpers.free_port(), helpers.free_port()
    dialog = open_dialog(qtbot, window)
    choose(dialog, "sip")
    fill(dialog.sip, silent, "x", local=f"127.0.0.1:{listen}")
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "に内線登録しています" in dialog.trial.state.text(), timeout=5000)

    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    text = (SHARED / "sip-corpus" / "SIPC07" / "invite.sip").read_text(encoding="utf-8")
    text = text.replace("Via: SIP/2.0/UDP 192.168.1.1:5060;",
                        f"Via: SIP/2.0/UDP 127.0.0.1:{peer.getsockname()[1]};rport;")
    text = text.replace("CSeq: 1 INVITE\r\n", "CSeq: 1 INVITE\r\nAuthorization: Digest "
                        'username="3", realm="hgw.test", response="0123456789abcdef"\r\n')
    try:
        peer.sendto(text.encode("utf-8"), ("127.0.0.1", listen))
        page = dialog.sip
        qtbot.waitUntil(lambda: page.invite_number.text() == "0298765432", timeout=5000)
    finally:
        peer.close()
    assert page.invite_name.text() == "ヤマダ タロウ" and page.invite_withheld.text() == "—"
    raw = page.raw.toPlainText()
    assert "P-Asserted-Identity: <sip:0298765432@ntt-east.ne.jp>" in raw
    assert "Authorization" not in raw and "0123456789abcdef" not in raw
    assert dialog.trial.number.text() == "0298765432"  # the test saw the call too
    assert "INVITE sip:3@192.168.1.1 SIP/2.0\\n" in dialog.trial.monitor.text()  # as text, escaped
    dialog.reject()


def test_password_goes_to_a_user_only_file_and_the_desk_restarts(qtbot, slot_desk, sip):
    services, window = slot_desk
    helpers, _peers = sip
    silent, listen = helpers.free_port(), helpers.free_port()
    dialog = open_dialog(qtbot, window)
    choose(dialog, "sip")
    fill(dialog.sip, silent, "pa55-word", local=f"127.0.0.1:{listen}")
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()

    path = credentials.default_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == "pa55-word"
    from desk_app import config as desk_config

    saved = desk_config.default_path().read_text(encoding="utf-8")
    assert "pa55-word" not in saved
    assert desk_config.load().sip == services.config.sip
    assert services.config.sip.registrar == f"127.0.0.1:{silent}"
    assert services.config.sip.local == f"127.0.0.1:{listen}"

    source = window.source_slot.current  # built by build_source from what was saved
    assert source.name == "sip" and source.config.password == "pa55-word"
    assert (source.config.bind_host, source.config.bind_port) == ("127.0.0.1", listen)
    qtbot.waitUntil(lambda: source.wait_started(0) and source.agent is not None, timeout=5000)
    assert source.agent.local_address == ("127.0.0.1", listen)

    dialog = open_dialog(qtbot, window)  # an empty field keeps the saved password
    assert dialog.sip.password.text() == ""
    assert dialog.sip.password.placeholderText() == "保存済み（変更するときだけ入力）"
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    assert path.read_text(encoding="utf-8") == "pa55-word"


def test_a_registration_test_that_fails_says_why_in_japanese(qtbot, slot_desk, sip,
                                                            monkeypatch):
    """The test itself failed (here the operating system refused the socket): the reason
    as a message code in Japanese, not the exception's English."""
    import errno

    from desk_app.callerid.sip import source

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(source, "test_registration", refused)
    _services, window = slot_desk
    helpers, _peers = sip
    dialog = open_dialog(qtbot, window)
    choose(dialog, "sip")
    fill(dialog.sip, helpers.free_port(), "x")
    qtbot.mouseClick(dialog.sip.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sip.test_button.isEnabled, timeout=5000)
    assert dialog.sip.result.text() == "内線登録: ポートを使う権限がありません"
    dialog.reject()
