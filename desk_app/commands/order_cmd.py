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

ORDER_KEYS = {"customer_code", "payment", "ship_to", "delivery", "lines", "noshi", "memo",
              "gift_wrap", "sender_name"}


def _today(args) -> date:
    from desk_app.domain.clock import today_local

    return date.fromisoformat(args.today) if getattr(args, "today", None) else today_local()


def register(sub: argparse._SubParsersAction) -> None:
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


def _refused(errors) -> Exception:
    from desk_app.cli import UsageError

    return UsageError("受注を保存できません:\n" + "\n".join(f"  {e.field}: {e.message}"
                                                      for e in errors))


def cmd_order_add(args) -> int:
    from desk_app.cli import UsageError
    from desk_app.domain.orders import OrderRefused
    from desk_app.store.db import Store
    from desk_app.store.order_service import place_order
    from desk_app.store.orders import draft_from_json, saved_order_json

    try:
        text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text("utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"注文JSONを読めません: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError("注文JSONはオブジェクト {...} です")
    unknown = sorted(set(data) - ORDER_KEYS)
    if unknown:
        raise UsageError(f"注文JSONに不明な項目があります: {', '.join(unknown)}")
    store = Store(args.db)
    today = _today(args)
    try:
        with store.new_session() as session, session.begin():
            draft, errors = draft_from_json(session, data)
            if errors:  # report the rest of the draft's problems too, in one go
                raise OrderRefused(_with_validation(session, draft, errors, today))
            saved = place_order(session, draft, today=today)
            out = saved_order_json(session, saved, today)
    except OrderRefused as exc:
        raise _refused(exc.errors) from None
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()
    return 0


def _with_validation(session, draft, errors, today):
    from desk_app.domain.orders import validate
    from desk_app.store.products import load_catalogue

    catalogue = load_catalogue(session, [line.sku for line in draft.lines])
    seen = {e.field for e in errors} | ({"customer"} if "customer_code" in
                                        {e.field for e in errors} else set())
    return errors + [e for e in validate(draft, catalogue, today) if e.field not in seen]


def cmd_order_cancel(args) -> int:
    from desk_app.domain.clock import today_local
    from desk_app.domain.orders import OrderRefused
    from desk_app.store.db import Store
    from desk_app.store.order_service import cancel_order
    from desk_app.store.orders import saved_order_json

    store = Store(args.db)
    try:
        with store.new_session() as session, session.begin():
            saved = cancel_order(session, args.number)
            out = saved_order_json(session, saved, today_local())
    except OrderRefused as exc:
        raise _refused(exc.errors) from None
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()
    return 0


def cmd_order_show(args) -> int:
    from desk_app.cli import UsageError
    from desk_app.store.db import Store
    from desk_app.store.orders import order_detail

    store = Store(args.db)
    with store.new_session() as session:
        detail = order_detail(session, args.number)
    if detail is None:
        raise UsageError(f"受注番号 {args.number} が見つかりません")
    json.dump(detail.to_json_dict(), sys.stdout, ensure_ascii=False)
    print()
    return 0


def cmd_products_import(args) -> int:
    from desk_app.cli import UsageError
    from desk_app.exports.products_csv import CsvError, parse
    from desk_app.store.db import Store
    from desk_app.store.products import ProductRefused, import_products

    try:
        rows, columns = parse(Path(args.file).read_bytes())
    except OSError as exc:
        raise UsageError(f"ファイルを読めません: {exc}") from None
    except CsvError as exc:
        raise UsageError("商品を取り込めません:\n" + str(exc)) from None
    store = Store(args.db)
    try:
        with store.new_session() as session, session.begin():
            report = import_products(session, rows, columns)
    except ProductRefused as exc:
        raise UsageError("商品を取り込めません（1件も保存していません）:\n" + str(exc)) from None
    print(json.dumps({"added": report.added, "updated": report.updated}))
    return 0


def cmd_products_export(args) -> int:
    from desk_app.cli import UsageError
    from desk_app.exports.products_csv import format_csv
    from desk_app.store.db import Store
    from desk_app.store.products import load_catalogue

    store = Store(args.db)
    with store.new_session() as session:
        products = load_catalogue(session).products(include_retired=True)
    try:
        data = format_csv(products, args.encoding)
    except UnicodeEncodeError as exc:
        raise UsageError(f"Shift_JISで書けない文字があります（--encoding utf-8 を使ってください）:"
                         f" {exc.object[exc.start:exc.end]!r}") from None
    Path(args.file).write_bytes(data)
    print(json.dumps({"products": len(products), "encoding": args.encoding}))
    return 0


def cmd_export_yamato(args) -> int:
    from desk_app.cli import UsageError
    from desk_app.exports.yamato_b2 import DEMO_SHIPPER, export_b2, shop_shipper
    from desk_app.store.db import Store, data_dir

    try:
        ship_date = date.fromisoformat(args.date)
    except ValueError:
        raise UsageError("--date は YYYY-MM-DD で指定してください") from None
    shop_file = Path(args.shop) if args.shop else data_dir() / "shop.json"
    try:
        shipper = shop_shipper(shop_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if shipper is None and args.shop:
        raise UsageError(f"{shop_file} がありません")
    if shipper is None:
        shipper = DEMO_SHIPPER
        print(f"desk-app: {shop_file} がないため、デモのご依頼主で出力します", file=sys.stderr)
    store = Store(args.db)
    with store.new_session() as session:
        result = export_b2(session, ship_date, shipper)
    Path(args.out).write_bytes(result.data)
    for warning in result.warnings:
        print(f"desk-app: {warning}", file=sys.stderr)
    print(json.dumps({"date": args.date, "orders": len(result.orders), "out": args.out,
                      "warnings": len(result.warnings)}))
    return 0
