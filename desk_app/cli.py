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

from desk_app.usage import UsageError  # commands may import it from here too

# (module, function) pairs that add subcommands; each gets the subparsers object.
COMMAND_GROUPS = [
    "desk_app.commands.app_cmd",
    "desk_app.commands.store_cmd",
    "desk_app.callerid.commands",
    "desk_app.callerid.sip.commands",
    "desk_app.commands.order_cmd",
    "desk_app.commands.rfm_cmd",
    "desk_app.commands.customer_cmd",
    "desk_app.commands.letters_cmd",
    "desk_app.commands.import_cmd",
    "desk_app.commands.shop_cmd",
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
    _add_demo_option(sub)
    return parser


def _add_demo_option(sub: argparse._SubParsersAction) -> None:
    """Every command that opens the store takes ``--demo`` (the desk's demo shop) beside
    ``--db``; without either it opens the same store as the desk."""
    for parser in sub.choices.values():
        options = parser._option_string_actions
        if "--db" in options and "--demo" not in options:
            parser.add_argument("--demo", action="store_true",
                                help="use the demo shop's store (as `desk-app run --demo`)")
            parser.set_defaults(use_demo_store=True)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_demo_option(action)


def _demo_db(args) -> None:
    if getattr(args, "use_demo_store", False) and getattr(args, "demo", False):
        if args.db:
            raise UsageError("--db と --demo は同時に指定できません")
        from desk_app.store.db import demo_url
        from desk_app.store.seed import open_demo

        open_demo(progress=lambda text: print(f"desk-app: {text}", file=sys.stderr)).dispose()
        args.db = demo_url()




class ShopTimeFormatter(logging.Formatter):
    """Log lines timed in the shop's zone (Japan, as the desk shows every time), saying so:
    ``2026-12-01 09:05:00,123 +0900`` whatever the machine's own zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        from datetime import datetime

        from desk_app.domain.clock import JST

        when = datetime.fromtimestamp(record.created, JST)
        return f"{when:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d} {when:%z}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ShopTimeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        handlers=[handler])
    handler = getattr(args, "handler", None)
    if handler is None:
        args = parser.parse_args(["run", *(argv or sys.argv[1:])])
        handler = args.handler
    try:
        _demo_db(args)
        return int(handler(args) or 0)
    except UsageError as exc:
        print(f"desk-app: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
