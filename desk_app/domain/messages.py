"""Every message the domain, the store and the services can show, by code.

Rules and use cases never build sentences: they raise or return a *code* with parameters
(``Problem("order.quantity_range", {"max": 999}, "lines[2].quantity")``). This catalogue
holds the wording for each code in Japanese (the desk's and the CLI's default, in the tone
of ``shared/glossary-ja.md``) and in English (what an English desk shows). Parameters are
written ``{name}`` (with an optional format spec, ``{limit:,}``) and filled by
``str.format``. A parameter may itself be a :class:`Problem` (a message inside a message:
the COD limit inside "choose another payment method") or a tuple of them (the slots a
carrier offers); those are worded in the same language, tuples joined with ``・`` / ``, ``.
Words that appear inside messages (carriers, time slots, payment methods, B2 columns) are
codes here too, so an English desk never shows a Japanese word inside an English sentence.

``tests/domain/test_messages.py`` checks that every code has both languages with the same
placeholders, and that every code the code base raises is in the catalogue.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("ja", "en")
_LIST_SEPARATOR = {"ja": "・", "en": ", "}

# code → (Japanese, English). Grouped by the package that raises them; keep codes stable:
# the CLI's JSON carries them and saved drafts may hold them. Literal braces are doubled.
CATALOGUE: dict[str, tuple[str, str]] = {
    "common.not_found": ("{what}が見つかりません。", "{what} not found."),
    "common.required": ("{what}を入力してください。", "Enter {what}."),
    # orders: desk_app.domain.orders.validate
    "order.customer_required": ("ご注文者（顧客）を選んでください。",
                                "Choose the customer who is ordering."),
    "order.payment_required": ("お支払い方法を選んでください。", "Choose the payment method."),
    "order.ship_to_required": ("お届け先を選んでください。", "Choose where to deliver."),
    "order.ship_name_required": ("お届け先の氏名が未入力です。", "Enter the recipient's name."),
    "order.orderer_address_missing": (
        "ご注文者の住所が未登録です。住所を伺って「別のお届け先」に入力してください。",
        "The orderer has no address on file. Ask for it and enter it under “Another address”."),
    "order.ship_address_required": ("お届け先の住所が未入力です。",
                                    "Enter the delivery address."),
    "order.address_prefecture": ("住所は都道府県から入力してください。",
                                 "Start the address with the prefecture."),
    "order.postal_code": ("郵便番号は7桁で入力してください。", "Enter the 7-digit postal code."),
    "order.ship_phone_required": ("お届け先の電話番号が未入力です。",
                                  "Enter the recipient's phone number."),
    "order.phone_invalid": ("電話番号が正しくありません（例: 03-1234-5678）。",
                            "The phone number is not valid (e.g. 03-1234-5678)."),
    "order.lines_required": ("商品を1つ以上入力してください。", "Enter at least one product."),
    "order.sku_unknown": (
        "商品コード「{sku}」は登録されていません。商品名やフリガナで検索してください。",
        "Product code “{sku}” is not registered. Search by name or reading instead."),
    "order.product_retired": ("「{name}」は販売を終了しています。", "“{name}” is no longer sold."),
    "order.quantity_range": ("数量は1〜{max}の整数で入力してください。",
                             "Enter a whole-number quantity from 1 to {max}."),
    "order.unit_price": ("単価は0円以上の整数で入力してください。",
                         "Enter the unit price in whole yen (0 or more)."),
    "order.noshi_required": ("のしの表書きを入力してください。", "Enter the noshi inscription."),
    "order.noshi_too_long": ("のしの文字が長すぎます。", "The noshi text is too long."),
    "order.noshi_kind": ("のしは「外のし」か「内のし」を選んでください。",
                         "Choose outer or inner noshi."),
    "order.card_number": ("カード番号は保存できません。削除してください。",
                          "Card numbers must not be stored. Please delete it."),
    "order.payment_refused": ("{reason}。別のお支払い方法を選んでください。",
                              "{reason}. Choose another payment method."),
    # delivery dates and fees: desk_app.domain.delivery, desk_app.domain.money
    "delivery.date_passed": ("お届け希望日が過ぎています。今日以降の日付を選んでください。",
                             "That delivery date has passed. Choose today or later."),
    "delivery.date_too_early": (
        "{month}月{day}日以降の日付を選んでください（{carrier}の最短お届け日）。",
        "Choose {month}/{day} or later (the earliest {carrier} can deliver)."),
    "delivery.date_too_late": ("お届け希望日は{days}日先（{month}月{day}日）までです。",
                               "The delivery date can be at most {days} days ahead "
                               "({month}/{day})."),
    "delivery.slot_unavailable": ("{carrier}ではこの時間帯は指定できません（{offered}）。",
                                  "{carrier} does not offer this time slot ({offered})."),
    "money.needs_prefecture": ("送料はお届け先の都道府県で決まります",
                               "Shipping depends on the delivery prefecture"),
    "money.cod_limit": ("代金引換でお預かりできるのは{limit:,}円までです",
                        "Cash on delivery can collect at most ¥{limit:,}"),
    # saving, editing, cancelling: desk_app.services.orders
    "order.customer_not_found": ("顧客が見つかりません。顧客番号を確かめてください。",
                                 "Customer not found. Check the customer code."),
    "order.not_found": ("受注番号 {number} が見つかりません。", "Order {number} was not found."),
    "order.already_cancelled": ("受注番号 {number} は取消済みです。",
                                "Order {number} is already cancelled."),
    "order.imported": ("受注番号 {number} は取り込んだ売上履歴です。修正はできません（取消はできます）。",
                       "Order {number} came with the sales history: it cannot be changed "
                       "(it can be cancelled)."),
    "order.imported_no_slip": ("受注番号 {number} は取り込んだ売上履歴です。納品書はありません。",
                               "Order {number} came with the sales history: it has no "
                               "delivery slip."),
    "order.customer_fixed": ("受注の顧客は変更できません。取り消して新しく受注してください。",
                             "The customer of an order cannot be changed. Cancel it and take "
                             "a new order."),
    # the `order add` JSON: desk_app.commands.order_json
    "order_json.date_format": ("日付は YYYY-MM-DD で入力してください。",
                               "Enter dates as YYYY-MM-DD."),
    "order_json.customer_unknown": ("顧客番号「{code}」は登録されていません。",
                                    "Customer code “{code}” is not registered."),
    "order_json.ship_to_shape": ("ship_to は null か {{name, postal_code, address, phone}} です。",
                                 "ship_to is null or {{name, postal_code, address, phone}}."),
    "order_json.line_shape": ("明細は {{sku, quantity}} です。",
                              "A line is {{sku, quantity}}."),
    # products: desk_app.store.products, desk_app.exports.products_csv
    "product.sku_format": ("商品コードは英数字とハイフンで40文字までです。",
                           "Product codes use letters, digits and hyphens, up to 40 characters."),
    "product.name": ("商品名を120文字以内で入力してください。",
                     "Enter a product name of up to 120 characters."),
    "product.kana_length": ("フリガナは120文字以内です。",
                            "The reading can be up to 120 characters."),
    "product.price": ("価格（税込）は0円以上の整数で入力してください。",
                      "Enter the price (tax incl.) in whole yen (0 or more)."),
    "product.tax_rate": ("税率は8か10です（食品は8%）。", "The tax rate is 8 or 10 (8 for food)."),
    "product.consumption_days": ("消費日数は1〜3650日か空欄です。",
                                 "Days of use: 1 to 3650, or empty."),
    "product.upgrade_self": ("上位商品に自分自身は指定できません。",
                             "A product cannot be its own upgrade."),
    "product.sku_taken": ("商品コード「{sku}」は既に使われています。",
                          "Product code “{sku}” is already used."),
    "product.upgrade_missing": ("上位商品「{sku}」が見つかりません。",
                                "Upgrade product “{sku}” not found."),
    "product.not_found": ("商品が見つかりません。", "Product not found."),
    "product.sku_unknown": ("商品コード「{sku}」は登録されていません。",
                            "Product code “{sku}” is not registered."),
    "product.sku_repeated": ("商品コード「{sku}」が{line}行目と重複しています。",
                             "Product code “{sku}” repeats line {line}."),
    "csv.encoding": ("文字コードが判別できません。UTF-8かShift_JISで保存してください。",
                     "The text encoding is not recognised. Save the file as UTF-8 or "
                     "Shift_JIS."),
    "csv.not_integer": ("「{value}」は整数ではありません。", "“{value}” is not a whole number."),
    "csv.header_missing": ("見出し行に {missing} がありません（必要な列: {required}）。",
                           "The header line lacks {missing} (columns needed: {required})."),
    "csv.active": ("active は 1 か 0 です。", "active is 1 or 0."),
    "csv.row_field": ("行{row}.{field}", "line {row}, {field}"),
    # B2 export warnings: desk_app.exports.yamato_b2
    "b2.too_wide": ("受注番号 {order}: {column}がB2の文字数を超えています（{text}）",
                    "Order {order}: the {column} is longer than B2 allows ({text})"),
    "b2.not_sjis": ("受注番号 {order}: Shift_JISにない文字 {chars} を〓にしました",
                    "Order {order}: {chars} cannot be written in Shift_JIS and became 〓"),
    "shipping.shop_file": ("{path} を読めません: {error}", "Cannot read {path}: {error}"),
    "b2.column.address": ("お届け先住所", "delivery address"),
    "b2.column.building": ("お届け先アパートマンション名", "building name"),
    "b2.column.name": ("お届け先名", "recipient name"),
    "b2.column.item1": ("品名１", "item name 1"),
    "b2.column.item2": ("品名２", "item name 2"),
    # suggestion reasons: desk_app.store.suggestions
    "suggest.ran_out": ("前回分がなくなった頃（{month}/{day}頃）",
                        "Should have run out (around {month}/{day})"),
    "suggest.running_out": ("そろそろなくなる頃（{month}/{day}頃）",
                            "Running out soon (around {month}/{day})"),
    "suggest.upgrade": ("大容量・セットあり（{sku}）", "Larger size or set available ({sku})"),
    "suggest.together": ("よく一緒に購入されています", "Often bought together"),
    # words inside messages and on screens: payment methods, carriers, time slots
    "payment.cod": ("代金引換", "Cash on delivery"),
    "payment.postpaid": ("後払い", "Pay later"),
    "payment.bank": ("銀行振込", "Bank transfer"),
    "payment.card": ("クレジットカード", "Credit card"),
    "payment.postal": ("郵便振替", "Postal transfer"),
    "payment.konbini": ("コンビニ前払い", "Convenience store (prepaid)"),
    "carrier.yamato": ("ヤマト運輸", "Yamato Transport"),
    "slot.none": ("指定なし", "No preference"),
    "slot.0812": ("午前中", "Morning"),
    "slot.1416": ("14〜16時", "14:00–16:00"),
    "slot.1618": ("16〜18時", "16:00–18:00"),
    "slot.1820": ("18〜20時", "18:00–20:00"),
    "slot.1921": ("19〜21時", "19:00–21:00"),
    # the call desk: desk_app.services.calls, .notes, .operators
    "call.not_found": ("着信 {call} が見つかりません。", "Call {call} not found."),
    "note.not_found": ("応対メモ {note} が見つかりません。", "Note {note} not found."),
    "note.empty": ("応対メモが空です。", "The note is empty."),
    "operator.name_required": ("担当者名が空です。", "Enter the operator's name."),
}


# The codes defined here (others register their own at import time).
BUILTIN: frozenset[str] = frozenset(CATALOGUE)


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add a package's codes (at import time); a code registered twice must not change."""
    for code, wording in entries.items():
        if CATALOGUE.get(code, wording) != wording:
            raise ValueError(f"message code {code!r} registered twice with other wording")
        CATALOGUE[code] = wording


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses (``{limit:,}`` → ``limit``)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(template)
            if name is not None}


def _word(value: Any, lang: str) -> Any:
    if isinstance(value, Problem):
        return value.text(lang)
    if isinstance(value, tuple):
        return _LIST_SEPARATOR.get(lang, ", ").join(str(_word(v, lang)) for v in value)
    return value


def text(code: str, params: Mapping[str, Any] | None = None, lang: str = "ja") -> str:
    """The message for *code* in *lang*; an unknown code shows as itself (never crashes)."""
    wording = CATALOGUE.get(code)
    if wording is None:
        return code
    template = wording[1] if lang == "en" else wording[0]
    try:
        return template.format(**{k: _word(v, lang) for k, v in (params or {}).items()})
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason for a refusal (or one warning, one suggestion reason): a message code,
    its parameters, and the field at fault (``""`` for the input as a whole; dotted paths
    such as ``lines[2].quantity``)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""

    def text(self, lang: str = "ja") -> str:
        return text(self.code, self.params, lang)

    @property
    def message(self) -> str:
        """The Japanese wording (what the CLI prints and the Japanese desk shows)."""
        return self.text("ja")

    def at(self, field_path: str) -> Problem:
        """The same problem at another field (a CSV row's field, a nested path)."""
        return Problem(self.code, self.params, field_path)


def describe(problems: Iterable[Problem], lang: str = "ja") -> str:
    """"field: message" lines, as refusals print."""
    return "\n".join((f"{p.field}: " if p.field else "") + p.text(lang) for p in problems)


class Refused(ValueError):
    """Rules refused some input; ``problems`` (also ``errors``) say where and why. The
    domain's and the store's refusals derive from it; services turn them into
    :class:`~desk_app.services.base.ServiceError` subclasses at their boundary."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(describe(self.problems))

    @property
    def errors(self) -> list[Problem]:
        return list(self.problems)


class CodedError(ValueError):
    """One refusal as a message code and its parameters (a cell that cannot be read, a
    column mapping that cannot drive an import); worded by whoever shows it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def text(self, lang: str = "ja") -> str:
        return text(self.code, self.params, lang)
