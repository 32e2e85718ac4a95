"""Message codes for caller-ID source status, in Japanese and English.

Sources report their state with a :class:`~desk_app.domain.messages.Problem` (a code and
its parameters) so that the desk shows the particulars in the clerk's language; the
English rendering stays the status's ``detail`` for logs and the CLI. Parameters are
device paths, addresses, ports, counts and SIP status codes: never a caller's number or
name. Registered in the one catalogue (``desk_app.domain.messages``) at import time.
"""

from __future__ import annotations

import errno
import socket

from desk_app.domain import messages
from desk_app.domain.messages import Problem

messages.register({
    # the source kinds, as the status bar and the settings name them
    "callerid.source.modem": ("モデム", "Modem"),
    "callerid.source.aloha": ("ナンバー・ディスプレイアダプタ(アロハ)",
                              "Number Display adapter (ALOHA)"),
    "callerid.source.ncid": ("NCID", "NCID"),
    "callerid.source.whozz": ("Whozz Calling", "Whozz Calling"),
    "callerid.source.tci": ("TCI", "TCI"),
    "callerid.source.netcallerid": ("NetCallerID", "NetCallerID"),
    "callerid.source.yac": ("YAC", "YAC"),
    "callerid.source.sip": ("SIP", "SIP"),
    "callerid.source.demo": ("デモ", "Demo"),
    # serial and network sources
    "callerid.demo": ("デモの着信", "demo"),
    "callerid.port": ("{port}", "{port}"),
    "callerid.server": ("{address}", "{address}"),
    "callerid.server_banner": ("{address}（{banner}）", "{address} {banner}"),
    "callerid.listening_udp": ("UDP {address} で待ち受け中", "listening on udp {address}"),
    "callerid.listening_tcp": ("TCP {address} で待ち受け中", "listening on tcp {address}"),
    "callerid.unreadable": ("機器から読めないデータが届きました（ログを参照）",
                            "unreadable data from the device (see log)"),
    "callerid.ignored": ("機器から読めないデータを{count}件無視しました（通信速度か形式の"
                         "設定違いかもしれません。ログを参照）",
                         "unreadable data from the device: {count} piece(s) ignored "
                         "(wrong speed or format? see log)"),
    # the modem's answer to the caller-ID commands; the source puts its port in front
    "callerid.cid_not_enabled": ("モデムがナンバー・ディスプレイを有効にできません"
                                 "（{tried} を受け付けません）",
                                 "caller ID not enabled: modem rejected {tried}"),
    "callerid.cid_not_enabled_any": ("モデムがナンバー・ディスプレイを有効にできません"
                                     "（どのコマンドも受け付けません）",
                                     "caller ID not enabled: modem rejected every command"),
    "callerid.init_refused": ("モデムが {command} に {answer} と応答しました",
                              "modem answered {answer} to {command}"),
    "callerid.usb_missing": ("USBシリアル機器 {spec} が接続されていません",
                             "no USB serial device {spec} plugged in"),
    "callerid.modem_silent": ("{port}: モデムが応答しません（電源・ケーブルを確認してください）",
                              "{port}: modem did not answer AT"),
    "callerid.server_closed": ("NCIDサーバー {address} が接続を切りました",
                               "NCID server {address} closed the connection"),
    # why a connection failed, from the operating system's error
    "callerid.at": ("{where}: {reason}", "{where}: {reason}"),
    "callerid.os.refused": ("接続を拒否されました", "connection refused"),
    "callerid.os.no_port": ("ポートが見つかりません（機器が抜けていませんか）",
                            "no such port (is the device unplugged?)"),
    "callerid.os.denied": ("ポートを使う権限がありません", "permission denied"),
    "callerid.os.busy": ("他のプログラムが使用中です", "in use by another program"),
    "callerid.os.in_use": ("このアドレスは他のプログラムが使用中です",
                           "address already in use"),
    "callerid.os.bad_address": ("このアドレスはこのパソコンにありません",
                                "address not available on this computer"),
    "callerid.os.timeout": ("応答がありません（時間切れ）", "timed out"),
    "callerid.os.unreachable": ("相手に届きません（ネットワークを確認してください）",
                                "host unreachable"),
    "callerid.os.reset": ("接続が切れました", "connection reset"),
    "callerid.os.io": ("機器との通信が途切れました（抜けていませんか）",
                       "input/output error (unplugged?)"),
    "callerid.os.no_host": ("ホスト名が見つかりません", "host name not found"),
    "callerid.failed": ("接続できません（{error}）", "cannot connect ({error})"),
    # settings a source cannot start with (SettingError): what to fix, in the settings' words
    "callerid.setting.unknown_source": (
        "発信者番号の機器「{name}」は使えません（使える機器: {known}）。発信者番号の設定で"
        "選び直してください",
        'unknown caller-ID source "{name}" (one of: {known}): choose the device again in '
        "the caller-ID settings"),
    "callerid.setting.no_device": (
        "{source}: 接続するポート（機器）が設定されていません。発信者番号の設定で選んでください",
        "{source}: no serial port (device) is set: choose one in the caller-ID settings"),
    "callerid.setting.bad_port": (
        "{source}: ポート番号「{port}」は数字ではありません。発信者番号の設定を確認してください",
        '{source}: the port must be a number, not "{port}"'),
    "callerid.setting.no_port": (
        "{source}: ポート番号が設定されていません。発信者番号の設定で入力してください",
        "{source}: no port number is set: enter one in the caller-ID settings"),
    "callerid.setting.no_line_settings": (
        "{source}: この機器の通信設定がありません", "{source}: no line settings for this device"),
    "callerid.setting.sip_registrar": (
        "SIP: ルーター（交換機）のアドレスが設定されていません。「SIP（内線）」タブで入力してください",
        "SIP: the router or PBX address is not set: enter it on the SIP tab"),
    "callerid.setting.sip_address": (
        "SIP: アドレス「{address}」が正しくありません。「SIP（内線）」タブで確認してください",
        'SIP: the address "{address}" is not valid: check it on the SIP tab'),
    "callerid.setting.sip_extension": (
        "SIP: 内線番号が設定されていません。「SIP（内線）」タブで入力してください",
        "SIP: the extension is not set: enter it on the SIP tab"),
    "callerid.setting.sip_transport": (
        "SIP: 通信方式「{transport}」は使えません（UDPかTCP）",
        'SIP: transport must be udp or tcp, not "{transport}"'),
    "callerid.setting.sip_password": (
        "SIP: 内線のパスワードが保存されていません。「SIP（内線）」タブで入力してください",
        "SIP: no password is saved for the extension: enter it on the SIP tab"),
})

_ERRNO = {
    errno.ECONNREFUSED: "callerid.os.refused",
    errno.ENOENT: "callerid.os.no_port",
    errno.ENODEV: "callerid.os.no_port",
    errno.ENXIO: "callerid.os.no_port",
    errno.EACCES: "callerid.os.denied",
    errno.EPERM: "callerid.os.denied",
    errno.EBUSY: "callerid.os.busy",
    errno.EADDRINUSE: "callerid.os.in_use",
    errno.EADDRNOTAVAIL: "callerid.os.bad_address",
    errno.ETIMEDOUT: "callerid.os.timeout",
    errno.EHOSTUNREACH: "callerid.os.unreachable",
    errno.ENETUNREACH: "callerid.os.unreachable",
    errno.ECONNRESET: "callerid.os.reset",
    errno.ECONNABORTED: "callerid.os.reset",
    errno.EPIPE: "callerid.os.reset",
    errno.EIO: "callerid.os.io",
}


class Worded(Exception):
    """An error the desk words itself: ``str()`` is the English text (the log, the CLI),
    :attr:`message` the code for the clerk's language. Mixed in before the built-in
    exception it specialises (``class X(Worded, OSError)``)."""

    def __init__(self, message: Problem) -> None:
        super().__init__(message.text("en"))
        self.message = message


class CodedOSError(Worded, OSError):
    """An I/O failure the desk words itself (a USB device not plugged in, a silent modem)."""


class SettingError(messages.CodedError):
    """A setting a caller-ID source cannot start with (an unknown source, a bad or missing
    port, no device, an incomplete SIP account): ``str()`` is the English text for the log
    and the CLI, :attr:`message` the code the desk shows in the clerk's language."""

    @property
    def message(self) -> Problem:
        return Problem(self.code, self.params)

    def __str__(self) -> str:
        return self.text("en")


def source_name(name: str) -> Problem:
    """The word for a source kind (``modem`` → モデム); an unknown name shows as itself."""
    return Problem(f"callerid.source.{name}")


def reason(exc: BaseException) -> Problem:
    """Why a connection failed, as a code: the desk's own coded errors keep theirs, operating
    system errors are named by their errno (never by their localised OS text)."""
    message = getattr(exc, "message", None)
    if isinstance(message, Problem):
        return message
    if isinstance(exc, socket.gaierror):
        return Problem("callerid.os.no_host")
    if isinstance(exc, TimeoutError):
        return Problem("callerid.os.timeout")
    code = _ERRNO.get(getattr(exc, "errno", None) or 0)
    if code is None and isinstance(exc.__context__, OSError):  # pyserial wraps the OSError
        code = _ERRNO.get(exc.__context__.errno or 0)
    if code is None:
        if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
            code = "callerid.os.reset"
        elif isinstance(exc, ConnectionRefusedError):
            code = "callerid.os.refused"
    if code is not None:
        return Problem(code)
    return Problem("callerid.failed", {"error": type(exc).__name__})
