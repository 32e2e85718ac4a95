"""Source status as message codes: each source kind's real status, worded in Japanese from
the catalogue, with ``detail`` still the English text the CLI prints and the log keeps."""

from __future__ import annotations

import errno
import re
import socket
import threading

import pytest
from callerid_helpers import CORPUS, Collector

from desk_app.callerid.base import SourceState, SourceStatus
from desk_app.callerid.formats import get
from desk_app.callerid.network_sources import NcidSource, WhozzSource, YacSource
from desk_app.callerid.parsers._common import take_ignored_count
from desk_app.callerid.serial_source import ModemSilent, PortNotFound, SerialSource, resolve_port
from desk_app.callerid.sip.config import SipConfig, parse_address
from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.registration import RegistrationClient, RegistrationParams, RegState
from desk_app.callerid.sip.source import _result, with_state
from desk_app.callerid.sources import make_source
from desk_app.callerid.status_messages import SettingError, reason
from desk_app.callerid.threaded import Backoff
from desk_app.domain.messages import CATALOGUE, CodedError, Problem, placeholders

GREETING = (CORPUS / "S36" / "raw.bin").read_bytes()  # 200 banner … 300 End of startup
# words that stay as they are in Japanese: product names, protocols, AT commands' AT
LATIN_OK = {"NCID", "USB", "SIP", "UDP", "TCP", "LAN", "ID", "AT", "Whozz", "Calling",
            "NetCallerID", "YAC", "TCI"}


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_status_codes_are_worded_in_both_languages_and_the_japanese_is_japanese():
    codes = [c for c in CATALOGUE if c.startswith(("callerid.", "sip."))]
    assert len(codes) > 40
    for code in codes:
        ja, en = CATALOGUE[code]
        assert placeholders(ja) == placeholders(en), code
        words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", ja)))
        assert words <= LATIN_OK, (code, words - LATIN_OK)


def test_a_status_carries_code_params_and_the_english_detail():
    status = SourceStatus("ncid", SourceState.CONNECTED, message=Problem(
        "callerid.server_banner", {"address": "127.0.0.1:3333", "banner": "200 Server: ncidd"}))
    assert status.code == "callerid.server_banner"
    assert status.params == {"address": "127.0.0.1:3333", "banner": "200 Server: ncidd"}
    assert status.detail == "127.0.0.1:3333 200 Server: ncidd"  # what `callerid listen` prints
    assert status.text("ja") == "127.0.0.1:3333（200 Server: ncidd）"
    plain = SourceStatus("x", SourceState.ERROR, "only English")
    assert plain.code == "" and plain.text("ja") == "only English"


@pytest.mark.parametrize(("exc", "ja"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "接続を拒否されました"),
    (OSError(errno.EACCES, "Permission denied"), "ポートを使う権限がありません"),
    (OSError(errno.EBUSY, "Device or resource busy"), "他のプログラムが使用中です"),
    (OSError(errno.EIO, "Input/output error"), "機器との通信が途切れました（抜けていませんか）"),
    (socket.gaierror(-2, "Name or service not known"), "ホスト名が見つかりません"),
    (TimeoutError("timed out"), "応答がありません（時間切れ）"),
    (ConnectionResetError(), "接続が切れました"),
    (ValueError("odd"), "接続できません（ValueError）"),
])
def test_reasons_are_named_by_errno_not_by_the_os_text(exc, ja):
    assert reason(exc).text("ja") == ja


def test_serial_missing_port_and_unplugged_usb_and_silent_modem(tmp_path):
    fmt = get("aloha")
    source = SerialSource(fmt, str(tmp_path / "ttyGONE"), fmt.serial)
    with pytest.raises(OSError) as info:
        source._open()
    why = source._reason(info.value)
    assert why.text("ja") == f"{tmp_path / 'ttyGONE'}: ポートが見つかりません（機器が抜けていませんか）"
    with pytest.raises(PortNotFound) as missing:
        resolve_port("usb:0572:1340")
    assert str(missing.value) == "no USB serial device usb:0572:1340 plugged in"  # the CLI's
    assert source._reason(missing.value).text("ja") == (
        "USBシリアル機器 usb:0572:1340 が接続されていません")
    silent = ModemSilent(Problem("callerid.modem_silent", {"port": "/dev/ttyACM0"}))
    assert str(silent) == "/dev/ttyACM0: modem did not answer AT"
    assert source._reason(silent).text("ja").startswith("/dev/ttyACM0: モデムが応答しません")


def test_serial_connected_then_unreadable_bytes(tmp_path):
    fmt = get("aloha")
    source = SerialSource(fmt, "/dev/ttyUSB0", fmt.serial)
    sink = Collector()
    source.connect(sink.on_event, sink.on_status)
    take_ignored_count()  # what earlier tests on this thread left uncounted
    source._connected(Problem("callerid.port", {"port": "/dev/ttyUSB0"}))
    source._deliver(b"\x00\xff garbage zzzz\r\n" * 5, 0.0)  # no ALOHA frame in it
    source._flush(100.0)
    connected, error = sink.statuses[0], sink.statuses[-1]
    assert [s.code for s in sink.statuses[1:]] == ["callerid.ignored"] * (len(sink.statuses) - 1)
    assert (connected.detail, connected.text("ja")) == ("/dev/ttyUSB0", "/dev/ttyUSB0")
    assert error.state is SourceState.ERROR and error.code == "callerid.ignored"
    count = error.params["count"]
    assert count >= 1
    assert error.detail == (f"unreadable data from the device: {count} piece(s) ignored "
                            "(wrong speed or format? see log)")
    assert error.text("ja").startswith(f"機器から読めないデータを{count}件無視しました")


def test_modem_init_problem_is_coded():
    from desk_app.callerid.modem_init import InitResult

    result = InitResult(None, [("ATZ", "OK"), ("AT+VCID=1", "ERROR"), ("AT#CID=1", "ERROR")])
    assert result.problem == "caller ID not enabled: modem rejected AT+VCID=1, AT#CID=1"
    problem = result.problem_message
    assert problem is not None
    assert problem.text("ja") == ("モデムがナンバー・ディスプレイを有効にできません"
                                  "（AT+VCID=1, AT#CID=1 を受け付けません）")
    worded = Problem("callerid.at", {"where": "COM3", "reason": problem})  # as the source shows it
    assert worded.text("en") == "COM3: caller ID not enabled: modem rejected AT+VCID=1, AT#CID=1"
    assert worded.text("ja") == ("COM3: モデムがナンバー・ディスプレイを有効にできません"
                                 "（AT+VCID=1, AT#CID=1 を受け付けません）")


def test_modem_that_was_asked_no_caller_id_command_is_worded_whole():
    from desk_app.callerid.modem_init import InitResult

    result = InitResult(None, [("ATZ", "OK"), ("ATE0", "OK"), ("AT+XVENDOR=7", "ERROR")])
    assert result.problem == "caller ID not enabled: modem rejected every command"
    problem = result.problem_message
    assert problem is not None
    assert problem.text("ja") == ("モデムがナンバー・ディスプレイを有効にできません"
                                  "（どのコマンドも受け付けません）")


def test_ncid_statuses_connected_banner_closed_and_refused():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    conns: list[socket.socket] = []
    accepted = threading.Event()

    def accept() -> None:
        conn, _ = server.accept()
        conn.sendall(GREETING)
        conns.append(conn)
        accepted.set()

    threading.Thread(target=accept, daemon=True).start()
    sink = Collector()
    source = NcidSource("127.0.0.1", port, backoff=Backoff(0.1, 0.2))
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        assert accepted.wait(5)
        where = f"127.0.0.1:{port}"
        with sink._cv:
            assert sink._cv.wait_for(lambda: any(
                s.code == "callerid.server_banner" for s in sink.statuses), 5), sink.statuses
        banner = next(s for s in sink.statuses if s.code == "callerid.server_banner")
        assert banner.detail.startswith(f"{where} 200 Server: ncidd")
        assert banner.text("ja").startswith(f"{where}（200 Server: ncidd")
        marker = len(sink.statuses)
        conns[0].close()
        server.close()
        sink.wait_state("reconnecting", after=marker)
        closed = next(s for s in sink.statuses[marker:] if s.state is SourceState.RECONNECTING)
        assert closed.detail == f"NCID server {where} closed the connection"
        assert closed.text("ja") == f"NCIDサーバー {where} が接続を切りました"
        with sink._cv:
            assert sink._cv.wait_for(lambda: any(
                s.code == "callerid.at" for s in sink.statuses[marker:]), 5), sink.statuses
        refused = next(s for s in sink.statuses[marker:] if s.code == "callerid.at")
        assert refused.text("ja") == f"{where}: 接続を拒否されました"
        assert "Connection refused" in refused.detail  # the CLI's text, as before
    finally:
        source.stop()
        server.close()


@pytest.mark.parametrize(("cls", "kind", "ja"), [(WhozzSource, socket.SOCK_DGRAM, "UDP"),
                                                 (YacSource, socket.SOCK_STREAM, "TCP")])
def test_listening_sources(cls, kind, ja):
    port = free_port(kind)
    sink = Collector()
    source = cls("127.0.0.1", port)
    source.connect(sink.on_event, sink.on_status)
    source.start()
    try:
        sink.wait_state("connected")
        status = source.status
        assert status.detail == f"listening on {ja.lower()} 127.0.0.1:{port}"
        assert status.text("ja") == f"{ja} 127.0.0.1:{port} で待ち受け中"
    finally:
        source.stop()
    assert source.status.state is SourceState.DISCONNECTED and source.status.text("ja") == ""


def _response(status_line: str, *extra: str) -> bytes:
    lines = [status_line, "Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKx",
             "From: <sip:201@192.168.1.1>;tag=a", "To: <sip:201@192.168.1.1>;tag=b",
             "Call-ID: x", "CSeq: 1 REGISTER", *extra, "Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


def test_sip_outcomes_are_coded_and_the_cli_text_is_unchanged():
    client = RegistrationClient(RegistrationParams("192.168.1.1", 5060, "201", "201", "pw",
                                                   "192.168.1.10", 5062))
    client.request()
    cases = [
        (client.on_response(parse_message(_response("SIP/2.0 403 Forbidden"))),
         "wrong password: the registrar refused user ID 201 (403 Forbidden)",
         "登録できません（パスワード誤り）: 登録サーバーがユーザーID 201 を拒否しました"
         "（403 Forbidden）"),
        (client.on_timeout(), "registrar not answering: no answer from 192.168.1.1:5060",
         "応答なし: 192.168.1.1:5060 から応答がありません"),
        (client.on_response(parse_message(_response("SIP/2.0 503 Service Unavailable",
                                                    "Retry-After: 60"))),
         "registrar answered 503 Service Unavailable",
         "登録サーバーが 503 Service Unavailable と応答しました"),
        (client.on_response(parse_message(_response("SIP/2.0 200 OK", "Expires: 600"))),
         "registered as extension 201", "内線 201 として登録済み"),
    ]
    for outcome, english, japanese in cases:
        assert outcome is not None
        message, detail = with_state(outcome.state, outcome.message, outcome.detail)
        assert detail == english
        assert message is not None and message.text("ja") == japanese
        assert message.text("en") == english
        result = _result(outcome)
        assert result.detail == english and result.message == message
    assert cases[2][0].retry_in == 60.0
    assert cases[3][0].state is RegState.REGISTERED
    # the operating system's own words stay the English detail, the state still in front
    unreachable = client.on_unreachable(
        Problem("sip.unreachable", {"registrar": "192.168.1.1",
                                    "reason": Problem("callerid.os.refused")}),
        "192.168.1.1: Connection refused")
    message, detail = with_state(unreachable.state, unreachable.message, unreachable.detail)
    assert detail == "registrar not answering: 192.168.1.1: Connection refused"
    assert message is not None and message.text("ja") == "応答なし: 192.168.1.1: 接続を拒否されました"
    assert with_state(RegState.NOT_ANSWERING, None, "x") == (None, "registrar not answering: x")


def test_sip_source_that_cannot_listen_says_so_in_japanese():
    from desk_app.callerid.sip.source import SipConfig, SipSource

    blocker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    blocker.bind(("127.0.0.1", 0))
    port = blocker.getsockname()[1]
    source = SipSource(SipConfig(registrar="127.0.0.1", registrar_port=free_port(),
                                 extension="3", bind_host="127.0.0.1", bind_port=port))
    statuses: list[SourceStatus] = []
    source.connect(lambda e: None, statuses.append)
    source.start()
    try:
        assert not source.wait_started(5)
        status = statuses[-1]
        assert status.detail.startswith(f"cannot listen for SIP on 127.0.0.1:{port}: ")
        assert status.text("ja") == (f"127.0.0.1:{port} でSIPを受信できません: このアドレスは"
                                     "他のプログラムが使用中です（1秒後に再試行）")
    finally:
        source.stop()
        blocker.close()


def test_every_source_kind_has_a_name_in_the_catalogue():
    from desk_app.callerid.formats import FORMATS
    from desk_app.callerid.status_messages import source_name

    for name in (*FORMATS, "sip", "demo"):
        assert source_name(name).code in CATALOGUE, name
    assert source_name("modem").text("ja") == "モデム"


@pytest.mark.parametrize(("build", "code", "ja"), [
    (lambda: make_source("bogus"), "callerid.setting.unknown_source", "発信者番号の機器「bogus」は使えません"),
    (lambda: make_source("modem"), "callerid.setting.no_device", "モデム: 接続するポート（機器）が設定されていません"),
    (lambda: make_source("ncid", port="abc"), "callerid.setting.bad_port", "ポート番号「abc」は数字ではありません"),
    (lambda: SipConfig(registrar="", extension="201"), "callerid.setting.sip_registrar", "アドレスが設定されていません"),
    (lambda: SipConfig(registrar="192.168.1.1", extension=" "), "callerid.setting.sip_extension", "内線番号が設定されていません"),
    (lambda: SipConfig(registrar="192.168.1.1", extension="201", transport="sctp"), "callerid.setting.sip_transport", "通信方式「sctp」"),
    (lambda: parse_address(":5060", 5060), "callerid.setting.sip_address", "アドレス「:5060」が正しくありません"),
])
def test_a_bad_setting_is_a_typed_error_with_a_code_worded_in_japanese(build, code, ja):
    with pytest.raises(SettingError) as caught:
        build()
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do
    assert isinstance(caught.value, CodedError) and caught.value.code == code
    assert caught.value.message.code == code and reason(caught.value).code == code
    assert ja in caught.value.message.text("ja")
    assert str(caught.value) == caught.value.message.text("en")  # the log and the CLI


def test_the_desks_worded_io_errors_keep_their_kind_and_their_code():
    from desk_app.callerid.modem_init import InitError
    from desk_app.callerid.network_sources import ServerClosed
    from desk_app.callerid.serial_source import PortNotFound

    for kind, base, problem in [
            (InitError, RuntimeError, Problem("callerid.init_refused",
                                              {"answer": "ERROR", "command": "ATZ"})),
            (ServerClosed, ConnectionError, Problem("callerid.server_closed",
                                                    {"address": "10.0.0.2:3333"})),
            (PortNotFound, OSError, Problem("callerid.usb_missing", {"spec": "0403:6001"}))]:
        exc = kind(problem)
        assert isinstance(exc, base) and exc.message == problem and reason(exc) == problem
        assert str(exc) == problem.text("en")
