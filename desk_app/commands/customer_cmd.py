"""`customer show|edit|history` and `order list|paid`: the desk's record corrections, 受注一覧
and 入金確認 without a screen.

Contracts (JSON on stdout, messages on stderr, exit 2 for input the user must fix):
- ``customer show CODE --json`` prints the whole record: the same object as the caller
  lookup's ``customer``.
- ``customer edit CODE --json FILE`` takes an object with the fields to change, named and
  shaped as ``show`` prints them (``show`` output itself may be fed back: derived keys are
  ignored), and prints the new record; a refused edit prints one line per field.
- ``order list --date D [--status S] [--payment P] --json`` prints that day's orders.
- ``order paid N --amount YEN [--date D]`` records a payment and prints the order's row.
"""

from __future__ import annotations

import argparse
from datetime import date

from desk_app.commands import load_config
from desk_app.commands.cli_io import print_json, read_json_object


def register(sub: argparse._SubParsersAction) -> None:
    customer = sub.add_parser("customer", help="show or correct a customer record")
    csub = customer.add_subparsers(dest="customer_command", metavar="ACTION", required=True)
    p = csub.add_parser("show", help="print customer CODE (the lookup's customer object)")
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")
    p.add_argument("--db")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_customer_show)
    p = csub.add_parser("edit", help="顧客情報の修正: apply the fields in FILE (JSON, - for stdin)")
    p.add_argument("code")
    p.add_argument("--json", required=True, metavar="FILE")
    p.add_argument("--operator", help="who makes the change (kept in the change history)")
    p.add_argument("--db")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_customer_edit)
    p = csub.add_parser("history", help="変更履歴 of customer CODE as JSON")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_customer_history)


def register_order(osub: argparse._SubParsersAction) -> None:
    """`order list` and `order paid`, added to the `order` group of order_cmd."""
    p = osub.add_parser("list", help="受注一覧: the orders of a day as JSON")
    p.add_argument("--date", required=True, help="order date YYYY-MM-DD (or 'today')")
    p.add_argument("--status", choices=("active", "cancelled", "awaiting_payment", "paid"))
    p.add_argument("--payment", help="only this payment method (cod, bank, konbini …)")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")
    p.add_argument("--db")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_order_list)
    p = osub.add_parser("paid", help="入金確認: record YEN received for order N")
    p.add_argument("number", type=int)
    p.add_argument("--amount", required=True, help="yen received (e.g. 5400 or 5,400)")
    p.add_argument("--date", help="day the money arrived, YYYY-MM-DD (default today)")
    p.add_argument("--operator", help="who records the payment")
    p.add_argument("--db")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_order_paid)


def _context(args, operator: str | None = None):
    from desk_app.domain.clock import today_local
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    today = date.fromisoformat(args.today) if getattr(args, "today", None) else None
    ctx = ServiceContext(Store(args.db), today=(lambda: today) if today else today_local,
                         config=load_config())
    if operator:
        from desk_app.services.customers import operator_named

        ctx.operator_id = operator_named(ctx, operator)
    return ctx


_print = print_json


def _refusal(title: str, exc) -> Exception:
    from desk_app.domain import messages
    from desk_app.usage import UsageError

    lines = [f"  {p.field}: {messages.text(p.code, p.params)}" if p.field
             else f"  {messages.text(p.code, p.params)}" for p in exc.problems]
    return UsageError(title + ":\n" + "\n".join(lines))


def cmd_customer_show(args) -> int:
    from desk_app.services.base import ServiceError
    from desk_app.services.customers import customer_record

    ctx = _context(args)
    try:
        card = customer_record(ctx, args.code)
    except ServiceError as exc:
        raise _refusal("顧客を表示できません", exc) from None
    _print(card.to_json_dict())
    return 0


def cmd_customer_edit(args) -> int:
    from desk_app.services.base import ServiceError
    from desk_app.services.customers import edit_customer

    data = read_json_object(args.json, "修正内容のJSON")
    ctx = _context(args, args.operator)
    try:
        result = edit_customer(ctx, args.code, data)
    except ServiceError as exc:
        raise _refusal("顧客情報を修正できません", exc) from None
    _print(result.value.to_json_dict())
    return 0


def cmd_customer_history(args) -> int:
    from desk_app.domain.customer import to_jsonable
    from desk_app.services.base import ServiceError
    from desk_app.services.customers import customer_history, customer_record

    ctx = _context(args)
    try:
        card = customer_record(ctx, args.code, n_orders=0, n_notes=0)
    except ServiceError as exc:
        raise _refusal("顧客を表示できません", exc) from None
    _print(to_jsonable(customer_history(ctx, card.summary.customer_id)))
    return 0


def _day(text: str, ctx) -> date:
    from desk_app.usage import UsageError

    if text == "today":
        return ctx.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError("--date は YYYY-MM-DD で指定してください") from None


def cmd_order_list(args) -> int:
    from desk_app.services.base import ServiceError
    from desk_app.services.order_book import day_orders

    ctx = _context(args)
    day = _day(args.date, ctx)
    try:
        rows = day_orders(ctx, day, args.status, args.payment)
    except ServiceError as exc:
        raise _refusal("受注一覧を表示できません", exc) from None
    _print([r.to_json_dict() for r in rows])
    return 0


def parse_yen(text: str) -> int | None:
    """'5400', '5,400', '¥5,400', '５４００円' → 5400; None when it is not whole yen."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text or "").strip()
    folded = folded.removeprefix("¥").removeprefix("\\").removesuffix("円").replace(",", "")
    return int(folded) if folded.isdigit() else None


def cmd_order_paid(args) -> int:
    from desk_app.services.base import ServiceError
    from desk_app.services.order_book import record_payment

    ctx = _context(args, args.operator)
    amount = parse_yen(args.amount)
    paid_on = _day(args.date, ctx) if args.date else None
    try:
        result = record_payment(ctx, args.number, amount if amount is not None else args.amount,
                                paid_on)
    except ServiceError as exc:
        raise _refusal("入金を記録できません", exc) from None
    _print(result.value.to_json_dict())
    return 0
