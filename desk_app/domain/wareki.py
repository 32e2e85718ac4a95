"""Birthdays in 西暦 or 和暦: what a clerk types while the customer says 「昭和45年の3月1日」.

Older callers give their birthday in the Japanese era calendar, younger ones in the Western
one, and the clerk types whatever was said: 「昭和45年3月1日」, 「S45.3.1」, 「s450301」,
「平成元年1月8日」, 「1970/3/1」 or 「19700301」, in full- or half-width. One parser accepts them
all so the form needs a single field. Era boundaries are checked exactly: 昭和64年 ran from
1 to 7 January 1989 and 平成 began on the 8th, so 「昭和64年1月8日」 is refused with a message
that says which era the day belongs to instead of silently becoming another date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import japanera


class WarekiError(ValueError):
    """The text is not a date the clerk meant; the message says what to type instead."""


@dataclass(frozen=True, slots=True)
class Era:
    name: str  # 令和
    letter: str  # R
    start: date  # first day of year 1 (元年)


# The eras of modern dates, newest first (the era of a date is the first whose start is not
# after it), from japanera's table of Japanese eras: the next era arrives with a package
# update instead of an edit here. Letters are the usual one-letter abbreviations.
_LETTERS = {"令和": "R", "平成": "H", "昭和": "S", "大正": "T", "明治": "M"}
ERAS: tuple[Era, ...] = tuple(sorted(
    (Era(e.kanji, _LETTERS.get(e.kanji, e.english[:1].upper()), e.since)
     for e in japanera.ERA_DATA_GENERAL if e.since.year >= 1868 and e.kanji),
    key=lambda era: era.start, reverse=True))
_BY_KEY = {**{e.name: e for e in ERAS}, **{e.letter: e for e in ERAS}}
_ERA_PATTERN = "|".join([e.name for e in ERAS] + [e.letter for e in ERAS])

_SEP = r"\s*[年./\-]\s*"
_WAREKI = re.compile(
    rf"^(?P<era>{_ERA_PATTERN})\s*(?P<y>\d{{1,2}}|元){_SEP}(?P<m>\d{{1,2}})"
    rf"\s*[月./\-]\s*(?P<d>\d{{1,2}})\s*日?$")
_WAREKI_COMPACT = re.compile(rf"^(?P<era>{_ERA_PATTERN})(?P<y>\d{{2}})(?P<m>\d{{2}})(?P<d>\d{{2}})$")
_SEIREKI = re.compile(rf"^(?P<y>\d{{4}}){_SEP}(?P<m>\d{{1,2}})\s*[月./\-]\s*(?P<d>\d{{1,2}})\s*日?$")
_SEIREKI_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")


def era_of(value: date) -> Era:
    for era in ERAS:
        if value >= era.start:
            return era
    raise WarekiError(f"明治より前の日付です: {value.isoformat()} (before the Meiji era)")


def to_wareki(value: date) -> str:
    """1970-03-01 → 昭和45年3月1日; the first year of an era is written 元年."""
    era = era_of(value)
    year = value.year - era.start.year + 1
    return f"{era.name}{'元' if year == 1 else year}年{value.month}月{value.day}日"


def from_wareki(era_key: str, year: int, month: int, day: int) -> date:
    """An era date to a Western date, refusing days outside the era (昭和64年1月8日)."""
    era = _BY_KEY.get(era_key.upper() if len(era_key) == 1 else era_key)
    if era is None:
        raise WarekiError(f"元号が分かりません: {era_key} (unknown era)")
    if year < 1:
        raise WarekiError(f"{era.name}{year}年はありません (no such year)")
    value = _make_date(era.start.year + year - 1, month, day)
    if value < era.start:
        raise WarekiError(f"{era.name}は{to_wareki(era.start)}からです。"
                          f"{to_wareki(value)}と入力してください。 (before the era began)")
    actual = era_of(value)
    if actual is not era:
        raise WarekiError(f"{era.name}{year}年{month}月{day}日は{to_wareki(value)}です。"
                          f"{actual.name}で入力してください。 (after the era ended)")
    return value


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WarekiError(f"{year}年{month}月{day}日という日はありません (no such day)") from None


def normalize_text(text: str) -> str:
    """Full-width digits and letters to ASCII, upper-case era letters, no inner spaces."""
    folded = unicodedata.normalize("NFKC", text or "").strip().upper()
    return re.sub(r"\s+", "", folded)


def parse_birthday(text: str, today: date | None = None) -> date:
    """Parse 西暦 or 和暦; raise :class:`WarekiError` with a clerk-readable message."""
    folded = normalize_text(text)
    if not folded:
        raise WarekiError("生年月日が入力されていません (empty date)")
    match = _WAREKI.match(folded) or _WAREKI_COMPACT.match(folded)
    if match:
        year_text = match["y"]
        year = 1 if year_text == "元" else int(year_text)
        value = from_wareki(match["era"], year, int(match["m"]), int(match["d"]))
    else:
        match = _SEIREKI.match(folded) or _SEIREKI_COMPACT.match(folded)
        if not match:
            raise WarekiError(
                f"日付として読めません: {text!r}。例: 1970/3/1、昭和45年3月1日、S45.3.1 "
                "(not a date)")
        value = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
        era_of(value)  # refuses dates before Meiji
    if today is not None and value > today:
        raise WarekiError(f"未来の日付です: {value.isoformat()} (date in the future)")
    return value


def describe(value: date) -> str:
    """Both calendars, for the form's confirmation line: 1970年3月1日（昭和45年3月1日）."""
    return f"{value.year}年{value.month}月{value.day}日（{to_wareki(value)}）"


def age_on(birthday: date, today: date) -> int:
    """Full years of age (満年齢) on *today*."""
    before_birthday = (today.month, today.day) < (birthday.month, birthday.day)
    return today.year - birthday.year - (1 if before_birthday else 0)
