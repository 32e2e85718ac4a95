"""An order being taken, its validation and its money: one pure implementation that the
order form and ``desk-app order add`` both call, so that the two can never disagree.

:func:`validate` returns every problem at once as :class:`Problem` values (field path +
a message code that says what to do, see ``desk_app.domain.messages``), because a clerk on the phone fixes them in one
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
from desk_app.domain.calendar import DEFAULT_CALENDAR, WEEKDAYS_CALENDAR, BusinessCalendar
from desk_app.domain.customer_rules import payment_issue
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.messages import Problem, Refused
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


class OrderRefused(Refused):
    """A draft with errors; ``errors`` says where and why: each a :class:`Problem` at a
    field ("payment", "ship_to.address", "lines[2].quantity", "delivery.date" …), a message
    code with parameters (``desk_app.domain.messages``) worded by whoever shows it."""


@dataclass(frozen=True, slots=True)
class PricedLine(money.PricedQuantity):
    line_no: int
    product_id: int | None
    sku: str
    name: str
    unit_price: int
    quantity: int
    tax_rate: int


@dataclass(frozen=True)
class Preview:
    """What the form shows while typing: item sums always, full totals once computable."""

    items_by_rate: dict[int, int]
    totals: money.Totals | None
    problem: Problem | None = None  # why totals are missing (shown instead of the fee lines)


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
        return Preview(items, None, Problem("money.needs_prefecture"))
    try:
        return Preview(items, money.compute(lines, prefecture, draft.payment, rules))
    except money.CodLimitError as exc:
        return Preview(items, None, exc.problems[0])


def _is_quantity(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_QUANTITY


def _validate_lines(draft: OrderDraft, catalogue: Catalogue) -> list[Problem]:
    if not draft.lines:
        return [Problem("order.lines_required", field="lines")]
    errors = []
    for i, line in enumerate(draft.lines):
        product = catalogue.get(line.sku)
        if product is None:
            errors.append(Problem("order.sku_unknown", {"sku": line.sku}, f"lines[{i}].sku"))
        elif not product.active:
            errors.append(Problem("order.product_retired", {"name": product.name},
                                  f"lines[{i}].sku"))
        if not _is_quantity(line.quantity):
            errors.append(Problem("order.quantity_range", {"max": MAX_QUANTITY},
                                  f"lines[{i}].quantity"))
        price = line.unit_price
        if price is not None and not (isinstance(price, int) and not isinstance(price, bool)
                                      and price >= 0):
            errors.append(Problem("order.unit_price", field=f"lines[{i}].unit_price"))
    return errors


def _validate_ship_to(draft: OrderDraft) -> list[Problem]:
    ship = draft.ship_to
    if ship is None:
        return [Problem("order.ship_to_required", field="ship_to")]
    errors = []
    if not ship.name.strip():
        errors.append(Problem("order.ship_name_required", field="ship_to.name"))
    if not ship.address.strip():
        code = ("order.orderer_address_missing" if draft.ship_to_source == "orderer"
                else "order.ship_address_required")
        errors.append(Problem(code, field="ship_to.address"))
    elif ship.prefecture is None:
        errors.append(Problem("order.address_prefecture", field="ship_to.address"))
    if clean_code(ship.postal_code) is None:
        errors.append(Problem("order.postal_code", field="ship_to.postal_code"))
    if not ship.phone.strip():
        errors.append(Problem("order.ship_phone_required", field="ship_to.phone"))
    else:
        try:
            normalize(ship.phone)
        except PhoneNumberError:
            errors.append(Problem("order.phone_invalid", field="ship_to.phone"))
    return errors


def payment_problem(payment: str, customer_flags: Iterable[str] = ()) -> Problem | None:
    """Whether this orderer may pay so: 代引不可 refuses 代金引換 at the payment field. The
    form asks it on every change (the caller must hear it at once), :func:`validate` with
    the rest."""
    refusal = payment_issue(customer_flags, payment)
    return None if refusal is None else Problem(refusal.code, refusal.params, refusal.field)


def validate(draft: OrderDraft, catalogue: Catalogue, today: date,
             rules: money.FeeRules = money.DEFAULT_RULES, carrier: Carrier = DEFAULT_CARRIER, *,
             keep_delivery_date: date | None = None,
             customer_flags: Iterable[str] = (),
             calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[Problem]:
    """Every problem of *draft*; empty when it may be saved.

    *keep_delivery_date*: when editing, the order's own date is accepted even if it has
    passed (the parcel may be on its way; only a changed date is checked).
    *customer_flags*: the orderer's caution flags (代引不可 refuses 代金引換).
    """
    errors: list[Problem] = []
    if draft.customer_id is None:
        errors.append(Problem("order.customer_required", field="customer"))
    if draft.payment not in money.PAYMENTS:
        errors.append(Problem("order.payment_required", field="payment"))
    elif (refusal := payment_problem(draft.payment, customer_flags)) is not None:
        errors.append(refusal)
    errors += _validate_ship_to(draft)
    errors += _validate_lines(draft, catalogue)
    prefecture = draft.ship_to.prefecture if draft.ship_to else None
    if draft.delivery_date != keep_delivery_date or keep_delivery_date is None:
        problem = carrier.check_date(draft.delivery_date, today, prefecture, calendar)
        if problem:
            errors.append(problem.at("delivery.date"))
    problem = carrier.check_slot(draft.slot)
    if problem:
        errors.append(problem.at("delivery.slot"))
    if draft.noshi is not None:
        if not draft.noshi.omote.strip():
            errors.append(Problem("order.noshi_required", field="noshi.omote"))
        elif len(draft.noshi.omote) > 40 or len(draft.noshi.name) > 60:
            errors.append(Problem("order.noshi_too_long", field="noshi.name"))
        if draft.noshi.kind not in NOSHI_KINDS:
            errors.append(Problem("order.noshi_kind", field="noshi.kind"))
    for name, limit_name, text in (("memo", "memo", draft.memo),
                                   ("sender_name", "sender_name", draft.sender_name),
                                   ("ship_to.name", "ship_name",
                                    draft.ship_to.name if draft.ship_to else "")):
        issue = check_length(limit_name, text, name)
        if issue is not None:
            errors.append(Problem(issue.code, issue.params, name))
    for name, text in (("memo", draft.memo), ("noshi.name", draft.noshi.name if draft.noshi else ""),
                       ("sender_name", draft.sender_name)):
        if contains_card_number(text):
            errors.append(Problem("order.card_number", field=name))
    if not errors and draft.payment == "cod":
        result = preview(draft, catalogue, rules)
        if result.totals is None and result.problem is not None:
            errors.append(Problem("order.payment_refused", {"reason": result.problem},
                                  "payment"))
    return errors


def check(draft: OrderDraft, catalogue: Catalogue, today: date,
          rules: money.FeeRules = money.DEFAULT_RULES, carrier: Carrier = DEFAULT_CARRIER, *,
          keep_delivery_date: date | None = None,
          customer_flags: Iterable[str] = (),
          calendar: BusinessCalendar = DEFAULT_CALENDAR) -> tuple[list[PricedLine], money.Totals]:
    """Lines and totals of a valid draft; raises :class:`OrderRefused` otherwise."""
    errors = validate(draft, catalogue, today, rules, carrier,
                      keep_delivery_date=keep_delivery_date, customer_flags=customer_flags,
                      calendar=calendar)
    if errors:
        raise OrderRefused(errors)
    lines = priced_lines(draft, catalogue)
    ship_to = draft.ship_to
    assert ship_to is not None  # validate() refuses a draft without one
    totals = money.compute(lines, ship_to.prefecture, draft.payment, rules)
    return lines, totals


def errors_by_field(errors: Iterable[Problem], lang: str = "ja") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in errors:
        out.setdefault(e.field, []).append(e.text(lang))
    return out
