"""Follow-up commands: `letters` (today's list as JSON or PDF) and `slip` (納品書 PDF).

    desk-app letters --date YYYY-MM-DD --json
    desk-app letters --date D --pdf FILE --what list|letters|labels|postcards
                     [--mark-printed [--operator NAME_OR_ID]]
    desk-app slip ORDER_ID --pdf FILE
    desk-app slip --date D --pdf FILE     (every order leaving the shop that day; the
                                          Yamato export's ship date; also --ship-date)

The JSON is a contract: ``{"date", "due": [{"customer_code", "name", "rule", "channel",
"reason", "due_date"}], "address_missing": [same]}``. PDFs are drawn by
``desk_app.ui.printing`` on an offscreen Qt application: the one, documented place where a
command reaches into ui (see that package's docstring and the import-linter exception).

What each ``--what`` prints: ``list`` the A4 table of today's batch (and the 住所未登録
list); ``letters`` the letter-channel letters; ``postcards`` the postcard-channel cards;
``labels`` address labels for both. A print holds what is due plus what was printed today
as another kind but not yet as this one (``FollowList.batch``), so letters, labels and
postcards can be printed one after the other, and running the same print twice does not
print the same letters again. ``--mark-printed`` records what the run printed (letters:
letters; postcards: cards; labels: both postal channels; list: the call list's lines), so
none of it comes on a later day's list; the labels of a letter printed today are their own
first print, and a letter or label printed a second time as the same kind is logged as a
reprint. ``--operator`` says who printed (a 担当者's id, or a name as ``customer
edit --operator`` takes it), kept on the print records as the desk keeps the clerk signed in.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from desk_app.commands import load_config

WHAT = ("list", "letters", "labels", "postcards")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("letters", help="本日のフォロー: follow-up letters and calls due on a day")
    p.add_argument("--date", help="the day YYYY-MM-DD (default today)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the list as JSON")
    out.add_argument("--pdf", metavar="FILE", help="write a PDF (see --what)")
    p.add_argument("--what", choices=WHAT, default="list", help="what the PDF holds")
    p.add_argument("--mark-printed", action="store_true",
                   help="record what was printed (it will not come again)")
    p.add_argument("--operator", metavar="NAME_OR_ID",
                   help="who prints (kept on the print records of --mark-printed): a 担当者's "
                        "id, or a name (added when new)")
    p.add_argument("--rule", action="append", default=[], metavar="KEY",
                   help="only this rule (repeatable)")
    p.add_argument("--channel", action="append", default=[], choices=("letter", "postcard",
                                                                         "call"))
    p.add_argument("--sheet", default=None,
                   help="label sheet: a preset (a4-12, a4-24) or a JSON file with rows, cols, "
                        "top, left, width, height, pitch_x, pitch_y (mm)")
    p.add_argument("--start", type=int, default=1, help="first free label on the sheet (1-based)")
    p.add_argument("--outlines", action="store_true", help="labels: draw each label's edge")
    p.add_argument("--frames", action="store_true", help="postcards: draw the postal boxes")
    p.add_argument("--shop", help="shop details JSON (default shop.json in the data folder)")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_letters)

    p = sub.add_parser("slip", help="納品書 (delivery slip) PDF for an order or a ship date")
    p.add_argument("order_id", type=int, nargs="?", help="受注番号")
    p.add_argument("--date", "--ship-date", dest="ship_date",
                   help="every order leaving the shop on YYYY-MM-DD (the Yamato export's ship "
                        "date), one slip per page")
    p.add_argument("--pdf", required=True, metavar="FILE")
    p.add_argument("--shop", help="shop details JSON (default shop.json in the data folder)")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_slip)


def _date(text: str | None, what: str = "--date") -> date | None:
    from desk_app.usage import UsageError

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} は YYYY-MM-DD で指定してください: {text}") from None


def _context(args):
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    return ServiceContext(Store(args.db), config=load_config())


def _shop(ctx, args):
    from desk_app.services import letters as svc

    return svc.shop_info(ctx, Path(args.shop) if args.shop else None)


def _sheet(name: str | None):
    """A preset by name, or a sheet of the shop's own from a JSON file (millimetres)."""
    from desk_app.domain.print_layout import DEFAULT_LABEL_SHEET, LABEL_PRESETS, LabelSheet
    from desk_app.usage import UsageError

    key = name or DEFAULT_LABEL_SHEET
    if key in LABEL_PRESETS:
        return LABEL_PRESETS[key]
    path = Path(key)
    if not path.is_file():
        raise UsageError(f"--sheet は {', '.join(LABEL_PRESETS)} か JSON ファイルです: {key}")
    try:
        data = json.loads(path.read_text("utf-8"))
        sheet = LabelSheet.from_dict({"name": path.stem, "padding": 4.0, **data})
        problems = sheet.problems()
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(f"{path} を読めません: {exc}") from None
    if problems:
        raise UsageError(f"{path}: " + "; ".join(problems))
    return sheet


def cmd_letters(args) -> int:
    from desk_app.services import letters as svc
    from desk_app.services.base import ServiceError
    from desk_app.usage import UsageError

    day = _date(args.date)
    ctx = _context(args)
    try:
        if args.mark_printed and (args.json or not args.pdf):
            raise UsageError("--mark-printed は --pdf と一緒に指定してください")
        if args.operator is not None:
            if not args.mark_printed:
                raise UsageError("--operator は --mark-printed と一緒に指定してください")
            ctx.operator_id = _operator(ctx, args.operator)
        follow = svc.follow_list(ctx, day).value
        if args.json or not args.pdf:
            if args.json:
                json.dump(follow.to_json(), sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            else:
                _print_text(follow)
            return 0
        return _pdf(ctx, args, svc, follow)
    except ServiceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        ctx.store.dispose()


def _operator(ctx, text: str) -> int:
    """``--operator``: a 担当者's id, or a name (added when new, as ``customer edit`` does)."""
    from desk_app.services.customers import operator_named
    from desk_app.services.operators import list_operators
    from desk_app.usage import UsageError

    if text.strip().isdigit():
        wanted = int(text)
        if not any(o.id == wanted for o in list_operators(ctx)):
            raise UsageError(f"担当者 ID {wanted} はありません")
        return wanted
    return operator_named(ctx, text)


def _print_text(follow) -> None:
    print(f"本日のフォロー {follow.day.isoformat()}: {len(follow.due)}件"
          f"（住所未登録 {len(follow.address_missing)}件）")
    for x in follow.due:
        print(f"  {x.customer_code}  {x.name} 様  {x.rule_name}  {x.reason}  [{x.channel}]")
    for x in follow.address_missing:
        print(f"  住所未登録 {x.customer_code}  {x.name} 様  {x.rule_name}  {x.reason}")


def _pdf(ctx, args, svc, follow) -> int:
    from desk_app.services.base import ServiceError
    from desk_app.ui import printing
    from desk_app.usage import UsageError

    shop = _shop(ctx, args)
    chosen = svc.filter_lines(follow.batch(args.what), rules=args.rule, channels=args.channel)
    if not chosen and args.what != "list":
        raise ServiceError.one("letters.nothing", date=follow.day.isoformat())
    path = Path(args.pdf)
    if args.what == "list":
        from dataclasses import replace

        names = {r.key: r.name for r in svc.rules(ctx)}
        shown = replace(follow, due=chosen,
                        address_missing=svc.filter_lines(follow.address_missing, rules=args.rule,
                                                         channels=args.channel))
        pages = printing.write_pdf(path, "list", printing.render_list, shown, names, shop)
        marked = [x for x in chosen if x.channel == "call"]
    elif args.what == "letters":
        merged = svc.merge_letters(ctx, chosen, follow.day, shop)
        pages = printing.write_pdf(path, "letters", printing.render_letters, merged, shop,
                                   follow.day)
        marked = list(chosen)
    elif args.what == "labels":
        sheet = _sheet(args.sheet)
        if not 1 <= args.start <= sheet.per_sheet:
            raise UsageError(f"--start は 1〜{sheet.per_sheet} で指定してください")
        pages = printing.write_pdf(path, "labels", printing.render_labels, chosen, sheet,
                                   args.start, args.outlines)
        marked = list(chosen)
    else:
        pages = printing.write_pdf(path, "postcards", printing.render_postcards, chosen, shop,
                                   args.frames)
        marked = list(chosen)
    done = ""
    if args.mark_printed and marked:
        first, again = svc.mark_printed(ctx, marked, args.what, follow.day).value
        done = f"、印刷済み {first}件" + (f"（再印刷 {again}件）" if again else "")
    print(f"{path}: {pages}ページ、{len(chosen)}件{done}")
    return 0


def cmd_slip(args) -> int:
    from desk_app.services import slips
    from desk_app.services.base import ServiceError
    from desk_app.usage import UsageError

    ship_date = _date(args.ship_date)
    if (args.order_id is None) == (ship_date is None):
        raise UsageError("受注番号か --date のどちらかを指定してください")
    ctx = _context(args)
    try:
        found = ([slips.slip(ctx, args.order_id)] if args.order_id is not None
                 else slips.slips_for_ship_date(ctx, ship_date))
        if not found:
            raise UsageError(f"{ship_date} に出荷する受注はありません")
        shop = _shop(ctx, args)
        from desk_app.services.letters import check_shop

        if problems := check_shop(shop):
            raise ServiceError(problems)
        from desk_app.ui import printing

        pages = printing.write_pdf(args.pdf, "slips", printing.render_slips, found, shop)
    except ServiceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        ctx.store.dispose()
    print(f"{args.pdf}: {pages}ページ、納品書 {len(found)}件")
    return 0
