"""`shop show|set`: 店舗情報 without a screen (the settings page's fields, the same checks).

Contracts (JSON on stdout, messages on stderr, exit 2 for input the user must fix):
- ``shop show --json`` prints the ``[shop]`` settings: ``name``, ``postal_code`` (7 digits),
  ``address``, ``building``, ``phone`` (national digits), ``invoice_number`` (T + 13 digits),
  ``sender``.
- ``shop set --json FILE`` (``-`` for stdin) takes an object with the fields to change, named
  as ``show`` prints them, checks them as the settings page does (one line per refused
  field) and prints the saved settings.

Both read and write the desk's settings file (``--config`` for another one), which the B2
export (ご依頼主) and the letters' and slips' sender block read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    shop = sub.add_parser("shop", help="店舗情報: the shop's name, address, phone, 登録番号")
    ssub = shop.add_subparsers(dest="shop_command", metavar="ACTION", required=True)
    p = ssub.add_parser("show", help="print the shop details as JSON")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")
    p.add_argument("--config", type=Path, help="settings file (default: the desk's)")
    p.set_defaults(handler=cmd_shop_show)
    p = ssub.add_parser("set", help="change the shop details from FILE (JSON, - for stdin)")
    p.add_argument("--json", required=True, metavar="FILE")
    p.add_argument("--config", type=Path, help="settings file (default: the desk's)")
    p.set_defaults(handler=cmd_shop_set)


def _load(path: Path | None):
    from desk_app import config
    from desk_app.usage import UsageError

    try:
        return config.load(path)
    except config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def _print(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False)
    print()


def cmd_shop_show(args) -> int:
    from desk_app.services.shop import shop_dict

    _print(shop_dict(_load(args.config).shop))
    return 0


def cmd_shop_set(args) -> int:
    from desk_app import config
    from desk_app.domain import messages
    from desk_app.services.base import ServiceError
    from desk_app.services.shop import shop_dict, with_shop
    from desk_app.usage import UsageError

    try:
        text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text("utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"店舗情報のJSONを読めません: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError("店舗情報のJSONはオブジェクト {...} です")
    current = _load(args.config)
    try:
        updated = with_shop(current, data)
    except ServiceError as exc:
        lines = [f"  {p.field}: {messages.text(p.code, p.params)}" for p in exc.problems]
        raise UsageError("店舗情報を保存できません:\n" + "\n".join(lines)) from None
    try:
        config.save(updated, args.config)
    except OSError as exc:
        raise UsageError(f"設定を保存できません: {exc}") from None
    _print(shop_dict(updated.shop))
    return 0
