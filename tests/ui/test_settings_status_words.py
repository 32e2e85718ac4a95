"""Caller-ID status particulars in the clerk's language: a status from each source kind (as
the source's own code builds it) reads Japanese on the trial panel, in the status bar and on
the SIP page; the English ``detail`` is what the CLI and the log keep."""

from __future__ import annotations

import re

import pytest
from settings_peers import choose, open_dialog

from desk_app.callerid.base import SourceState
from desk_app.callerid.demo import DemoNumbers, DemoSource
from desk_app.callerid.formats import get
from desk_app.callerid.network_sources import NcidSource, ServerClosed, WhozzSource, YacSource
from desk_app.callerid.parsers._common import take_ignored_count
from desk_app.callerid.serial_source import SerialSource
from desk_app.callerid.sip.config import SipConfig
from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.registration import RegistrationClient, RegistrationParams
from desk_app.callerid.sip.source import SipSource, _result
from desk_app.domain.messages import Problem

LATIN_OK = {"NCID", "UDP", "TCP", "SIP", "ID", "Forbidden"}  # names; the registrar's phrase


def statuses(tmp_path):
    """(kind, status) pairs, each made by the source's own methods (the I/O thread's calls)."""
    out = []

    def record(source, *steps):
        seen = []
        source.connect(lambda e: None, seen.append)
        for step in steps:
            step(source)
        out.extend((source.name, s) for s in seen)

    fmt = get("modem")
    gone = SerialSource(get("aloha"), str(tmp_path / "ttyGONE"), get("aloha").serial)

    def missing(source):
        try:
            source._open()
        except OSError as exc:
            source._set_status(SourceState.RECONNECTING, source._reason(exc), str(exc))

    record(gone, missing)
    take_ignored_count()  # what earlier tests on this thread left uncounted
    record(SerialSource(fmt, "/dev/ttyUSB0", fmt.serial),
           lambda s: s._connected(Problem("callerid.port", {"port": "/dev/ttyUSB0"})),
           lambda s: s._deliver(b"\xff garbage zzzz\r\n" * 5, 0.0), lambda s: s._flush(100.0))
    ncid = NcidSource("127.0.0.1", 3333)
    record(ncid, lambda s: s._connected(Problem("callerid.server", {"address": "127.0.0.1:3333"})),
           lambda s: s._set_status(SourceState.RECONNECTING, s._reason(ServerClosed(Problem(
               "callerid.server_closed", {"address": "127.0.0.1:3333"})))),
           lambda s: s._set_status(SourceState.RECONNECTING,
                                   s._reason(ConnectionRefusedError(111, "Connection refused"))))
    for cls, proto in ((WhozzSource, "udp"), (YacSource, "tcp")):
        record(cls("0.0.0.0", 3520), lambda s, proto=proto: s._connected(
            Problem(f"callerid.listening_{proto}", {"address": "0.0.0.0:3520"})))
    record(DemoSource(DemoNumbers((), (), ())),
           lambda s: s._set_status(SourceState.CONNECTED, Problem("callerid.demo")))
    client = RegistrationClient(RegistrationParams("192.168.1.1", 5060, "3", "3", "pw",
                                                   "192.168.1.10", 5062))
    client.request()
    sip = SipSource(SipConfig(registrar="192.168.1.1", extension="3"))
    for outcome in (client.on_response(parse_message(_response("SIP/2.0 403 Forbidden"))),
                    client.on_timeout(),
                    client.on_response(parse_message(_response("SIP/2.0 200 OK")))):
        record(sip, lambda s, o=outcome: s._registration_status(o.state, o.message, o.detail))
    return out


def _response(status_line: str) -> bytes:
    lines = [status_line, "Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKx",
             "From: <sip:3@192.168.1.1>;tag=a", "To: <sip:3@192.168.1.1>;tag=b",
             "Call-ID: x", "CSeq: 1 REGISTER", "Expires: 600", "Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


def english_words(text: str) -> set[str]:
    """Latin words left once device paths are taken out: there should be none but names."""
    return set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\S*/\S*", "", text))) - LATIN_OK


EXPECTED = {  # the particulars each kind's statuses must show, in order
    "aloha": ["ttyGONE: ポートが見つかりません（機器が抜けていませんか）"],
    "modem": ["/dev/ttyUSB0", "機器から読めないデータを"],
    "ncid": ["127.0.0.1:3333", "NCIDサーバー 127.0.0.1:3333 が接続を切りました",
             "127.0.0.1:3333: 接続を拒否されました"],
    "whozz": ["UDP 0.0.0.0:3520 で待ち受け中"],
    "yac": ["TCP 0.0.0.0:3520 で待ち受け中"],
    "demo": ["デモの着信"],
    "sip": ["登録できません（パスワード誤り）: 登録サーバーがユーザーID 3 を拒否しました",
            "応答なし: 192.168.1.1:5060 から応答がありません", "内線 3 として登録済み"],
}


def test_each_source_kinds_status_reads_japanese_on_the_trial_panel(qtbot, slot_desk,
                                                                   tmp_path):
    _services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    trial = dialog.trial
    seen: dict[str, list[str]] = {}
    for kind, status in statuses(tmp_path):
        assert status.message is not None, (kind, status)
        assert not english_words(status.text("ja")), (kind, status.text("ja"))
        trial._status(trial._token, status)
        text = trial.state.text()
        assert " — " in text and not english_words(text), text
        seen.setdefault(kind, []).append(text)
        assert trial.history.item(trial.history.count() - 1).text().endswith(text)
    assert set(seen) == set(EXPECTED)
    for kind, parts in EXPECTED.items():
        assert len(seen[kind]) == len(parts), (kind, seen[kind])
        for text, part in zip(seen[kind], parts, strict=True):
            assert part in text, (kind, text)
    assert seen["sip"][2] == "接続中 — 内線 3 として登録済み"
    assert seen["ncid"][1].startswith("再接続中 — ")
    dialog.reject()


def test_status_bar_names_the_source_and_words_the_detail(qtbot, slot_desk, tmp_path):
    _services, window = slot_desk
    by_kind = dict(statuses(tmp_path))  # the last status of each kind
    window.show_source_status(by_kind["modem"])
    assert window.source_label.text() == "発信者番号（モデム）: エラー"
    assert window.source_label.toolTip().startswith("機器から読めないデータを")
    window.show_source_status(by_kind["aloha"])
    assert window.source_label.text() == "発信者番号（ナンバー・ディスプレイアダプタ(アロハ)）: 再接続中"
    window.show_source_status(by_kind["demo"])
    assert window.source_label.text() == "発信者番号（デモ）: 接続中"
    assert window.source_label.toolTip() == "デモの着信"
    window.show_source_status(by_kind["sip"])
    assert window.source_label.toolTip() == "内線 3 として登録済み"


def test_settings_name_the_kinds_from_the_catalogue(qtbot, slot_desk):
    _services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    labels = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert labels[:2] == ["モデム", "ナンバー・ディスプレイアダプタ(アロハ)"]
    assert "デモ" in labels and "SIP" in labels and "NCID" in labels
    dialog.reject()


@pytest.mark.parametrize(("status_line", "words"), [
    ("SIP/2.0 403 Forbidden", "登録できません（パスワード誤り）: 登録サーバーがユーザーID 3 を"
                              "拒否しました（403 Forbidden）"),
    ("SIP/2.0 200 OK", "内線 3 として登録済み"),
])
def test_sip_page_words_the_registration_result(qtbot, slot_desk, status_line, words):
    _services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    choose(dialog, "sip")
    client = RegistrationClient(RegistrationParams("192.168.1.1", 5060, "3", "3", "pw",
                                                   "192.168.1.10", 5062))
    client.request()
    outcome = client.on_response(parse_message(_response(status_line)))
    assert outcome is not None
    result = _result(outcome)
    dialog.sip._tested(result)
    assert dialog.sip.result_detail.text() == words
    assert result.detail != words  # the English stays for the CLI's `sip test`
    dialog.reject()
