"""Order commands: `order add|cancel|show`, `products import|export|list`, `export yamato`.

`order add` takes the same draft the form builds and runs the same validation
(desk_app.domain.orders), so a script and a clerk are refused for the same reasons, with
the same field names and messages (on stderr, exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.commands import load_config
from desk_app.commands.cli_io import print_json, read_json_object
from desk_app.usage import UsageError

if TYPE_CHECKING:
    from desk_app.services.base import ServiceContext


def _context(args: argparse.Namespace, today: date | None = None) -> ServiceContext:
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    if today is None:
        return ServiceContext(Store(args.db), config=load_config())
    return ServiceContext(Store(args.db), today=lambda: today, config=load_config())


def _today(args: argparse.Namespace) -> date | None:
    return date.fromisoformat(args.today) if getattr(args, "today", None) else None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    order = sub.add_parser("order", help="take, cancel or show phone orders")
    osub = order.add_subparsers(dest="order_command", metavar="ACTION", required=True)
    p = osub.add_parser("add", help="save an order from JSON (FILE or - for stdin)")
    p.add_argument("--json", required=True, metavar="FILE", help="order JSON, or - for stdin")
    p.add_argument("--db")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_order_add)
    p = osub.add_parser("cancel", help="受注取消: cancel order NUMBER")
    p.add_argument("number", type=int)
    p.add_argument("--db")
    p.set_defaults(handler=cmd_order_cancel)
    p = osub.add_parser("show", help="print order NUMBER as JSON")
    p.add_argument("number", type=int)
    p.add_argument("--db")
    p.set_defaults(handler=cmd_order_show)
    from desk_app.commands.customer_cmd import register_order

    register_order(osub)  # order list / order paid (受注一覧, 入金確認)

    products = sub.add_parser("products", help="product catalogue CSV import and export")
    psub = products.add_subparsers(dest="products_command", metavar="ACTION", required=True)
    p = psub.add_parser("import", help="add or update products from CSV (UTF-8 or CP932)")
    p.add_argument("file")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_products_import)
    p = psub.add_parser("export", help="write the catalogue as CSV")
    p.add_argument("file")
    p.add_argument("--encoding", choices=("cp932", "utf-8"), default="cp932")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_products_export)

    export = sub.add_parser("export", help="files for other systems")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    p = esub.add_parser("yamato", help="shipments of a day as a Yamato B2 Cloud CSV")
    p.add_argument("--date", required=True, help="ship date YYYY-MM-DD")
    p.add_argument("--out", required=True, help="CSV file to write (CP932, CRLF)")
    p.add_argument("--shop", help="JSON with the ご依頼主 and B2 contract (see docs/yamato-b2.md)")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_export_yamato)


def _refused(problems) -> UsageError:
    return UsageError("受注を保存できません:\n" + "\n".join(f"  {e.field}: {e.message}"
                                                      for e in problems))


_print_json = print_json


def cmd_order_add(args) -> int:
    from desk_app.commands.order_json import ORDER_KEYS, draft_from_json, saved_order_json
    from desk_app.services import orders

    data = read_json_object(args.json, "注文JSON")
    unknown = sorted(set(data) - ORDER_KEYS)
    if unknown:
        raise UsageError(f"注文JSONに不明な項目があります: {', '.join(unknown)}")
    ctx = _context(args, _today(args))
    draft, errors = draft_from_json(ctx, data)
    if errors:  # report the rest of the draft's problems too, in one go
        seen = {e.field for e in errors} | ({"customer"} if "customer_code" in
                                            {e.field for e in errors} else set())
        raise _refused(errors + [e for e in orders.check_draft(ctx, draft)
                                 if e.field not in seen])
    try:
        saved = orders.place_order(ctx, draft).value
    except orders.OrderRefused as exc:
        raise _refused(exc.problems) from None
    _print_json(saved_order_json(saved))
    return 0


def cmd_order_cancel(args) -> int:
    from desk_app.commands.order_json import saved_order_json
    from desk_app.services import orders

    try:
        saved = orders.cancel_order(_context(args), args.number).value
    except orders.OrderRefused as exc:
        raise _refused(exc.problems) from None
    _print_json(saved_order_json(saved))
    return 0


def cmd_order_show(args) -> int:
    from desk_app.commands.order_json import order_json
    from desk_app.services import orders
    from desk_app.services.base import NotFound

    try:
        detail = orders.order_detail(_context(args), args.number)
    except NotFound:
        raise UsageError(f"受注番号 {args.number} が見つかりません") from None
    _print_json(order_json(detail))
    return 0


def cmd_products_import(args) -> int:
    from desk_app.services import catalogue

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"ファイルを読めません: {exc}") from None
    try:
        report = catalogue.import_csv(_context(args), data).value
    except catalogue.CsvRefused as exc:
        raise UsageError("商品を取り込めません:\n" + str(exc)) from None
    except catalogue.ProductRefused as exc:
        raise UsageError("商品を取り込めません（1件も保存していません）:\n" + str(exc)) from None
    print(json.dumps({"added": report.added, "updated": report.updated}))
    return 0


def cmd_products_export(args) -> int:
    from desk_app.services import catalogue

    try:
        export = catalogue.export_csv(_context(args), args.encoding)
    except UnicodeEncodeError as exc:
        raise UsageError(f"Shift_JISで書けない文字があります（--encoding utf-8 を使ってください）:"
                         f" {exc.object[exc.start:exc.end]!r}") from None
    Path(args.file).write_bytes(export.data)
    print(json.dumps({"products": export.products, "encoding": args.encoding}))
    return 0


def cmd_export_yamato(args) -> int:
    from desk_app.services import shipping

    try:
        ship_date = date.fromisoformat(args.date)
    except ValueError:
        raise UsageError("--date は YYYY-MM-DD で指定してください") from None
    shop_file = Path(args.shop) if args.shop else None  # else the settings' 店舗情報
    try:
        shipper = shipping.load_shipper(shop_file)
    except shipping.ShopFileRefused as exc:
        raise UsageError(str(exc)) from None
    if shipper is None and shop_file is not None:
        print(f"desk-app: {shop_file} がないため、デモのご依頼主で出力します", file=sys.stderr)
    elif shipper is None:
        from desk_app import config as desk_config

        print(f"desk-app: 店舗情報（{desk_config.default_path()} の [shop]）がないため、"
              "デモのご依頼主で出力します", file=sys.stderr)
    result = shipping.export_yamato(_context(args), ship_date, shipper)
    Path(args.out).write_bytes(result.data)
    for warning in result.warnings:
        print(f"desk-app: {warning.message}", file=sys.stderr)
    print(json.dumps({"date": args.date, "orders": len(result.orders), "out": args.out,
                      "warnings": len(result.warnings)}))
    return 0
