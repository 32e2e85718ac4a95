"""An order being taken, its validation and its money: one pure implementation that the
order form and ``desk-app order add`` both call, so that the two can never disagree.

:func:`validate` returns every problem at once as :class:`FieldError` values (field path +
a Japanese message that says what to do), because a clerk on the phone fixes them in one
pass; the store refuses a draft with errors, so nothing is ever saved half.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from desk_app.domain import money
from desk_app.domain.calendar import WEEKDAYS_CALENDAR, BusinessCalendar
from desk_app.domain.customer_rules import payment_issue
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.phone import PhoneNumberError, normalize
from desk_app.domain.postal import clean_code
from desk_app.domain.text import check_length

MAX_QUANTITY = 999
SHIP_TO_SOURCES = ("orderer", "saved", "new")
NOSHI_OMOTE = ("御中元", "御歳暮", "御祝", "内祝", "御礼", "御年賀", "寿", "粗品", "志",
               "御見舞", "快気祝", "御供", "御仏前")
# 外のし (over the wrapping, for gifts handed over) / 内のし (under it, for parcels sent)
NOSHI_KINDS = ("soto", "uchi")
NOSHI_KIND_LABELS_JA = {"soto": "外のし", "uchi": "内のし"}
_CARD_LIKE = re.compile(r"(?:\d[ -]?){13,19}")



@dataclass(frozen=True, slots=True)
class ProductInfo:
    sku: str
    name: str
    price: int  # tax-inclusive yen
    tax_rate: int
    kana: str = ""
    consumption_days: int | None = None
    upgrade_sku: str | None = None
    active: bool = True
    id: int | None = None


class Catalogue(Protocol):
    """What validation needs of the product catalogue (the store's in-memory copy)."""

    def get(self, sku: str) -> ProductInfo | None: ...


@dataclass(frozen=True, slots=True)
class ShipTo:
    name: str
    postal_code: str
    address: str  # full address, starting with the prefecture
    phone: str

    @property
    def prefecture(self) -> str | None:
        return split_prefecture(self.address)[0]


@dataclass(frozen=True, slots=True)
class DraftLine:
    sku: str
    quantity: int
    unit_price: int | None = None  # None: the catalogue price


@dataclass(frozen=True, slots=True)
class Noshi:
    omote: str  # 表書き: 御中元, 御歳暮 …
    name: str = ""  # 名入れ
    kind: str = "soto"  # 外のし / 内のし (NOSHI_KINDS)


@dataclass(frozen=True)
class OrderDraft:
    customer_id: int | None
    payment: str
    ship_to: ShipTo | None
    lines: tuple[DraftLine, ...]
    ship_to_source: str = "orderer"  # orderer / saved / new: only changes the messages
    delivery_date: date | None = None
    slot: str | None = None
    noshi: Noshi | None = None
    gift_wrap: bool = False
    memo: str = ""
    sender_name: str = ""  # ご依頼主 on the label when it is not the orderer (a gift)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # "payment", "ship_to.address", "lines[2].quantity", "delivery.date" …
    message: str  # Japanese, for the clerk


class OrderRefused(ValueError):
    """A draft with errors; ``errors`` says where and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True, slots=True)
class PricedLine:
    line_no: int
    product_id: int | None
    sku: str
    name: str
    unit_price: int
    quantity: int
    tax_rate: int

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Preview:
    """What the form shows while typing: item sums always, full totals once computable."""

    items_by_rate: dict[int, int]
    totals: money.Totals | None
    problem: str | None = None  # why totals are missing (shown instead of the fee lines)


def split_prefecture(address: str) -> tuple[str | None, str]:
    text = unicodedata.normalize("NFKC", address or "").strip()
    for pref in money.PREFECTURES:
        if text.startswith(pref):
            return pref, text[len(pref):].strip()
    return None, text


def next_business_day(day: date, holidays: Iterable[date] = (),
                      calendar: BusinessCalendar = WEEKDAYS_CALENDAR) -> date:
    """The first open day of *calendar* after *day* that is not in *holidays* either
    (by default: a weekday that is not a Japanese public holiday)."""
    off = set(holidays)
    day = calendar.next_open(day)
    while day in off:
        day = calendar.next_open(day)
    return day


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def contains_card_number(text: str) -> bool:
    """A 13–19 digit run passing the Luhn check: card numbers must never be stored."""
    folded = unicodedata.normalize("NFKC", text or "")
    return any(_luhn_ok(re.sub(r"\D", "", m.group())) for m in _CARD_LIKE.finditer(folded))


def priced_lines(draft: OrderDraft, catalogue: Catalogue) -> list[PricedLine]:
    """Lines with names, prices and rates from the catalogue; unknown SKUs are skipped."""
    out: list[PricedLine] = []
    for line in draft.lines:
        product = catalogue.get(line.sku)
        if product is None or not _is_quantity(line.quantity):
            continue
        price = product.price if line.unit_price is None else line.unit_price
        out.append(PricedLine(len(out) + 1, product.id, product.sku, product.name, price,
                              line.quantity, product.tax_rate))
    return out


def preview(draft: OrderDraft, catalogue: Catalogue,
            rules: money.FeeRules = money.DEFAULT_RULES) -> Preview:
    lines = [p for p in priced_lines(draft, catalogue) if p.unit_price >= 0]
    items = {rate: sum(x.amount for x in lines if x.tax_rate == rate) for rate in money.TAX_RATES}
    prefecture = draft.ship_to.prefecture if draft.ship_to else None
    if prefecture is None:
        return Preview(items, None, "送料はお届け先の都道府県で決まります")
    try:
        return Preview(items, money.compute(lines, prefecture, draft.payment, rules))
    except money.CodLimitError as exc:
        return Preview(items, None, str(exc))


def _is_quantity(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_QUANTITY


def _validate_lines(draft: OrderDraft, catalogue: Catalogue) -> list[FieldError]:
    if not draft.lines:
        return [FieldError("lines", "商品を1つ以上入力してください。")]
    errors = []
    for i, line in enumerate(draft.lines):
        product = catalogue.get(line.sku)
        if product is None:
            errors.append(FieldError(f"lines[{i}].sku", f"商品コード「{line.sku}」は登録されて"
                                     "いません。商品名やフリガナで検索してください。"))
        elif not product.active:
            errors.append(FieldError(f"lines[{i}].sku",
                                     f"「{product.name}」は販売を終了しています。"))
        if not _is_quantity(line.quantity):
            errors.append(FieldError(f"lines[{i}].quantity",
                                     f"数量は1〜{MAX_QUANTITY}の整数で入力してください。"))
        price = line.unit_price
        if price is not None and not (isinstance(price, int) and not isinstance(price, bool)
                                      and price >= 0):
            errors.append(FieldError(f"lines[{i}].unit_price",
                                     "単価は0円以上の整数で入力してください。"))
    return errors


def _validate_ship_to(draft: OrderDraft) -> list[FieldError]:
    ship = draft.ship_to
    if ship is None:
        return [FieldError("ship_to", "お届け先を選んでください。")]
    errors = []
    if not ship.name.strip():
        errors.append(FieldError("ship_to.name", "お届け先の氏名が未入力です。"))
    if not ship.address.strip():
        message = ("ご注文者の住所が未登録です。住所を伺って「別のお届け先」に入力してください。"
                   if draft.ship_to_source == "orderer" else "お届け先の住所が未入力です。")
        errors.append(FieldError("ship_to.address", message))
    elif ship.prefecture is None:
        errors.append(FieldError("ship_to.address", "住所は都道府県から入力してください。"))
    if clean_code(ship.postal_code) is None:
        errors.append(FieldError("ship_to.postal_code", "郵便番号は7桁で入力してください。"))
    if not ship.phone.strip():
        errors.append(FieldError("ship_to.phone", "お届け先の電話番号が未入力です。"))
    else:
        try:
            normalize(ship.phone)
        except PhoneNumberError:
            errors.append(FieldError("ship_to.phone",
                                     "電話番号が正しくありません（例: 03-1234-5678）。"))
    return errors


def validate(draft: OrderDraft, catalogue: Catalogue, today: date,
             rules: money.FeeRules = money.DEFAULT_RULES, carrier: Carrier = DEFAULT_CARRIER, *,
             keep_delivery_date: date | None = None,
             customer_flags: Iterable[str] = ()) -> list[FieldError]:
    """Every problem of *draft*; empty when it may be saved.

    *keep_delivery_date*: when editing, the order's own date is accepted even if it has
    passed (the parcel may be on its way; only a changed date is checked).
    *customer_flags*: the orderer's caution flags (代引不可 refuses 代金引換).
    """
    errors: list[FieldError] = []
    if draft.customer_id is None:
        errors.append(FieldError("customer", "ご注文者（顧客）を選んでください。"))
    if draft.payment not in money.PAYMENTS:
        errors.append(FieldError("payment", "お支払い方法を選んでください。"))
    else:
        refusal = payment_issue(customer_flags, draft.payment)
        if refusal is not None:
            errors.append(FieldError(refusal.field, refusal.text()))
    errors += _validate_ship_to(draft)
    errors += _validate_lines(draft, catalogue)
    prefecture = draft.ship_to.prefecture if draft.ship_to else None
    if draft.delivery_date != keep_delivery_date or keep_delivery_date is None:
        message = carrier.check_date(draft.delivery_date, today, prefecture)
        if message:
            errors.append(FieldError("delivery.date", message))
    message = carrier.check_slot(draft.slot)
    if message:
        errors.append(FieldError("delivery.slot", message))
    if draft.noshi is not None:
        if not draft.noshi.omote.strip():
            errors.append(FieldError("noshi.omote", "のしの表書きを入力してください。"))
        elif len(draft.noshi.omote) > 40 or len(draft.noshi.name) > 60:
            errors.append(FieldError("noshi.name", "のしの文字が長すぎます。"))
        if draft.noshi.kind not in NOSHI_KINDS:
            errors.append(FieldError("noshi.kind", "のしは「外のし」か「内のし」を選んでください。"))
    for name, limit_name, text in (("memo", "memo", draft.memo),
                                   ("sender_name", "sender_name", draft.sender_name),
                                   ("ship_to.name", "ship_name",
                                    draft.ship_to.name if draft.ship_to else "")):
        issue = check_length(limit_name, text, name)
        if issue is not None:
            errors.append(FieldError(name, issue.text()))
    for name, text in (("memo", draft.memo), ("noshi.name", draft.noshi.name if draft.noshi else ""),
                       ("sender_name", draft.sender_name)):
        if contains_card_number(text):
            errors.append(FieldError(name, "カード番号は保存できません。削除してください。"))
    if not errors and draft.payment == "cod":
        result = preview(draft, catalogue, rules)
        if result.totals is None:
            errors.append(FieldError("payment", f"{result.problem}。別のお支払い方法を選んでください。"))
    return errors


def check(draft: OrderDraft, catalogue: Catalogue, today: date,
          rules: money.FeeRules = money.DEFAULT_RULES, carrier: Carrier = DEFAULT_CARRIER, *,
          keep_delivery_date: date | None = None,
          customer_flags: Iterable[str] = ()) -> tuple[list[PricedLine], money.Totals]:
    """Lines and totals of a valid draft; raises :class:`OrderRefused` otherwise."""
    errors = validate(draft, catalogue, today, rules, carrier,
                      keep_delivery_date=keep_delivery_date, customer_flags=customer_flags)
    if errors:
        raise OrderRefused(errors)
    lines = priced_lines(draft, catalogue)
    ship_to = draft.ship_to
    assert ship_to is not None  # validate() refuses a draft without one
    totals = money.compute(lines, ship_to.prefecture, draft.payment, rules)
    return lines, totals


def errors_by_field(errors: Iterable[FieldError]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in errors:
        out.setdefault(e.field, []).append(e.message)
    return out
