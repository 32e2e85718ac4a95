"""The follow-up rules at their exact day boundaries: the day before, the day, the last
day of the window, the day after; priority, one a day, printed never again, DM opt-out."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.letters import (
    DEFAULT_RULES,
    CustomerFacts,
    LineFact,
    OrderFact,
    Rule,
    candidates,
    check_rules,
    due_for_customer,
    stage_fn_from_aggregates,
    trigger_range,
)
from desk_app.domain.stages import segment

OPEN_EVERY_DAY = BusinessCalendar.of(closed_weekdays=(), public_holidays=False)
RULES = {r.key: r for r in DEFAULT_RULES}
STAGE = stage_fn_from_aggregates(segment)  # step 09's CPM stages, default thresholds
D0 = date(2026, 3, 2)  # a Monday


def order(n, day, total=5000, *lines):
    return OrderFact(n, day, total, tuple(lines))


def facts(*orders, **kw):
    return CustomerFacts(1, tuple(orders), **kw)


def due_keys(f, day, rules=DEFAULT_RULES, printed=(), calendar=OPEN_EVERY_DAY):
    return [d.rule.key for d in candidates(f, rules, day, printed, STAGE, calendar)]


def boundaries(due, window=7):
    last = due + timedelta(days=window - 1)
    return [(due - timedelta(days=1), False), (due, True), (last, True),
            (last + timedelta(days=1), False)]


def only(key):
    return [RULES[key]]


@pytest.mark.parametrize("day,expected", boundaries(D0 + timedelta(days=3)))
def test_thanks_three_days_after_the_first_order(day, expected):
    f = facts(order(1, D0))
    assert (due_keys(f, day, only("thanks")) == ["thanks"]) is expected


def test_thanks_only_for_the_first_order():
    f = facts(order(1, D0), order(2, D0 + timedelta(days=40)))
    assert due_keys(f, D0 + timedelta(days=43), only("thanks")) == []


@pytest.mark.parametrize("day,expected", boundaries(date(2026, 3, 25)))
def test_replenish_seven_days_before_it_runs_out(day, expected):
    # 30-day product × 1 bought 3/2 runs out 4/1; reminder due 3/25
    line = LineFact("A-1", "青汁", 1, date(2026, 4, 1))
    f = facts(order(1, D0, 5000, line))
    assert (due_keys(f, day, only("replenish")) == ["replenish"]) is expected


def test_replenish_by_quantity_and_not_after_a_reorder():
    line = LineFact("A-1", "青汁", 3, D0 + timedelta(days=90))
    f = facts(order(1, D0, 5000, line))
    due = D0 + timedelta(days=83)
    assert due_keys(f, due, only("replenish")) == ["replenish"]
    again = facts(order(1, D0, 5000, line),
                  order(2, D0 + timedelta(days=60), 5000, LineFact("A-1", "青汁", 1, None)))
    assert due_keys(again, due, only("replenish")) == []
    other = facts(order(1, D0, 5000, line),
                  order(2, D0 + timedelta(days=60), 5000, LineFact("B-2", "黒酢", 1, None)))
    assert due_keys(other, due, only("replenish")) == ["replenish"]
    # an order placed after the day asked about does not count yet
    later = facts(order(1, D0, 5000, line),
                  order(2, due + timedelta(days=1), 5000, LineFact("A-1", "青汁", 1, None)))
    assert due_keys(later, due, only("replenish")) == ["replenish"]


@pytest.mark.parametrize("day,expected", boundaries(D0 + timedelta(days=30)))
def test_second_purchase_thirty_days_after_a_single_order(day, expected):
    f = facts(order(1, D0))
    assert (due_keys(f, day, only("second")) == ["second"]) is expected


def test_second_purchase_not_after_a_second_order():
    f = facts(order(1, D0), order(2, D0 + timedelta(days=10)))
    assert due_keys(f, D0 + timedelta(days=30), only("second")) == []


@pytest.mark.parametrize("key,days", [("comeback365", 365), ("comeback180", 180)])
@pytest.mark.parametrize("shift,expected", [(-1, False), (0, True), (6, True), (7, False)])
def test_comeback_after_the_last_order(key, days, shift, expected):
    f = facts(order(1, D0 - timedelta(days=400)), order(2, D0))
    day = D0 + timedelta(days=days + shift)
    assert (due_keys(f, day, only(key)) == [key]) is expected


def test_comeback_not_when_ordered_since():
    f = facts(order(1, D0), order(2, D0 + timedelta(days=100)))
    assert due_keys(f, D0 + timedelta(days=180), only("comeback180")) == []
    assert due_keys(f, D0 + timedelta(days=280), only("comeback180")) == ["comeback180"]


def loyal_orders(last=date(2026, 2, 20)):
    # tenure ≥ 210 days, total ≥ ¥70,000: 優良
    return (order(1, last - timedelta(days=600), 30000), order(2, last - timedelta(days=300), 30000),
            order(3, last, 30000))


@pytest.mark.parametrize("day,expected", boundaries(date(2026, 5, 1)))
def test_birthday_on_the_first_of_the_month_for_loyal_customers(day, expected):
    f = facts(*loyal_orders(), birthday=date(1950, 5, 17))
    assert (due_keys(f, day, only("birthday")) == ["birthday"]) is expected


def test_birthday_letter_also_for_lapsed_loyal_but_not_for_others():
    lapsed = facts(*loyal_orders(date(2024, 1, 10)), birthday=date(1950, 5, 17))
    assert stage_label_of(lapsed, date(2026, 5, 1)) == "優良・離脱"
    assert due_keys(lapsed, date(2026, 5, 1), only("birthday")) == ["birthday"]
    young = facts(order(1, date(2026, 4, 1)), birthday=date(1950, 5, 17))
    assert due_keys(young, date(2026, 5, 1), only("birthday")) == []
    january = facts(*loyal_orders(), birthday=date(1950, 1, 3))
    assert due_keys(january, date(2027, 1, 1), only("birthday")) == ["birthday"]


def stage_label_of(f, day):
    return STAGE(f.orders, day)


def test_due_dates_move_past_sundays_and_holidays():
    shop = BusinessCalendar.of(closed_weekdays=(6,), closed_dates=[date(2026, 11, 24)])
    # first order Fri 11/20 → +3 = Mon 11/23 勤労感謝の日 → Tue 11/24 closed → Wed 11/25
    f = facts(order(1, date(2026, 11, 20)))
    assert due_keys(f, date(2026, 11, 24), only("thanks"), calendar=shop) == []
    found = candidates(f, only("thanks"), date(2026, 11, 25), (), STAGE, shop)
    assert [d.due_date for d in found] == [date(2026, 11, 25)]
    assert found[0].last_day == date(2026, 12, 1)
    assert due_keys(f, date(2026, 12, 2), only("thanks"), calendar=shop) == []
    # Sunday 11/29 + 3 … a first order on Thu 11/26 → Sun 11/29 → Mon 11/30
    f = facts(order(1, date(2026, 11, 26)))
    assert [d.due_date for d in candidates(f, only("thanks"), date(2026, 11, 30), (), STAGE,
                                           shop)] == [date(2026, 11, 30)]


def test_a_window_that_ends_on_a_closed_day_runs_to_the_next_open_day():
    """期限 is the window's last day: one that falls on a closed day moves to the next open
    day, as a due date does, so a letter is never due one open day less."""
    shop = BusinessCalendar.of(closed_weekdays=(6,))  # Sundays and public holidays
    # first order Thu 11/26 → Sun 11/29 → due Mon 11/30; day 7 is Sun 12/6 → 期限 Mon 12/7
    f = facts(order(1, date(2026, 11, 26)))
    [found] = candidates(f, only("thanks"), date(2026, 12, 7), (), STAGE, shop)
    assert (found.due_date, found.last_day) == (date(2026, 11, 30), date(2026, 12, 7))
    assert trigger_range(RULES["thanks"], date(2026, 12, 7), shop)[0] <= date(2026, 11, 26)
    assert due_keys(f, date(2026, 12, 8), only("thanks"), calendar=shop) == []
    # due Mon 11/16; day 7 is Sun 11/22, then Mon 11/23 勤労感謝の日 → 期限 Tue 11/24
    f = facts(order(1, date(2026, 11, 13)))
    [found] = candidates(f, only("thanks"), date(2026, 11, 24), (), STAGE, shop)
    assert found.last_day == date(2026, 11, 24)
    assert due_keys(f, date(2026, 11, 25), only("thanks"), calendar=shop) == []
    # a window ending on an open day keeps its length
    f = facts(order(1, date(2026, 11, 20)))
    [found] = candidates(f, only("thanks"), date(2026, 11, 24), (), STAGE, shop)
    assert (found.due_date, found.last_day) == (date(2026, 11, 24), date(2026, 11, 30))


def test_one_letter_a_day_the_highest_priority_and_the_rest_wait():
    # first order 30 days ago with a product that runs out in 7 days: second + replenish
    line = LineFact("A-1", "青汁", 1, D0 + timedelta(days=37))
    f = facts(order(1, D0, 5000, line))
    day = D0 + timedelta(days=30)
    out = due_for_customer(f, DEFAULT_RULES, day, stage_at=STAGE, calendar=OPEN_EVERY_DAY)
    assert out.due.rule.key == "replenish"  # priority 2 beats the second-purchase letter (3)
    assert [d.rule.key for d in out.waiting] == ["second"]
    # printed today: nothing else comes today
    out = due_for_customer(f, DEFAULT_RULES, day, printed=[out.due.key], printed_today=True,
                           stage_at=STAGE, calendar=OPEN_EVERY_DAY)
    assert out.due is None
    # the next day the waiting letter takes its turn; the printed one never comes again
    out = due_for_customer(f, DEFAULT_RULES, day + timedelta(days=1),
                           printed=["replenish:1:o1:A-1"], stage_at=STAGE,
                           calendar=OPEN_EVERY_DAY)
    assert out.due.rule.key == "second"


def test_printed_never_comes_again_within_its_window():
    f = facts(order(1, D0))
    day = D0 + timedelta(days=3)
    [due] = candidates(f, only("thanks"), day, (), STAGE, OPEN_EVERY_DAY)
    for later in range(7):
        assert candidates(f, only("thanks"), day + timedelta(days=later), [due.key], STAGE,
                          OPEN_EVERY_DAY) == []


def test_no_dm_means_nothing_on_any_channel():
    call = Rule("call", "フォローコール", "first_order", 3, "call", "", 1)
    f = facts(order(1, D0), dm_allowed=False)
    day = D0 + timedelta(days=3)
    out = due_for_customer(f, [*DEFAULT_RULES, call], day, stage_at=STAGE,
                           calendar=OPEN_EVERY_DAY)
    assert out.due is None and out.address_missing is None and out.waiting == ()


def test_without_an_address_letters_wait_for_one_but_calls_go_ahead():
    call = Rule("call", "フォローコール", "first_order", 3, "call", "", 9)
    f = facts(order(1, D0), has_address=False)
    out = due_for_customer(f, [*DEFAULT_RULES, call], D0 + timedelta(days=3), stage_at=STAGE,
                           calendar=OPEN_EVERY_DAY)
    assert out.address_missing.rule.key == "thanks"
    assert out.due.rule.key == "call"
    f = facts(order(1, D0), has_address=True)
    out = due_for_customer(f, [*DEFAULT_RULES, call], D0 + timedelta(days=3), stage_at=STAGE,
                           calendar=OPEN_EVERY_DAY)
    assert out.address_missing is None and out.due.rule.key == "thanks"


def test_segment_entered_on_the_day_of_the_order_that_made_it():
    rule = Rule("loyal", "優良のお客様へ", "segment_entered", 0, "letter", "thanks", 1,
                segment="優良")
    # ¥80,000 over 406 days: 優良 (step 09's CPM: total ≥ ¥70,000, tenure ≥ 210 days)
    orders = (order(1, date(2025, 1, 10), 40000), order(2, date(2026, 2, 20), 40000))
    f = facts(*orders)
    assert STAGE(f.orders, date(2026, 2, 20)) == "優良・現役"
    assert due_keys(f, date(2026, 2, 19), [rule]) == []
    assert due_keys(f, date(2026, 2, 20), [rule]) == ["loyal"]
    assert due_keys(f, date(2026, 2, 26), [rule]) == ["loyal"]
    assert due_keys(f, date(2026, 2, 27), [rule]) == []


def test_segment_entered_lapsed_without_any_new_order():
    rule = Rule("lapsed", "離脱", "segment_entered", 0, "letter", "comeback", 1,
                segment="離脱")
    f = facts(order(1, date(2025, 1, 10)))
    # step 09's CPM: lapsed from 240 days after the last order (2025-09-07)
    assert due_keys(f, date(2025, 9, 6), [rule]) == []
    assert due_keys(f, date(2025, 9, 7), [rule]) == ["lapsed"]
    assert due_keys(f, date(2025, 9, 13), [rule]) == ["lapsed"]
    assert due_keys(f, date(2025, 9, 14), [rule]) == []


def test_shipped_defaults_are_valid_and_ordered_by_priority():
    assert check_rules(DEFAULT_RULES) == []
    assert [r.priority for r in DEFAULT_RULES] == sorted(r.priority for r in DEFAULT_RULES)
    bad = Rule("x y", "", "never", 0, "fax", "", 0, window_days=0)
    fields_at_fault = {f for _, _, f in bad.problems()}
    assert fields_at_fault == {"key", "name", "trigger", "channel", "window_days", "priority"}
    assert check_rules([RULES["thanks"], RULES["thanks"]])[0][0] == "letters.rule.duplicate"


def test_rule_round_trips_through_a_dict():
    for rule in DEFAULT_RULES:
        assert Rule.from_dict(rule.to_dict()) == rule


# -- properties -----------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=900)


@settings(max_examples=200, deadline=None)
@given(order_days=st.lists(days, min_size=1, max_size=6, unique=True), day=days,
       closed=st.sets(st.integers(0, 6), max_size=3))
# Fri 2025-05-02 closed, then ゴールデンウィーク: お届けのご案内 (due 4/26) runs to Wed 5/7,
# where 2回目購入 (due 5/2 → 5/7) begins: one listed, one waiting
@example(order_days=[91], day=126, closed={4})
def test_every_due_letter_is_inside_its_window_and_its_trigger_range(order_days, day, closed):
    calendar = BusinessCalendar.of(closed_weekdays=closed)
    base = date(2025, 1, 1)
    orders = tuple(order(i + 1, base + timedelta(days=d), 9000,
                         LineFact("A", "青汁", 1, base + timedelta(days=d + 30)))
                   for i, d in enumerate(sorted(order_days)))
    f = facts(*orders, birthday=date(1960, 4, 1))
    today = base + timedelta(days=day)
    for due in candidates(f, DEFAULT_RULES, today, (), STAGE, calendar):
        assert due.due_date <= today <= due.last_day
        assert calendar.is_open(due.due_date) and calendar.is_open(due.last_day)
        lo, hi = trigger_range(due.rule, today, calendar)
        assert lo <= due.trigger_date <= hi
    out = due_for_customer(f, DEFAULT_RULES, today, stage_at=STAGE, calendar=calendar)
    found = candidates(f, DEFAULT_RULES, today, (), STAGE, calendar)
    if found:
        assert out.due == found[0]  # the highest priority one, the rest wait
        # (a Due holds its reason's parameters, a dict: compared by key, not hashed)
        assert sorted(d.key for d in out.waiting) == sorted(d.key for d in found[1:])
    else:
        assert out.due is None


@settings(max_examples=100, deadline=None)
@given(first=days, day=days)
def test_thanks_is_due_exactly_on_seven_open_days_in_a_row_of_the_calendar(first, day):
    base = date(2025, 1, 1)
    f = facts(order(1, base + timedelta(days=first)))
    today = base + timedelta(days=day)
    due = OPEN_EVERY_DAY.on_or_after(base + timedelta(days=first + 3))
    expected = due <= today <= due + timedelta(days=6)
    assert bool(due_keys(f, today, only("thanks"))) is expected
