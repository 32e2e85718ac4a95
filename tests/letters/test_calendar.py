from datetime import date

import pytest

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
    # the default calendar (Sundays and holidays closed): Saturday is open
    assert YAMATO.ship_date(date(2026, 11, 20), None, "東京都") == date(2026, 11, 21)
    assert YAMATO.ship_date(date(2026, 11, 21), None, "東京都") == date(2026, 11, 24)
    # delivery wanted Tue 12/1 in Tokyo (1 day): ship Mon 11/30; wanted Mon 11/30 → ship Fri
    assert YAMATO.ship_date(date(2026, 11, 20), date(2026, 12, 1), "東京都",
                            WEEKDAYS_CALENDAR) == date(2026, 11, 30)
    assert YAMATO.ship_date(date(2026, 11, 20), date(2026, 11, 30), "東京都",
                            WEEKDAYS_CALENDAR) == date(2026, 11, 27)


def test_parcels_leave_on_the_shops_open_days(store):
    """The Yamato export and the 同梱 candidates date parcels by the shop's calendar:
    an order on Saturday 11/21 leaves on Tuesday 11/24 (Sunday closed, Monday 11/23 勤労感謝の日),
    and with the shop's own closed day 11/24 on Wednesday."""
    from letters_shop import HANAKO, add_catalogue, add_customers, context, place

    from desk_app.services import letters as svc
    from desk_app.store.shipping import due_orders

    with store.new_session() as s, s.begin():
        add_catalogue(s)
    (hanako,) = add_customers(store, HANAKO)
    order = place(store, hanako, date(2026, 11, 21))
    with store.new_session() as s:
        assert [o.id for o in due_orders(s, date(2026, 11, 24))] == [order]
        assert due_orders(s, date(2026, 11, 22)) == due_orders(s, date(2026, 11, 23)) == []
    svc.save_calendar(context(store, date(2026, 11, 21)),
                      BusinessCalendar.of(closed_weekdays=(6,), closed_dates=[date(2026, 11, 24)]))
    with store.new_session() as s:
        assert due_orders(s, date(2026, 11, 24)) == []
        assert [o.id for o in due_orders(s, date(2026, 11, 25))] == [order]


def test_the_earliest_delivery_date_counts_open_days_only():
    from desk_app.domain.delivery import YAMATO

    # ordered Sat 11/21: leaves Tue 11/24, in Tokyo the next day
    assert YAMATO.earliest_delivery(date(2026, 11, 21), "東京都") == date(2026, 11, 25)
    assert YAMATO.check_date(date(2026, 11, 24), date(2026, 11, 21), "東京都") is not None
    assert YAMATO.check_date(date(2026, 11, 25), date(2026, 11, 21), "東京都") is None
    every_day = BusinessCalendar.of(closed_weekdays=(), public_holidays=False)
    assert YAMATO.earliest_delivery(date(2026, 11, 21), "東京都", every_day) == \
        date(2026, 11, 23)


@pytest.mark.parametrize("raw", ['{"closed_weekdays": 6}', "not json", '{"closed_dates": ["2026-13-40"]}'])
def test_a_damaged_stored_calendar_falls_back_to_the_default(store, raw):
    """A broken shop_settings row (a hand edit, another version) must not stop orders,
    letters and exports: the default calendar (Sundays and public holidays) is used."""
    from desk_app.domain.calendar import BusinessCalendar
    from desk_app.store.models import ShopSetting
    from desk_app.store.shop_calendar import CALENDAR_KEY, load_calendar

    with store.new_session() as s, s.begin():
        s.add(ShopSetting(key=CALENDAR_KEY, value=raw))
    with store.new_session() as s:
        assert load_calendar(s) == BusinessCalendar()
