"""`desk-app rfm`: segment counts, one customer, month-ends, movement, and lists to CSV.

The JSON printed here is a contract (issue 12)::

    desk-app rfm --as-of D --json
        {"as_of", "segments": {"初回・現役": n, … all ten, "見込み": n}, "rfm": {"R5F1M2": n}}
    desk-app rfm customer CODE --as-of D --json       one customer's figures, scores, segment
    desk-app rfm monthly --months 24 [--as-of D] --json
        {"months": [{"month_end": "YYYY-MM-DD", "segments": {…}}, …]}  oldest first
    desk-app rfm movement --from D1 --to D2 --json
        {"from", "to", "matrix": {"<segment at D1>": {"<segment at D2>": n}}}
    desk-app rfm list --segment 優良・離脱 --as-of D --csv FILE [--encoding cp932|utf-8]

The as-of date defaults to today in Japan. Writing a list is an export of personal data:
it is recorded (who, when, what, how many) in the store's ``data_exports``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from desk_app.commands import load_config


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _as_of(args) -> date:
    from desk_app.domain.clock import today_local

    return getattr(args, "as_of", None) or today_local()


def register(sub: argparse._SubParsersAction) -> None:
    rfm = sub.add_parser("rfm", help="customer stages (CPM) and RFM figures as of a date")
    rfm.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                     help="the day the figures are for (default: today in Japan)")
    rfm.add_argument("--json", action="store_true", help="print JSON")
    rfm.add_argument("--db", help="database URL (default: DESK_DB_URL or the user data folder)")
    rfm.set_defaults(handler=cmd_rfm)
    rsub = rfm.add_subparsers(dest="rfm_command", metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        # SUPPRESS: values given before the action (rfm --as-of D customer …) are kept
        p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", default=argparse.SUPPRESS)
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
        p.add_argument("--db", default=argparse.SUPPRESS)

    p = rsub.add_parser("customer", help="one customer's figures, RFM scores and segment")
    p.add_argument("code")
    common(p)
    p.set_defaults(handler=cmd_customer)

    p = rsub.add_parser("monthly", help="head-counts per segment at each month-end")
    p.add_argument("--months", type=int, default=24)
    common(p)
    p.set_defaults(handler=cmd_monthly)

    p = rsub.add_parser("movement", help="from-segment × to-segment between two dates")
    p.add_argument("--from", dest="d1", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="d2", type=_date, required=True, metavar="YYYY-MM-DD")
    common(p)
    p.set_defaults(handler=cmd_movement)

    p = rsub.add_parser("list", help="the customers of a segment, to CSV (recorded export)")
    p.add_argument("--segment", required=True, help="e.g. 優良・離脱")
    p.add_argument("--csv", required=True, metavar="FILE")
    p.add_argument("--encoding", default="cp932", help="cp932 (default) or utf-8")
    p.add_argument("--dm-only", action="store_true", help="only customers who allow DM")
    common(p)
    p.set_defaults(handler=cmd_list)


def _ctx(args):
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    return ServiceContext(Store(getattr(args, "db", None)), config=load_config())


def _print(data: dict) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False)
    print()


def _run(fn):
    """Refusals from the services become usage errors (stderr, exit status 2)."""
    from desk_app.services.base import ServiceError
    from desk_app.usage import UsageError

    try:
        return fn()
    except ServiceError as exc:
        raise UsageError(str(exc)) from None


def _table(rows: dict[str, int]) -> None:
    width = max((len(k) for k in rows), default=0)
    for k, v in rows.items():
        print(f"{k.ljust(width, chr(0x3000))}  {v:>9,}")


def cmd_rfm(args) -> int:
    from desk_app.services import rfm

    data = _run(lambda: rfm.overview(_ctx(args), _as_of(args)))
    if args.json:
        _print(data)
    else:
        print(f"as of {data['as_of']}")
        _table(data["segments"])
    return 0


def cmd_customer(args) -> int:
    from desk_app.services import rfm

    data = _run(lambda: rfm.customer_figures(_ctx(args), args.code, _as_of(args)))
    if getattr(args, "json", False):
        _print(data)
    else:
        for k, v in data.items():
            print(f"{k}: {v}")
    return 0


def cmd_monthly(args) -> int:
    from desk_app.services import rfm

    data = _run(lambda: rfm.monthly(_ctx(args), args.months, _as_of(args)))
    if getattr(args, "json", False):
        _print(data)
    else:
        for m in data["months"]:
            print(m["month_end"], " ".join(f"{k}={v}" for k, v in m["segments"].items()))
    return 0


def cmd_movement(args) -> int:
    from desk_app.services import rfm
    from desk_app.usage import UsageError

    if args.d1 > args.d2:
        raise UsageError("--from must not be after --to")
    data = _run(lambda: rfm.movement(_ctx(args), args.d1, args.d2))
    if getattr(args, "json", False):
        _print(data)
    else:
        for a, row in data["matrix"].items():
            print(a, " ".join(f"{b}={n}" for b, n in row.items() if n))
    return 0


def cmd_list(args) -> int:
    from desk_app.services import rfm

    def go():
        ctx = _ctx(args)
        selector = rfm.segment_selector(ctx, args.segment, _as_of(args))
        return rfm.export_list(ctx, rfm.engine(ctx), selector, args.csv, args.encoding,
                               dm_only=args.dm_only).value

    done = _run(go)
    if getattr(args, "json", False):
        _print(done.to_json_dict())
    else:
        print(f"{done.rows} rows written to {done.path} ({done.encoding})", file=sys.stderr)
    if done.replaced:
        print(f"warning: {done.replaced} characters have no CP932 form and were written as 〓",
              file=sys.stderr)
    return 0
