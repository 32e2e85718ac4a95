"""Headless command line: `desk-app <command>`.

Scripting, tests and benchmarks drive the product through these commands, so their JSON
output is a contract (see the step issues). Running `desk-app` with no command starts the
desktop app. Each command group lives next to the code it drives and registers itself here;
this module only dispatches, and imports the heavy parts lazily so that `desk-app callerid
parse` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from desk_app.commands.usage import UsageError

# (module, function) pairs that add subcommands; each gets the subparsers object.
COMMAND_GROUPS = [
    "desk_app.commands.app_cmd",
    "desk_app.commands.store_cmd",
    "desk_app.callerid.commands",
    "desk_app.callerid.sip.commands",
    "desk_app.commands.order_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk-app", description="Phone Order Desk")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_GROUPS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency inside the module
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        args = parser.parse_args(["run", *(argv or sys.argv[1:])])
        handler = args.handler
    try:
        return int(handler(args) or 0)
    except UsageError as exc:
        print(f"desk-app: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
