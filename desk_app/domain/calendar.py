"""Business days: the shop's open days, for letter due dates and ship dates.

A day is closed when it is one of the shop's weekly closed days (Sunday by default), a
Japanese public holiday (national holidays, 振替休日 and 国民の休日, from ``jpholiday``, a
maintained pure-Python table that follows the 祝日法 amendments, rather than a list typed
here that goes stale every time the law moves a holiday) or one of the shop's own closed
dates (年末年始, お盆休み …).

:class:`BusinessCalendar` is plain data, so the shop's settings can build it and every rule
(letters, shipping) asks the same object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import jpholiday

# Guard against a calendar that closes every day (all weekdays closed): never loop forever.
_MAX_SEARCH_DAYS = 366


@lru_cache(maxsize=8192)
def holiday_name(day: date) -> str | None:
    """The Japanese public holiday on *day* (元日, 振替休日 …), None on an ordinary day.
    jpholiday judges a date by walking its rules (≈2 ms), so each date is asked once."""
    return jpholiday.is_holiday_name(day)


def is_public_holiday(day: date) -> bool:
    return holiday_name(day) is not None


@dataclass(frozen=True)
class BusinessCalendar:
    """The shop's open days.

    *closed_weekdays*: Monday = 0 … Sunday = 6. *public_holidays*: whether Japanese public
    holidays are closed days. *closed_dates*: the shop's own extra closed days.
    """

    closed_weekdays: frozenset[int] = frozenset({6})
    public_holidays: bool = True
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, closed_weekdays: Iterable[int] = (6,), public_holidays: bool = True,
           closed_dates: Iterable[date] = ()) -> BusinessCalendar:
        weekdays = frozenset(int(d) for d in closed_weekdays)
        if any(d not in range(7) for d in weekdays):
            raise ValueError("closed weekdays are 0 (Monday) … 6 (Sunday)")
        return cls(weekdays, bool(public_holidays), frozenset(closed_dates))

    def to_dict(self) -> dict[str, object]:
        return {"closed_weekdays": sorted(self.closed_weekdays),
                "public_holidays": self.public_holidays,
                "closed_dates": sorted(d.isoformat() for d in self.closed_dates)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> BusinessCalendar:
        weekdays = data.get("closed_weekdays", (6,))
        dates = data.get("closed_dates", ())
        if not isinstance(weekdays, (list, tuple)) or not isinstance(dates, (list, tuple)):
            raise ValueError("closed_weekdays and closed_dates are lists")
        return cls.of(weekdays, bool(data.get("public_holidays", True)),
                      [date.fromisoformat(str(d)) for d in dates])

    def is_open(self, day: date) -> bool:
        if day.weekday() in self.closed_weekdays or day in self.closed_dates:
            return False
        return not (self.public_holidays and is_public_holiday(day))

    def why_closed(self, day: date) -> str | None:
        """A short reason (定休日, the holiday's name, 休業日), None when open."""
        if self.public_holidays and (name := holiday_name(day)):
            return name
        if day in self.closed_dates:
            return "休業日"
        if day.weekday() in self.closed_weekdays:
            return "定休日"
        return None

    def on_or_after(self, day: date) -> date:
        """*day* itself when open, else the next open day."""
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_open(day):
                return day
            day += timedelta(days=1)
        raise ValueError("the shop calendar has no open day within a year")

    def on_or_before(self, day: date) -> date:
        """*day* itself when open, else the open day before it."""
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_open(day):
                return day
            day -= timedelta(days=1)
        raise ValueError("the shop calendar has no open day within a year")

    def next_open(self, day: date) -> date:
        """The first open day after *day*."""
        return self.on_or_after(day + timedelta(days=1))

    def add_open_days(self, day: date, count: int) -> date:
        """*count* open days after *day* (0: *day* rolled forward to an open day)."""
        day = self.on_or_after(day)
        for _ in range(count):
            day = self.next_open(day)
        return day

    def earliest_raw_date(self, first_due: date) -> date:
        """The earliest date whose roll-forward (:meth:`on_or_after`) lands on or after
        *first_due*: the lower bound of raw due dates worth looking at for a window that
        starts at *first_due* (the closed run just before it rolls into it)."""
        day = first_due
        while not self.is_open(day - timedelta(days=1)) and (first_due - day).days < \
                _MAX_SEARCH_DAYS:
            day -= timedelta(days=1)
        return day


# Until the shop saves its own: Sundays and Japanese public holidays are closed.
DEFAULT_CALENDAR = BusinessCalendar()
# Weekdays that are not public holidays (banks' days: the order form's next_business_day).
WEEKDAYS_CALENDAR = BusinessCalendar(frozenset({5, 6}))
