"""A row of cells → a clean sale and/or customer, or a row error with its reason.

:class:`RowReader` is built once per file from the mapping; its methods are the inner loop
of an import of millions of rows, so they work on plain tuples and memoised cell readers.
A row is either good as a whole or rejected as a whole (with the first reason found): a
half-read sale is never written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from desk_app.domain import messages
from desk_app.domain.importing import values as v
from desk_app.domain.importing.columns import Mapping_
from desk_app.domain.orders import split_prefecture

messages.register({
    "import.columns": ("列の数が違います（{expected}列のはずが{got}列）。",
                       "Wrong number of columns ({got} instead of {expected})."),
    "import.undecodable": ("文字化けしています（文字コードを確認してください）。",
                           "Garbled characters (check the file's encoding)."),
    "import.name_missing": ("氏名が空です。", "The name is empty."),
    "import.unknown_sku": ("商品コード「{sku}」は商品マスタにありません。",
                           "Product code “{sku}” is not in the catalogue."),
    "import.order_conflict": ("受注番号 {order} の{line}行目と顧客番号か受注日が違います。",
                              "Order {order} has another customer or date on line {line}."),
    "import.duplicate_in_file": ("同じ顧客番号の行が{line}行目にもあります。",
                                 "The same customer id is on line {line} too."),
})

DAYS_SEEN = 200_000
NAME_MAX, KANA_MAX, COMPANY_MAX, ADDRESS_MAX, NOTE_MAX = 100, 100, 100, 120, 2000
_BUILDING_HINTS = ("建物", "ビル", "マンション", "住所2", "address2", "building")


class RowError(ValueError):
    def __init__(self, code: str, params: dict | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}

    def text(self, lang: str = "ja") -> str:
        return messages.text(self.code, self.params, lang)


class Person(NamedTuple):
    line: int
    code: str
    name: str
    name_key: str
    kana: str
    kana_key: str
    company: str | None
    postal_code: str | None
    prefecture: str | None
    city: str | None
    address1: str | None
    address2: str | None
    email: str | None
    birthday: date | None
    dm_allowed: bool | None
    caution: bool
    caution_note: str | None
    phones: tuple[tuple[str, str], ...]  # (national, e164), in column order


PERSON_ROLES = ("name", "kana", "company", "phone", "postal_code", "address", "email",
                "birthday", "dm_allowed", "caution")


@dataclass
class RowReader:
    """Reads the rows of one file with one mapping."""

    mapping: Mapping_
    headers: Sequence[str]
    today: date | None = None

    def __post_init__(self) -> None:
        m = self.mapping
        self.width = len(self.headers)
        self.i_code = m.get("customer_id")
        self.i_date = m.get("date")
        self.i_amount = m.get("amount")
        self.i_order = m.get("order_id")
        self.i_sku = m.get("product")
        self.i_qty = m.get("quantity")
        self.has_person = any(role in m for role in PERSON_ROLES)
        today = self.today
        self.date = v.Memo(lambda text: v.parse_date(text, today).isoformat())
        self.amount = v.Memo(v.parse_amount)
        self._amounts = self.amount.ok
        self._dates = self.date.ok
        self._times: set[str] = set()
        # the ISO date of every date cell seen, timestamps included (each time of day makes
        # another text; the date and the time are still each checked once)
        self.days_seen: dict[str, str] = {}
        addresses = list(m.all("address"))
        self.i_building = None
        if len(addresses) > 1:
            for i in addresses:
                if any(h in self.headers[i].lower() for h in _BUILDING_HINTS):
                    self.i_building = i
                    addresses.remove(i)
                    break
        self.i_address = tuple(addresses)

    def check_width(self, fields: Sequence[str]) -> None:
        n = len(fields)
        if n != self.width and not (n > self.width and not any(fields[self.width:])):
            raise RowError("import.columns", {"expected": self.width, "got": n})

    def sale(self, fields: Sequence[str], line: int) -> tuple:
        """(order id, customer id, ISO date, amount, SKU, quantity) of a row whose width was
        checked. The common cells (plain ASCII ids, a date or amount seen before) take a
        dictionary lookup; everything else goes through the full readers."""
        try:
            code = fields[self.i_code]  # type: ignore[index]
            if not (code.isascii() and 0 < len(code) <= v.MAX_CODE_LENGTH
                    and not code[0].isspace() and not code[-1].isspace()):
                code = v.parse_customer_code(code)
            text = fields[self.i_date]  # type: ignore[index]
            day = self.days_seen.get(text)
            if day is None:
                day = self.day(text)
            text = fields[self.i_amount]  # type: ignore[index]
            amount = self._amounts.get(text)
            if amount is None:
                amount = self.amount(text)
            ref = None
            if self.i_order is not None:
                ref = fields[self.i_order]
                if not (ref.isascii() and len(ref) <= v.MAX_ORDER_REF_LENGTH
                        and (not ref or (not ref[0].isspace() and not ref[-1].isspace()))):
                    ref = v.parse_order_ref(ref)
                ref = ref or None
            sku = qty = None
            if self.i_sku is not None:
                sku = v.clean_text(fields[self.i_sku], "商品コード", 40)
                if sku is not None:
                    qty = v.parse_quantity(fields[self.i_qty])  # type: ignore[index]
        except v.CellError as exc:
            raise RowError(exc.code, exc.params) from None
        return (ref, code, day, amount, sku, qty)

    def day(self, text: str) -> str:
        """The ISO date of a date cell, kept per distinct text (up to DAYS_SEEN texts,
        then it starts again); raises CellError."""
        head, sep, tail = text.partition(" ")
        if sep and tail in self._times:  # a time already checked after a date already read
            day = self._dates.get(head)  # (what _day gives: parse_date strips the head)
            if day is not None:
                return day
        day = self._day(text)
        seen = self.days_seen
        if len(seen) >= DAYS_SEEN:
            seen.clear()
        seen[text] = day
        return day

    def sale_cells(self, rows: Sequence[Sequence[str]]) -> tuple[list, list, list, list | None]:
        """A batch of rows, all of the reader's width, column by column without a Python
        step per row: (customer id cells, ISO dates, amounts, order id cells or None without the
        column). A date or amount not seen before is None: such a row goes through
        :meth:`sale`, as does one whose customer id or order id is not plain (see
        :func:`plain_cells`)."""
        columns = list(zip(*rows, strict=True))  # one pass over the rows
        if not columns:
            return [], [], [], None if self.i_order is None else []
        days = list(map(self.days_seen.get, columns[self.i_date]))  # type: ignore[index]
        amounts = list(map(self._amounts.get, columns[self.i_amount]))  # type: ignore[index]
        refs = list(columns[self.i_order]) if self.i_order is not None else None
        return list(columns[self.i_code]), days, amounts, refs  # type: ignore[index]

    def _day(self, text: str) -> str:
        """A date cell not seen before: a time after the date is checked on its own, so
        timestamps (all different) reuse the date's answer."""
        stripped = text.strip()
        split = " " if " " in stripped else ("T" if stripped[:1].isdigit() else "")
        head, sep, tail = stripped.partition(split) if split else (stripped, "", "")
        tail = tail.strip()
        if sep and ":" in tail and " " not in tail:
            if tail not in self._times:
                try:
                    v.parse_date("2000/1/1 " + tail)  # 25:00 is refused
                except v.CellError:
                    raise v.CellError("import.time_invalid", text=stripped) from None
                if len(self._times) < 100_000:
                    self._times.add(tail)
            return self.date(head)
        return self.date(text)

    def person(self, fields: Sequence[str], line: int, *, name_required: bool) -> Person:
        m = self.mapping
        try:
            code = v.parse_customer_code(fields[self.i_code])  # type: ignore[index]
            name = v.clean_text(_cell(fields, m.get("name")), "氏名", NAME_MAX) or ""
            if name_required and not name:
                raise v.CellError("import.name_missing")
            kana = v.clean_text(v.reading(_cell(fields, m.get("kana"))), "フリガナ", KANA_MAX) or ""
            company = v.clean_text(_cell(fields, m.get("company")), "会社名", COMPANY_MAX)
            postal = v.parse_postal(_cell(fields, m.get("postal_code")))
            address = "".join(fields[i].strip() for i in self.i_address)
            prefecture, rest = split_prefecture(address) if address else (None, "")
            address1 = v.clean_text(rest, "住所", ADDRESS_MAX)
            address2 = (v.clean_text(fields[self.i_building], "建物名", ADDRESS_MAX)
                        if self.i_building is not None else None)
            email = v.parse_email(_cell(fields, m.get("email")))
            birthday = v.parse_birthday(_cell(fields, m.get("birthday")), self.today)
            dm = v.parse_yes_no(_cell(fields, m.get("dm_allowed")))
            caution, note = _caution(_cell(fields, m.get("caution")))
            phones: list[tuple[str, str]] = []
            for i in m.all("phone"):
                text = fields[i].strip()
                if not text:
                    continue
                try:
                    number = v.phone_national_e164(text)
                except ValueError:
                    raise v.CellError("import.phone_invalid", column=self.headers[i]) from None
                if number not in phones:
                    phones.append(number)
        except v.CellError as exc:
            raise RowError(exc.code, exc.params) from None
        name_key, kana_key = v.name_keys(name, kana)
        return Person(line, code, name, name_key, kana, kana_key, company, postal, prefecture,
                      None, address1, address2, email, birthday, dm, caution, note,
                      tuple(phones))


def plain_cells(cells: list[str], max_length: int) -> bool:
    """Whether every cell is a plain id as :meth:`RowReader.sale` takes it as it is:
    ASCII, at most *max_length* long, no space at either end (empty ones too)."""
    return (not cells or ("".join(cells).isascii() and max(map(len, cells)) <= max_length
                          and list(map(str.strip, cells)) == cells))


def _cell(fields: Sequence[str], index: int | None) -> str:
    return fields[index] if index is not None else ""


def _caution(text: str) -> tuple[bool, str | None]:
    """注意: a yes/no flag, or the reason itself (then the flag is on)."""
    if not (text or "").strip():
        return False, None
    try:
        flag = v.parse_yes_no(text)
        return bool(flag), None
    except v.CellError:
        note = v.clean_text(text, "注意", NOTE_MAX)
        return True, note


def has_undecodable(fields: Sequence[str]) -> bool:
    return any("\ufffd" in f for f in fields)
