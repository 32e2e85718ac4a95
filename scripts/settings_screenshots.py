"""Render the caller-ID settings pages offscreen to PNG (docs/screenshots/WxH/settings-*.png).

    .venv/bin/python scripts/settings_screenshots.py [--out docs/screenshots] [--lang ja|en]

Builds the real dialog on a throw-away desk (same ``build_desk`` and ``setup_app``, so the
shipped IPAexGothic font renders the kanji) and fills it with what an installer sees mid-test:
a port list with USB ids, a modem's raw lines and the call parsed from them, a registration
result and a corpus INVITE. Data is fed to the same GUI-thread methods the bridge calls, so the
pictures are deterministic.
"""

from __future__ import annotations

import os
import sys

from offscreen import ROOT, settle, setup_screen, shot_args

SCREEN = setup_screen()  # before anything imports PySide6
SHARED = ROOT.parent / "shared"
PORTS = [
    {"device": "/dev/ttyACM0", "description": "USB Modem (Conexant)", "vid_pid": "0572:1340",
     "serial_number": "12345678"},
    {"device": "/dev/ttyS0", "description": None, "vid_pid": None, "serial_number": None},
    {"device": "/dev/ttyUSB0", "description": "ALOHA USB Number Display adapter",
     "vid_pid": "0403:6001", "serial_number": "AL0042"},
]


def main() -> int:
    args, out, tmp = shot_args("desk-settings-shots-")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")  # the SIP password file

    from PySide6.QtWidgets import QApplication

    from desk_app.callerid import serial_source
    from desk_app.callerid.base import SourceState, SourceStatus
    from desk_app.callerid.formats import make_parser
    from desk_app.callerid.sip.caller import call_event
    from desk_app.callerid.sip.message import parse_message
    from desk_app.callerid.sip.registration import RegState
    from desk_app.callerid.sip.source import LastInvite, RegistrationResult
    from desk_app.domain.messages import Problem
    from desk_app.store.db import Store
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app
    from desk_app.ui.settings.dialog import SettingsDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app, args.lang)
    from desk_app.config import CallerIdSettings, DeskConfig, SipSettings

    config = DeskConfig(callerid=CallerIdSettings(source="modem", port="usb:0572:1340:12345678",
                                                  profile="japan"),
                        sip=SipSettings(registrar="192.168.1.1:5060", extension="3", user="3"))
    store = Store(f"sqlite:///{tmp / 'shots.db'}")
    services, window = build_desk(store, operator_id=1, operator_name="佐藤",
                                  language=args.lang, config=config,
                                  config_path=tmp / "desk.toml")
    suffix = "" if args.lang == "ja" else "-en"

    serial_source.list_ports = lambda: PORTS  # the dialog lists them through the real path
    dialog = SettingsDialog(services, window.source_slot, parent=window)
    dialog.show()
    while not dialog.device.refresh_button.isEnabled():
        app.processEvents()
    settle(app)
    trial = dialog.trial
    trial._running, token = True, trial._token  # as if 「次の着信を待つ」 had been pressed
    trial.button.setText(trial.tr("Stop the test"))
    trial._status(token, SourceStatus("modem", SourceState.CONNECTED, message=Problem(
        "callerid.port", {"port": "/dev/ttyACM0"})))
    raw = (SHARED / "callerid-corpus" / "S30" / "raw.bin").read_bytes()
    trial._raw(token, raw, 0)
    parser = make_parser("modem")
    [event] = parser.feed(raw, 0.0) + parser.flush(1e9)
    trial._event(token, event)
    settle(app)
    dialog.grab().save(str(out / f"settings-callerid{suffix}.png"))

    dialog.kind.setCurrentIndex(dialog.kind.findData("sip"))
    text = (SHARED / "sip-corpus" / "SIPC07" / "invite.sip").read_bytes()
    msg = parse_message(text)
    event = call_event(msg, line="3")
    trial._token += 1  # a second test, now with the SIP extension
    token = trial._token
    trial.history.clear()
    trial.monitor.clear()
    # the statuses and the test result as the SIP source words them (codes, parameters)
    trial._status(token, SourceStatus("sip", SourceState.RECONNECTING, message=Problem(
        "sip.registering", {"registrar": "192.168.1.1"})))
    registered = Problem("sip.registered", {"extension": "3"})
    trial._status(token, SourceStatus("sip", SourceState.CONNECTED, message=registered))
    trial._raw(token, msg.text.encode(), 0)
    trial._event(token, event)
    dialog.sip.show_invite(LastInvite(msg.text, event))
    dialog.sip._tested(RegistrationResult(True, RegState.REGISTERED, registered.text("en"),
                                          200, 600, registered))
    settle(app)
    dialog.grab().save(str(out / f"settings-sip{suffix}.png"))
    dialog.reject()
    window.source_slot.shutdown()
    services.stop()
    print(f"settings-callerid{suffix}.png, settings-sip{suffix}.png written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
