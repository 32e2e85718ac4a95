"""One cell of a shop's export: dates, amounts, yes/no, ids, kana, phone numbers.

Every reader takes the cell's text and returns the clean value, or raises
:class:`CellError` with a message code and its parameters (never a sentence). Files from
Japanese carts and ledgers mix forms freely, often within one column:

- dates: 2024/1/5, 2024-01-05, 2024.1.5, 20240105, 2024年1月5日, 令和6年1月5日, 令和元年5月1日,
  R6.1.5, H31.4.30, R060105, each optionally followed by a time (10:30, 10:30:15, T10:30);
  full-width digits too. 和暦 goes through :mod:`desk_app.domain.wareki`, whose era table
  comes from japanera, so 平成31年5月1日 (a day of 令和) is refused rather than guessed;
- amounts: 1200, 1,200, ¥1,200, ￥1,200, 1200円, １２００, and ``\\1,200`` — a CP932 file
  shows the yen sign as a backslash when decoded, because 0x5C is both;
- yes/no (DM可否): 1/0, 可/不可, する/しない, 希望する/希望しない, 要/不要, はい/いいえ, ○/×,
  true/false, yes/no.

Shop files repeat a few thousand distinct dates and amounts over millions of rows, so
:class:`Memo` keeps each distinct cell's answer (errors included) up to a bound.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any, Generic, TypeVar

from desk_app.domain import messages, postal, wareki
from desk_app.domain.kana import fold_kana, fold_name, to_katakana_reading

T = TypeVar("T")

MAX_AMOUNT = 100_000_000  # ¥100M for one sale: anything above is a shifted column
MAX_CODE_LENGTH = 20  # customers.code
MAX_ORDER_REF_LENGTH = 60
MAX_QUANTITY = 9999

messages.register({
    "import.date_empty": ("日付が空です。", "The date is empty."),
    "import.date_invalid": ("日付として読めません: {text}",
                            "Not a date: {text}"),
    "import.date_no_such_day": ("{text} という日はありません。", "There is no such day: {text}"),
    "import.date_era": ("{text} は{era}の期間外です。", "{text} is outside the {era} era."),
    "import.date_future": ("{text} は未来の日付です。", "{text} is in the future."),
    "import.time_invalid": ("時刻が読めません: {text}", "Not a time: {text}"),
    "import.amount_empty": ("金額が空です。", "The amount is empty."),
    "import.amount_invalid": ("金額として読めません: {text}", "Not an amount: {text}"),
    "import.amount_negative": ("金額がマイナスです: {text}（返品は取り込みません）",
                               "Negative amount: {text} (returns are not imported)"),
    "import.amount_too_large": ("金額が大きすぎます: {text}", "Amount too large: {text}"),
    "import.yes_no_invalid": ("「{text}」は 可/不可・1/0・○/× のどれでもありません。",
                              "“{text}” is not one of yes/no, 1/0, ○/×."),
    "import.customer_id_missing": ("顧客番号が空です。", "The customer id is empty."),
    "import.customer_id_too_long": ("顧客番号が長すぎます（{max}文字まで）。",
                                    "The customer id is too long (at most {max} characters)."),
    "import.order_id_too_long": ("受注番号が長すぎます（{max}文字まで）。",
                                 "The order id is too long (at most {max} characters)."),
    "import.phone_invalid": ("電話番号として読めません（{column}）。",
                             "Not a phone number ({column})."),
    "import.postal_invalid": ("郵便番号は7桁です: {text}", "A postal code has 7 digits: {text}"),
    "import.postal_unknown": ("郵便番号 {text} は見つかりません。",
                              "There is no postal code {text}."),
    "import.birthday_invalid": ("生年月日が読めません: {text}", "Not a birthday: {text}"),
    "import.quantity_invalid": ("数量は1〜{max}の整数です: {text}",
                                "The quantity must be a whole number from 1 to {max}: {text}"),
    "import.email_invalid": ("メールアドレスとして読めません: {text}",
                             "Not an e-mail address: {text}"),
    "import.too_long": ("{column}が長すぎます（{max}文字まで）。",
                        "{column} is too long (at most {max} characters)."),
})


class CellError(messages.CodedError):
    """A cell that cannot be read: a message code and its parameters."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# --- dates -----------------------------------------------------------------------------

_DATE_TIME = re.compile(r"^(?P<date>.+?)(?:(?:\s+|T)(?P<h>\d{1,2}):(?P<m>\d{2})"
                        r"(?::(?P<s>\d{2})(?:\.\d+)?)?)?$")
_SPACES = re.compile(r"\s+")
_SEIREKI = re.compile(r"^(?P<y>\d{4})\s*(?P<sep>[/\-.年])\s*(?P<m>\d{1,2})\s*[/\-.月]\s*"
                      r"(?P<d>\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_ERA_NAMES = "|".join([e.name for e in wareki.ERAS] + [e.letter for e in wareki.ERAS])
_WAREKI = re.compile(rf"^(?P<era>{_ERA_NAMES})\s*(?P<y>\d{{1,2}}|元)\s*[年./\-]\s*(?P<m>\d{{1,2}})"
                     r"\s*[月./\-]\s*(?P<d>\d{1,2})\s*日?$")
_WAREKI_COMPACT = re.compile(rf"^(?P<era>{_ERA_NAMES})(?P<y>\d{{2}})(?P<m>\d{{2}})(?P<d>\d{{2}})$")


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("import.date_no_such_day", text=text) from None


def parse_date(text: str, today: date | None = None) -> date:
    """A sale date or any dated cell in the forms listed above; a time after it is checked
    and dropped (orders carry a day). *today*: refuse later days."""
    raw = (text or "").strip()
    folded = _fold(raw).upper()
    if not folded:
        raise CellError("import.date_empty")
    match = _DATE_TIME.match(folded)
    assert match is not None  # the date group takes anything
    if match["h"] is not None and (int(match["h"]) > 23 or int(match["m"]) > 59
                                   or int(match["s"] or 0) > 59):
        raise CellError("import.time_invalid", text=raw)
    head = _SPACES.sub("", match["date"])
    value = _date_part(head, raw)
    if today is not None and value > today:
        raise CellError("import.date_future", text=raw)
    return value


def _date_part(head: str, raw: str) -> date:
    m = _SEIREKI.match(head) or _COMPACT.match(head)
    if m:
        value = _make_date(int(m["y"]), int(m["m"]), int(m["d"]), raw)
        if value < wareki.ERAS[-1].start:
            raise CellError("import.date_invalid", text=raw)
        return value
    m = _WAREKI.match(head) or _WAREKI_COMPACT.match(head)
    if not m:
        raise CellError("import.date_invalid", text=raw)
    year = 1 if m["y"] == "元" else int(m["y"])
    month, day = int(m["m"]), int(m["d"])
    try:
        return wareki.from_wareki(m["era"], year, month, day)
    except wareki.WarekiError:
        era = next((e for e in wareki.ERAS if m["era"] in (e.name, e.letter)), None)
        if era is None or year < 1:
            raise CellError("import.date_invalid", text=raw) from None
        _make_date(era.start.year + year - 1, month, day, raw)  # no such day at all?
        raise CellError("import.date_era", text=raw, era=era.name) from None


# --- amounts ---------------------------------------------------------------------------

_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$")
_YEN_MARKS = str.maketrans("", "", "¥￥\\円 ")


def parse_amount(text: str) -> int:
    """Integer yen from 1200, 1,200, ¥1,200, ￥1,200, 1200円, １，２００, \\1,200, 1200.0."""
    raw = (text or "").strip()
    folded = _fold(raw).translate(_YEN_MARKS)
    if not folded:
        raise CellError("import.amount_empty")
    if folded.endswith(".0") or folded.endswith(".00"):  # spreadsheets write whole yen so
        folded = folded.split(".", 1)[0]
    if folded.startswith(("△", "▲")):  # the ledger's minus sign
        folded = "-" + folded[1:]
    if not _AMOUNT.match(folded):
        raise CellError("import.amount_invalid", text=raw)
    value = int(folded.replace(",", ""))
    if value < 0:
        raise CellError("import.amount_negative", text=raw)
    if value > MAX_AMOUNT:
        raise CellError("import.amount_too_large", text=raw)
    return value


def parse_quantity(text: str) -> int:
    raw = (text or "").strip()
    folded = _fold(raw).replace(",", "")
    if folded.endswith(".0"):
        folded = folded[:-2]
    if not folded.isdigit() or not 1 <= int(folded) <= MAX_QUANTITY:
        raise CellError("import.quantity_invalid", text=raw, max=MAX_QUANTITY)
    return int(folded)


# --- yes / no --------------------------------------------------------------------------

YES = frozenset({"1", "可", "する", "希望する", "希望", "○", "◯", "〇", "TRUE", "YES", "Y", "有",
                 "あり", "要", "送付", "送る", "OK", "はい"})
NO = frozenset({"0", "不可", "しない", "希望しない", "不要", "×", "✕", "✖", "FALSE", "NO", "N",
                "無", "なし", "否", "拒否", "送付不可", "送らない", "NG", "いいえ"})


def parse_yes_no(text: str) -> bool | None:
    """True/False for the usual yes/no spellings; None for an empty cell."""
    folded = _fold(text or "").upper().replace(" ", "")
    if not folded:
        return None
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError("import.yes_no_invalid", text=(text or "").strip())


# --- ids, text, kana -------------------------------------------------------------------

def parse_customer_code(text: str) -> str:
    """The shop's customer id as the customer's code: full-width folded, spaces trimmed,
    leading zeros kept (0001234 and 1234 are different customers in most carts)."""
    code = _fold(text or "")
    if not code:
        raise CellError("import.customer_id_missing")
    if len(code) > MAX_CODE_LENGTH:
        raise CellError("import.customer_id_too_long", max=MAX_CODE_LENGTH)
    return code


def parse_order_ref(text: str) -> str | None:
    ref = _fold(text or "")
    if len(ref) > MAX_ORDER_REF_LENGTH:
        raise CellError("import.order_id_too_long", max=MAX_ORDER_REF_LENGTH)
    return ref or None


def clean_text(text: str, column: str, max_length: int) -> str | None:
    value = unicodedata.normalize("NFKC", text or "").strip() if text else ""
    value = re.sub(r"\s+", " ", value)
    if len(value) > max_length:
        raise CellError("import.too_long", column=column, max=max_length)
    return value or None


def reading(text: str) -> str:
    """フリガナ in any width or script → the stored katakana reading."""
    return to_katakana_reading(text or "")


def name_keys(name: str, kana: str) -> tuple[str, str]:
    return fold_name(name), fold_kana(kana)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_email(text: str) -> str | None:
    value = _fold(text or "")
    if not value:
        return None
    if not _EMAIL.match(value) or len(value) > 254:
        raise CellError("import.email_invalid", text=value)
    return value


def parse_postal(text: str) -> str | None:
    """Seven digits that are a postal code (the check 顧客情報の修正 makes: Japan Post's
    data through ``domain.postal``)."""
    folded = re.sub(r"[\s\-－ー〒]", "", _fold(text or ""))
    if not folded:
        return None
    if not (folded.isdigit() and len(folded) == 7):
        raise CellError("import.postal_invalid", text=(text or "").strip())
    if not _postal_known(folded):
        raise CellError("import.postal_unknown", text=f"{folded[:3]}-{folded[3:]}")
    return folded


@functools.lru_cache(maxsize=200_000)  # a master repeats codes; Japan has about 120,000
def _postal_known(code: str) -> bool:
    return bool(postal.lookup(code))


def parse_birthday(text: str, today: date | None = None) -> date | None:
    if not (text or "").strip():
        return None
    try:
        return wareki.parse_birthday(text, today)
    except wareki.WarekiError:
        try:
            return parse_date(text, today)
        except CellError:
            raise CellError("import.birthday_invalid", text=text.strip()) from None


# --- phones ----------------------------------------------------------------------------

def phone_national_e164(text: str) -> tuple[str, str]:
    """(national digits, E.164) of a phone cell, exactly as ``phone.normalize`` gives them
    (the rule 顧客情報の修正 applies: a number it refuses raises ValueError).

    Japanese national numbers of a plausible length (``phone.JP_NATIONAL``) are what
    ``phone.normalize`` accepts whatever their range, so they skip phonenumbers (a million
    customers' numbers would take a minute there); every other form goes through it."""
    from desk_app.domain import phone

    compact = phone.fold_digits(text or "")
    if phone.JP_NATIONAL.match(compact):
        return compact, "+81" + compact[1:]
    number = phone.normalize(text)
    return number.national, number.e164


# --- memo ------------------------------------------------------------------------------

class Memo(Generic[T]):
    """The answer for each distinct cell text, errors included, up to *limit* texts each
    (then it starts again: a file of all-distinct cells must not grow memory). ``ok`` is
    the plain dictionary of good answers, for inner loops that look up first."""

    __slots__ = ("fn", "limit", "ok", "bad")

    def __init__(self, fn: Callable[[str], T], limit: int = 200_000) -> None:
        self.fn = fn
        self.limit = limit
        self.ok: dict[str, Any] = {}
        self.bad: dict[str, CellError] = {}

    def __call__(self, text: str) -> T:
        if text in self.ok:
            return self.ok[text]
        error = self.bad.get(text)
        if error is None:
            try:
                value = self.fn(text)
            except CellError as exc:
                error = exc
                if len(self.bad) >= self.limit:
                    self.bad.clear()
                self.bad[text] = exc
            else:
                if len(self.ok) >= self.limit:
                    self.ok.clear()
                self.ok[text] = value
                return value
        raise error
