"""Time as the desk sees it: stored in UTC, shown and reasoned about in Japan time.

SQLite returns stored timestamps without their offset; they are UTC by convention, so
:func:`to_local` treats a naive value as UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

try:
    JST: tzinfo = ZoneInfo("Asia/Tokyo")
except Exception:  # no tz database (minimal containers): Japan has no DST
    from datetime import timedelta

    JST = timezone(timedelta(hours=9), "JST")

WEEKDAYS_JA = "月火水木金土日"


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(JST)


def local_to_utc(value: datetime) -> datetime:
    """A Japan-time wall clock reading (a device's own date and time) as aware UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    return value.astimezone(timezone.utc)


def today_local() -> date:
    return datetime.now(JST).date()


def table_date(value: date) -> str:
    """2026/11/23 — the form the glossary asks for in tables."""
    return value.strftime("%Y/%m/%d")


def letter_date(value: date) -> str:
    """2026年11月23日（月） — letters and headings."""
    return f"{value.year}年{value.month}月{value.day}日（{WEEKDAYS_JA[value.weekday()]}）"


def yen(amount: int) -> str:
    """¥12,345 — never decimals."""
    return f"¥{amount:,}"
