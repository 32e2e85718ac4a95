"""Caller-ID settings: the port list with USB ids, the raw monitor, 「次の着信を待つ」 against a
real socat pty pair with the modem emulator, sharing the port with the desk, and saving."""

from __future__ import annotations

import socket
import threading

import pytest
from PySide6.QtCore import Qt
from settings_peers import choose, load, open_dialog, require_tool

from desk_app.callerid import serial_source
from desk_app.ui.core.sources import build_source
from desk_app.ui.settings.monitor import MAX_BYTES, RawFeed, RawMonitor

PORTS = [{"device": "/dev/ttyACM0", "description": "USB Modem", "vid_pid": "0572:1340",
          "serial_number": "A1B2"},
         {"device": "/dev/ttyS0", "description": None, "vid_pid": None, "serial_number": None}]




@pytest.fixture
def pty(tmp_path):
    helpers = load("callerid_helpers", "callerid")
    pair = helpers.PtyPair(require_tool("socat"), tmp_path)
    pair.start()
    device = helpers.DeviceEmulator(pair.dev_link, baud=115200)
    yield pair, device, helpers.CORPUS
    device.close()
    pair.stop()


def test_port_list_shows_usb_ids_and_binds_by_usb_id(qtbot, slot_desk, monkeypatch):
    services, window = slot_desk
    monkeypatch.setattr(serial_source, "list_ports", lambda: PORTS)
    dialog = open_dialog(qtbot, window)
    choose(dialog, "modem")
    table = dialog.device.table
    assert [table.item(0, c).text() for c in range(4)] == ["/dev/ttyACM0", "USB Modem",
                                                           "0572:1340", "A1B2"]
    assert table.item(1, 0).text() == "/dev/ttyS0" and table.item(1, 2).text() == ""
    table.selectRow(0)
    assert dialog.device.port.text() == "/dev/ttyACM0"
    dialog.device.by_usb.setChecked(True)
    assert dialog.device.port.text() == "usb:0572:1340:A1B2"
    table.selectRow(1)  # no USB id: only the name can be saved
    assert dialog.device.port.text() == "/dev/ttyS0" and not dialog.device.by_usb.isEnabled()
    table.selectRow(0)
    dialog.device.profile.setCurrentIndex(dialog.device.profile.findData("japan"))
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    from desk_app import config as desk_config

    assert services.config.callerid == desk_config.load().callerid  # saved in the file
    assert services.config.callerid.source == "modem"
    assert services.config.callerid.port == "usb:0572:1340:A1B2"
    assert services.config.callerid.profile == "japan"
    source = build_source(None, services.config)  # what the desk builds from it
    assert source.port_spec == "usb:0572:1340:A1B2" and source.profile.name == "japan"


def test_raw_monitor_escapes_switches_to_hex_and_stays_bounded(qtbot, ja_app):
    monitor = RawMonitor()
    qtbot.addWidget(monitor)
    monitor.append(b"NMBR = 0312\r\n\x02\xff\\")
    assert monitor.text() == "NMBR = 0312\\r\\n\n\\x02\\xff\\\\"
    monitor.append("ヤマダ".encode()[:4])  # a character split between two reads
    monitor.append("ヤマダ".encode()[4:])
    assert monitor.text().endswith("ヤマダ")
    monitor.hex.setChecked(True)
    assert monitor.text().startswith("4e 4d 42 52 20 3d 20 30 33 31 32 0d 0a 02 ff 5c\n")

    delivered, bridge = [], _Bridge()
    feed = RawFeed(bridge, lambda data, dropped: delivered.append((len(data), dropped)))
    writer = threading.Thread(target=lambda: [feed(b"x" * 100) for _ in range(5000)])
    writer.start()
    writer.join()
    assert bridge.posted == 1  # 5000 reads while no flush ran: one queued call
    bridge.run()
    assert delivered == [(MAX_BYTES, 500_000 - MAX_BYTES)]  # bounded; the rest counted
    feed(b"more")
    bridge.run()
    assert delivered[-1] == (4, 0)


class _Bridge:
    """Counts posts; runs them when asked (the real bridge is covered by the pty tests)."""

    def __init__(self) -> None:
        self.calls, self.posted = [], 0

    def post_call(self, fn, *args) -> None:
        self.posted += 1
        self.calls.append((fn, args))

    def run(self) -> None:
        while self.calls:
            fn, args = self.calls.pop(0)
            fn(*args)


def test_wait_for_next_call_on_a_socat_pty(qtbot, slot_desk, pty):
    _services, window = slot_desk
    pair, device, corpus = pty
    dialog = open_dialog(qtbot, window)
    choose(dialog, "modem")
    dialog.device.port.setText(str(pair.app_link))
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.trial.state.text().startswith("接続中"), timeout=5000)
    assert device.commands[:3] == ["ATZ", "ATE0", "AT+VCID=1"]
    device.write((corpus / "S1" / "raw.bin").read_bytes(), paced=True)
    qtbot.waitUntil(lambda: dialog.trial.number.text() == "504551234", timeout=5000)
    assert dialog.trial.name.text() == "A N OTHER"
    assert "NMBR = 504551234\\r" in dialog.trial.monitor.text()
    qtbot.waitUntil(lambda: not dialog.trial.running, timeout=1000)
    assert dialog.trial.button.text() == "次の着信を待つ"

    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)  # again: a payphone
    qtbot.waitUntil(lambda: dialog.trial.state.text().startswith("接続中"), timeout=5000)
    assert dialog.trial.number.text() == "—"  # the last result was cleared
    device.write((corpus / "S31b" / "raw.bin").read_bytes(), paced=True)
    qtbot.waitUntil(lambda: dialog.trial.withheld.text() == "公衆電話", timeout=5000)
    assert dialog.trial.number.text() == "—"
    assert window.popups.popups == []  # a test call never pops on the desk
    dialog.reject()


def test_a_missing_port_shows_reconnecting_until_the_test_is_stopped(qtbot, slot_desk,
                                                                     tmp_path):
    _services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    choose(dialog, "aloha")
    dialog.device.port.setText(str(tmp_path / "ttyGONE"))
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    assert dialog.trial.button.text() == "テストを終了"
    qtbot.waitUntil(lambda: dialog.trial.state.text().startswith("再接続中 — "), timeout=5000)
    assert "ttyGONE" in dialog.trial.history.item(0).text()
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    assert dialog.trial.button.text() == "次の着信を待つ"
    assert dialog.trial.note.text() == "テストを終了しました。"
    dialog.reject()


def test_test_borrows_the_desks_port_and_gives_it_back(qtbot, slot_desk, pty):
    services, window = slot_desk
    pair, device, corpus = pty
    desk_source = build_source("modem", services.config, port=str(pair.app_link))
    window.source_slot.replace(desk_source)
    qtbot.waitUntil(lambda: "接続中" in window.source_label.text(), timeout=5000)

    dialog = open_dialog(qtbot, window)
    choose(dialog, "modem")
    dialog.device.port.setText(str(pair.app_link))
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.trial.state.text().startswith("接続中"), timeout=5000)
    assert "未接続" in window.source_label.text()  # the desk let go of the port
    device.write((corpus / "S30" / "raw.bin").read_bytes(), paced=True)
    qtbot.waitUntil(lambda: dialog.trial.number.text() == "0312345678", timeout=5000)
    qtbot.waitUntil(lambda: "接続中" in window.source_label.text(), timeout=5000)  # back
    assert window.popups.popups == []
    dialog.reject()
    device.write((corpus / "S1" / "raw.bin").read_bytes(), paced=True)
    qtbot.waitUntil(lambda: len(window.popups.popups) == 1, timeout=5000)  # desk listens


def test_saving_restarts_the_desk_source(qtbot, slot_desk):
    services, window = slot_desk
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)
    try:
        dialog = open_dialog(qtbot, window)
        choose(dialog, "ncid")
        dialog.device.host.setText("127.0.0.1")
        dialog.device.net_port.setValue(server.getsockname()[1])
        with qtbot.waitSignal(dialog.saved):
            dialog.accept()
        conn, _ = server.accept()  # the desk's new NCID source connected
        assert services.config.callerid.source == "ncid"
        assert services.config.callerid.port == str(server.getsockname()[1])
        assert window.source_slot.current.name == "ncid"

        dialog = open_dialog(qtbot, window)
        assert dialog.device.host.text() == "127.0.0.1"
        choose(dialog, "")
        with qtbot.waitSignal(dialog.saved):
            dialog.accept()
        conn.settimeout(5)
        assert conn.recv(100) == b""  # the NCID source was stopped
        assert window.source_slot.current is None
        assert services.config.callerid.source == ""
        conn.close()
    finally:
        server.close()


def test_a_trial_that_cannot_start_says_why_in_japanese(qtbot, slot_desk, monkeypatch):
    """Building the source failed (here the operating system refused it): the test's state
    gives the reason as a message code in Japanese, not the exception's English."""
    import errno

    from desk_app.ui.core import sources

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(sources, "source_from", refused)
    _services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    choose(dialog, "ncid")
    qtbot.mouseClick(dialog.trial.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "開始できません" in dialog.trial.state.text(), timeout=5000)
    assert dialog.trial.state.text() == "開始できません: ポートを使う権限がありません"
    dialog.reject()


def test_saving_unchanged_settings_keeps_the_running_source(qtbot, slot_desk):
    """The demo started from the command line (`--demo`) is not the saved setting: saving
    the settings without touching how calls arrive must not stop it (a clerk's trial saw
    caller ID stop after 保存 on an unchanged page)."""
    services, window = slot_desk
    demo = build_source("demo", services.config, services.store, demo_interval=3600)
    window.source_slot.replace(demo).result(10)
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=5000)
    dialog = open_dialog(qtbot, window)
    assert dialog.kind.currentData() == ""  # the saved setting: none
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=5000)
    assert window.source_slot.current is demo and not dialog.source_changed
