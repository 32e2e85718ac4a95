"""`desk-app callerid parse|ports|listen`: the caller-ID sources without the GUI.

Output is a contract (JSON Lines, one object per call: number, name, withheld, line, raw), used
by the shared corpus checker, support and scripts. Only argparse is imported at start-up; each
handler imports what it needs, so `parse` starts fast and never needs pyserial.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk_app.callerid.base import SourceStatus
    from desk_app.domain.call_event import CallEvent


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desk_app.callerid.formats import FORMATS

    names = list(FORMATS)
    group = sub.add_parser("callerid", help="caller-ID devices: parse, list ports, listen")
    cmds = group.add_subparsers(dest="callerid_command", metavar="SUBCOMMAND", required=True)

    p = cmds.add_parser("parse", help="parse raw device bytes from stdin; one JSON line per call")
    p.add_argument("--format", required=True, choices=names)
    p.set_defaults(handler=cmd_parse)

    p = cmds.add_parser("ports", help="list serial ports (device, description, VID:PID, serial)")
    p.add_argument("--json", action="store_true", help="one JSON object per port")
    p.set_defaults(handler=cmd_ports)

    p = cmds.add_parser("listen", help="print each live call as one JSON line (Ctrl-C stops)")
    p.add_argument("--source", required=True, choices=names)
    p.add_argument("--port", help="serial device or usb:VID:PID[:SERIAL]; TCP/UDP port number")
    p.add_argument("--host", help="NCID server, or local address a UDP/TCP listener binds")
    p.add_argument("--baud", type=int, help="serial speed (default: the device's own)")
    p.add_argument("--init", action="append", metavar="AT",
                   help="modem caller-ID command to try (repeatable; replaces the fallbacks)")
    p.add_argument("--profile", choices=["generic", "japan"], default="generic",
                   help="modem init profile (japan adds AT+GCI=00 and AT+VCDT=3)")
    p.add_argument("--raw", action="store_true", help="also show every byte received (stderr)")
    p.set_defaults(handler=cmd_listen)


def _print(obj: Mapping[str, object]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def cmd_parse(args: argparse.Namespace) -> int:
    import math
    import time

    from desk_app.callerid.formats import make_parser

    parser = make_parser(args.format)
    stream = sys.stdin.buffer
    read = getattr(stream, "read1", stream.read)  # read1: what has arrived, no waiting for more
    while chunk := read(65536):
        for event in parser.feed(chunk, time.monotonic()):
            _print(event.to_json_dict())
    for event in parser.flush(math.inf):
        _print(event.to_json_dict())
    return 0


def cmd_ports(args: argparse.Namespace) -> int:
    from desk_app.callerid.serial_source import list_ports

    ports = list_ports()
    for port in ports:
        if args.json:
            _print(port)
        else:
            print("\t".join(str(port[k] or "-") for k in ("device", "description", "vid_pid",
                                                          "serial_number")))
    if not ports and not args.json:
        print("no serial ports found", file=sys.stderr)
    return 0


def cmd_listen(args: argparse.Namespace) -> int:
    from desk_app.callerid.sources import make_source
    from desk_app.stop_signals import StopSignals
    from desk_app.usage import UsageError

    kwargs = {"init": args.init, "profile": args.profile} if args.source == "modem" else {}
    try:
        source = make_source(args.source, port=args.port, host=args.host, baudrate=args.baud,
                             **kwargs)
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    def on_event(event: CallEvent) -> None:
        _print(event.to_json_dict(with_time=True))

    def on_status(status: SourceStatus) -> None:
        detail = f" {status.detail}" if status.detail else ""
        print(f"{status.source}: {status.state.value}{detail}", file=sys.stderr, flush=True)

    def on_raw(data: bytes) -> None:
        print(f"{args.source} raw: {data.hex(' ')}", file=sys.stderr, flush=True)

    source.connect(on_event, on_status, on_raw if args.raw else None)
    # Ctrl-C / kill: handled explicitly, since a background job starts with SIGINT ignored
    with StopSignals() as stop:
        source.start()
        try:
            stop.wait()  # the source's thread does the work
        finally:
            source.stop()
    return 0
