"""Store commands: `seed` the demo shop, `lookup` a caller, `migrate`."""

from __future__ import annotations

import argparse
import json
import sys

from desk_app.commands import load_config
from desk_app.usage import UsageError


def _today(args):
    from datetime import date

    return date.fromisoformat(args.today) if getattr(args, "today", None) else None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("seed", help="write a deterministic demo shop into the store")
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", help="YYYY-MM-DD the history ends on (default: today in Japan)")
    p.add_argument("--orders-factor", type=float, default=1.0,
                   help="scale order counts (benchmarks use ~3 for 5 orders per customer)")
    p.add_argument("--db", help="database URL (default: DESK_DB_URL or the user data folder)")
    p.set_defaults(handler=cmd_seed)

    p = sub.add_parser("lookup", help="who is calling from NUMBER (pop-up data as JSON)")
    p.add_argument("number")
    p.add_argument("--db")
    p.add_argument("--json", action="store_true", help="print JSON (the only format today)")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_lookup)

    p = sub.add_parser("migrate", help="create or upgrade the store's schema")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_migrate)


def _context(args, today=None):
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    if today is None:
        return ServiceContext(Store(args.db), config=load_config())
    return ServiceContext(Store(args.db), today=lambda: today, config=load_config())


def cmd_seed(args) -> int:
    from desk_app.services.demo_shop import seed_demo

    if args.customers <= 0:
        raise UsageError("--customers must be a positive number")
    report = seed_demo(_context(args), args.customers, args.seed, _today(args),
                       progress=lambda s: print(s, file=sys.stderr),
                       orders_factor=args.orders_factor)
    print(json.dumps(dict(vars(report)), ensure_ascii=False))
    return 0


def cmd_lookup(args) -> int:
    from desk_app.domain.clock import today_local
    from desk_app.domain.phone import PhoneNumberError
    from desk_app.services import calls

    ctx = _context(args, _today(args) or today_local())  # the shop's day, not the machine's
    try:
        result = calls.lookup(ctx, args.number)
    except PhoneNumberError as exc:
        raise UsageError(str(exc)) from None
    json.dump(result.to_json_dict(), sys.stdout, ensure_ascii=False, indent=None)
    print()
    return 0


def cmd_migrate(args) -> int:
    from desk_app.store.db import Store

    store = Store(args.db)
    print(f"schema up to date: {store.describe()}", file=sys.stderr)
    return 0
