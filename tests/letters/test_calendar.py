from datetime import date

from desk_app.domain.calendar import DEFAULT_CALENDAR, WEEKDAYS_CALENDAR, BusinessCalendar
from desk_app.domain.delivery import YAMATO
from desk_app.domain.orders import next_business_day


def test_public_holidays_come_from_the_library_including_substitute_holidays():
    cal = DEFAULT_CALENDAR
    assert cal.why_closed(date(2026, 11, 23)) == "勤労感謝の日"
    assert not cal.is_open(date(2026, 5, 6))  # 振替休日 (憲法記念日 on a Sunday)
    assert cal.why_closed(date(2026, 11, 29)) == "定休日"  # Sunday
    assert cal.is_open(date(2026, 11, 28))  # Saturday is open by default


def test_shop_closed_dates_and_weekdays():
    cal = BusinessCalendar.of(closed_weekdays=(2, 6), closed_dates=[date(2026, 12, 30)])
    assert cal.why_closed(date(2026, 12, 30)) == "休業日"
    assert cal.on_or_after(date(2026, 12, 30)) == date(2026, 12, 31)
    assert cal.on_or_before(date(2026, 12, 2)) == date(2026, 12, 1)  # Wednesday closed
    assert cal.earliest_raw_date(date(2026, 12, 3)) == date(2026, 12, 2)


def test_next_business_day_skips_weekends_and_public_holidays():
    assert next_business_day(date(2026, 11, 20)) == date(2026, 11, 24)  # Mon 11/23 is a holiday
    assert next_business_day(date(2026, 12, 4), holidays=[date(2026, 12, 7)]) == date(2026, 12, 8)


def test_ship_date_with_the_shop_calendar():
    # ordered Fri 11/20, one handling day: Sat/Sun closed, Mon holiday → Tue 11/24
    assert YAMATO.ship_date(date(2026, 11, 20), None, "東京都", WEEKDAYS_CALENDAR) == \
        date(2026, 11, 24)
    # without a calendar: the historic calendar-day rule
    assert YAMATO.ship_date(date(2026, 11, 20), None, "東京都") == date(2026, 11, 21)
    # delivery wanted Tue 12/1 in Tokyo (1 day): ship Mon 11/30; wanted Mon 11/30 → ship Fri
    assert YAMATO.ship_date(date(2026, 11, 20), date(2026, 12, 1), "東京都",
                            WEEKDAYS_CALENDAR) == date(2026, 11, 30)
    assert YAMATO.ship_date(date(2026, 11, 20), date(2026, 11, 30), "東京都",
                            WEEKDAYS_CALENDAR) == date(2026, 11, 27)
