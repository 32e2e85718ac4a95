"""The letters filled in: the shop's details (店舗情報) and each line's template merged with
its customer's values, and the template editor's preview.

The shop's details come from ``ctx.config.shop`` when the desk's typed settings carry them,
else ``shop.json`` in the data folder (the file the Yamato export reads).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desk_app.config import ShopSettings
from desk_app.domain import letter_templates, messages
from desk_app.domain.shop import DEMO_SHOP, ShopInfo, registration_problem
from desk_app.domain.wareki import to_wareki
from desk_app.services.base import Problem, ServiceContext, ServiceError
from desk_app.services.letters.follow import FollowLine
from desk_app.services.letters.texts import templates
from desk_app.store import letters as q

messages.register({
    "letters.shop_file": ("店舗情報ファイル {path} を読めません: {error}",
                          "Cannot read the shop file {path}: {error}"),
})


# -- shop -----------------------------------------------------------------------------------

def shop_info(ctx: ServiceContext, path: Path | None = None) -> ShopInfo:
    """店舗情報: the typed settings' shop when present, else *path* or ``shop.json`` in
    the data folder, else the demo shop (so a fresh install still prints)."""
    configured = getattr(ctx.config, "shop", None)
    if isinstance(configured, ShopInfo):
        return configured
    if isinstance(configured, ShopSettings) and any(asdict(configured).values()):
        data = asdict(configured)  # config's [shop]: its invoice_number is the 登録番号
        data["registration_number"] = data.pop("invoice_number")
        return ShopInfo.from_dict(data)
    # [shop] not filled in at all: shop.json, else the demo shop
    if path is None:
        from desk_app.store.db import data_dir

        path = data_dir() / "shop.json"
    if not path.exists():
        return DEMO_SHOP
    try:
        return ShopInfo.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ServiceError.one("letters.shop_file", path=str(path), error=str(exc)) from None


def check_shop(shop: ShopInfo) -> list[Problem]:
    code = registration_problem(shop.registration_number)
    return [Problem(code, {}, "registration_number")] if code else []


# -- merged letters -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MergedLetter:
    line: FollowLine
    body: str


def _postal(code: str) -> str:
    return f"{code[:3]}-{code[3:]}" if len(code) == 7 else code


def _long_date(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def letter_values(line: FollowLine, shop: ShopInfo, day: date,
                  facts: dict[str, Any] | None = None) -> dict[str, str]:
    facts = facts or {}
    return {
        "宛名": f"{line.name} 様", "氏名": line.name, "郵便番号": _postal(line.postal_code),
        "住所": line.address, "日付": _long_date(day), "和暦日付": to_wareki(day),
        "店名": shop.name, "店舗郵便番号": _postal(shop.postal_code),
        "店舗住所": shop.full_address, "店舗電話": _phone(shop.phone),
        "初回購入日": _long_date(facts.get("first")), "最終購入日": _long_date(facts.get("last")),
        "購入回数": str(facts.get("count", "")),
        "商品名": str(line.reason_params.get("product", "")) if line.rule else "",
        "誕生月": f"{facts['birth_month']}月" if facts.get("birth_month") else "",
        "理由": line.reason,
    }


def _phone(number: str) -> str:
    from desk_app.domain.phone import display_form

    return display_form(number) if number else ""


def merge_letters(ctx: ServiceContext, lines: Sequence[FollowLine], day: date | None = None,
                  shop: ShopInfo | None = None) -> list[MergedLetter]:
    """Each line's template filled in. Every template is checked before any is merged: one
    that names an unknown placeholder refuses the whole run (nothing half-filled)."""
    day = day or ctx.today()
    shop = shop or shop_info(ctx)
    bodies = templates(ctx)
    problems = []
    for name in sorted({x.template for x in lines if x.channel != "call"}):
        body = bodies.get(name)
        if body is None:
            problems.append(Problem("letters.template.missing", {"template": name}, "template"))
        elif (problem := letter_templates.check(name, body)) is not None:
            problems.append(Problem(problem.code, problem.params, "template"))
    if problems:
        raise ServiceError(problems)
    with ctx.reading() as session:
        facts = q.load_facts(session, {x.customer_id for x in lines}, day, with_lines=False)
    out = []
    for line in lines:
        if line.channel == "call":
            continue
        f = facts.get(line.customer_id)
        info: dict[str, Any] = {}
        if f is not None:
            orders = f[1].orders
            if orders:
                info = {"first": orders[0].order_date, "last": orders[-1].order_date,
                        "count": len(orders)}
            if f[1].birthday:
                info["birth_month"] = f[1].birthday.month
        body = letter_templates.render(line.template, bodies[line.template],
                                       letter_values(line, shop, day, info))
        out.append(MergedLetter(line, body))
    return out


def preview_template(name: str, body: str, shop: ShopInfo, day: date) -> str:
    """The template filled with a sample customer (the editor's preview); raises
    :class:`ServiceError` for a template that cannot print."""
    problem = letter_templates.check(name, body)
    if problem is not None:
        raise ServiceError(Problem(problem.code, problem.params, "body"))
    sample = FollowLine(0, "C000000", "山田 花子", "ヤマダ ハナコ", name, name, "letter", name,
                        "初回購入 11/28", day, day, "", "初回・現役", "1000001",
                        "東京都千代田区千代田1-1", "0312345678",
                        reason_params={"product": "青汁 30包"},
                        address_parts=("東京都", "千代田区", "千代田1-1", ""))
    info = {"first": day, "last": day, "count": 3, "birth_month": day.month}
    return letter_templates.render(name, body, letter_values(sample, shop, day, info))
