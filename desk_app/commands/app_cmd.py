"""`desk-app run` (also what bare `desk-app` does): the desktop app.

Parsing lives here so the CLI stays import-light; Qt is imported only when the app really
starts.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the desktop app (the default command)")
    p.add_argument("--db", help="database URL (default: DESK_DB_URL or the user data folder)")
    p.add_argument("--demo", action="store_true",
                   help="use the demo shop (own database, seeded on first use) and play "
                        "simulated calls")
    p.add_argument("--lang", choices=("ja", "en"), help="UI language (default: ja, remembered)")
    p.add_argument("--source", help="caller-ID source: demo, sip, or a device format "
                                    "(modem, aloha, ncid, whozz, tci, netcallerid, yac)")
    p.add_argument("--port", help="serial device or network port of the source")
    p.add_argument("--host", help="host of a network source")
    p.add_argument("--operator", help="operator name (skips the chooser)")
    p.add_argument("--interval", type=float, default=8.0,
                   help="seconds between simulated calls in --demo (default 8)")
    p.set_defaults(handler=cmd_run)


def cmd_run(args) -> int:
    from desk_app.ui.app import run

    return run(args)
