"""和暦 and 西暦 birthdays as a clerk types them; era boundaries exactly."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.wareki import (
    WarekiError,
    age_on,
    describe,
    from_wareki,
    parse_birthday,
    to_wareki,
)


@pytest.mark.parametrize("text, expected", [
    ("昭和45年3月1日", date(1970, 3, 1)),
    ("昭和４５年３月１日", date(1970, 3, 1)),
    ("S45.3.1", date(1970, 3, 1)),
    ("s45/03/01", date(1970, 3, 1)),
    ("Ｓ４５．３．１", date(1970, 3, 1)),
    ("S450301", date(1970, 3, 1)),
    ("昭和 45 年 3 月 1 日", date(1970, 3, 1)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("H1.1.8", date(1989, 1, 8)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("R2-2-29", date(2020, 2, 29)),
    ("大正15年12月24日", date(1926, 12, 24)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("1970/3/1", date(1970, 3, 1)),
    ("1970-03-01", date(1970, 3, 1)),
    ("1970年3月1日", date(1970, 3, 1)),
    ("19700301", date(1970, 3, 1)),
    ("１９７０／３／１", date(1970, 3, 1)),
])
def test_parse_accepts_what_clerks_type(text, expected):
    assert parse_birthday(text) == expected


def test_showa_64_is_1989():
    assert from_wareki("昭和", 64, 1, 1) == date(1989, 1, 1)
    assert from_wareki("S", 64, 1, 1).year == 1989


@pytest.mark.parametrize("text, hint", [
    ("昭和64年1月8日", "平成元年1月8日"),
    ("平成31年5月1日", "令和元年5月1日"),
    ("令和1年4月30日", "平成31年4月30日"),
    ("平成0年1月1日", "ありません"),
    ("昭和45年2月30日", "ありません"),
    ("2020/13/1", "ありません"),
    ("きのう", "例"),
    ("", "入力されていません"),
])
def test_parse_refuses_with_a_helpful_message(text, hint):
    with pytest.raises(WarekiError) as err:
        parse_birthday(text)
    assert hint in str(err.value)


def test_future_dates_are_refused():
    with pytest.raises(WarekiError):
        parse_birthday("2030/1/1", today=date(2026, 11, 23))


@pytest.mark.parametrize("value, text", [
    (date(1970, 3, 1), "昭和45年3月1日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1989, 1, 8), "平成元年1月8日"),
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2026, 11, 23), "令和8年11月23日"),
])
def test_to_wareki(value, text):
    assert to_wareki(value) == text


@given(st.dates(min_value=date(1868, 10, 23), max_value=date(2099, 12, 31)))
def test_round_trip(value):
    assert parse_birthday(to_wareki(value)) == value
    assert parse_birthday(value.strftime("%Y/%m/%d")) == value


def test_describe_and_age():
    assert describe(date(1970, 3, 1)) == "1970年3月1日（昭和45年3月1日）"
    assert age_on(date(1970, 3, 1), date(2026, 2, 28)) == 55
    assert age_on(date(1970, 3, 1), date(2026, 3, 1)) == 56
