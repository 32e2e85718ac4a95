"""``desk-app sip parse`` and ``desk-app sip listen``.

``parse`` is how support checks a raw INVITE a customer pasted, and how the shared corpus is
run; it imports only the pure parser. ``listen`` runs the real SipSource so that what it
prints is exactly what the pop-up would get.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk_app.callerid.base import SourceStatus
    from desk_app.domain.call_event import CallEvent

MAX_INPUT = 65536


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sip = subparsers.add_parser("sip", help="SIP extension caller ID (ひかり電話 router, PBX)")
    sub = sip.add_subparsers(dest="sip_command", metavar="SUBCOMMAND", required=True)

    parse = sub.add_parser("parse", help="read one raw SIP message on stdin, print the caller")
    parse.set_defaults(handler=cmd_parse)

    listen = sub.add_parser("listen", help="register as an extension and print calls live")
    listen.add_argument("--registrar", required=True, metavar="HOST[:PORT]")
    listen.add_argument("--user", required=True, help="digest user ID (often the extension)")
    listen.add_argument("--password-file", required=True, metavar="FILE")
    listen.add_argument("--extension", required=True)
    listen.add_argument("--bind", metavar="ADDR:PORT",
                        help="local address (default: the one that reaches the registrar, :5062)")
    listen.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    listen.add_argument("--expires", type=int, default=600, help="registration lifetime, seconds")
    listen.add_argument("--allow", action="append", default=[], metavar="HOST",
                        help="another address allowed to send calls (repeatable)")
    listen.add_argument("--raw", action="store_true", help="include the raw INVITE in each line")
    listen.set_defaults(handler=cmd_listen)


def _caller_json(event: CallEvent, *, with_time: bool = False, raw: bool = False) -> str:
    data = event.to_json_dict(with_time=with_time)
    out = {"number": data["number"], "name": data["name"], "withheld": data["withheld"]}
    if with_time:
        out.update(received_at=data["received_at"], state=data["state"], line=data["line"],
                   call_id=event.call_id)
    if raw:
        out["raw"] = data["raw"]
    return json.dumps(out, ensure_ascii=False)


def cmd_parse(args: argparse.Namespace) -> int:
    from desk_app.callerid.sip.caller import call_event
    from desk_app.callerid.sip.headers import ParseError
    from desk_app.callerid.sip.message import parse_message
    from desk_app.usage import UsageError

    data = sys.stdin.buffer.read(MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        raise UsageError(f"sip parse: input larger than {MAX_INPUT} bytes is not one SIP message")
    try:
        msg = parse_message(data)
    except ParseError as exc:
        raise UsageError(f"sip parse: not a SIP message: {exc}") from None
    if not any(msg.get(h) for h in ("From", "P-Asserted-Identity", "Remote-Party-ID")):
        raise UsageError("sip parse: the message has no From, P-Asserted-Identity or "
                         "Remote-Party-ID header to read a caller from")
    print(_caller_json(call_event(msg)))
    return 0


def cmd_listen(args: argparse.Namespace) -> int:
    import threading

    from desk_app.callerid.sip.config import SipConfig, parse_address
    from desk_app.callerid.sip.credentials import CredentialError, load_password
    from desk_app.callerid.sip.source import SipSource
    from desk_app.stop_signals import StopSignals
    from desk_app.usage import UsageError

    try:
        registrar, registrar_port = parse_address(args.registrar, 5060)
        bind_host, bind_port = parse_address(args.bind, 5062) if args.bind else (None, 5062)
        password = load_password(args.password_file, warn=lambda m: print(m, file=sys.stderr))
        config = SipConfig(registrar=registrar, registrar_port=registrar_port,
                           extension=args.extension, auth_user=args.user, password=password,
                           bind_host=bind_host, bind_port=bind_port, transport=args.transport,
                           expires=args.expires, allowed_sources=tuple(args.allow))
    except (ValueError, CredentialError) as exc:
        raise UsageError(f"sip listen: {exc}") from None

    lock = threading.Lock()

    def on_event(event: CallEvent) -> None:
        with lock:
            print(_caller_json(event, with_time=True, raw=args.raw), flush=True)

    def on_status(status: SourceStatus) -> None:
        with lock:
            print(f"sip: {status.state.value}: {status.detail}", file=sys.stderr, flush=True)

    source = SipSource(config)
    source.connect(on_event, on_status)
    # SIGTERM (service managers) and SIGINT stop like Ctrl-C: unregister, then exit; handled
    # explicitly, since a background job starts with SIGINT ignored
    with StopSignals() as stop:
        source.start()
        try:
            if not source.wait_started():
                return 1  # could not bind (the status line said why); the app keeps retrying
            stop.wait()
        finally:
            source.stop()
    return 0
