"""The letters service on a real store: the list derived from orders and rules, printing
records, rules edited, templates, the call list's hours."""

from datetime import date, datetime, timedelta

import pytest
from letters_shop import (
    HANAKO,
    ICHIRO,
    NO_ADDRESS,
    NO_DM,
    add_call,
    add_catalogue,
    add_customers,
    context,
    place,
)
from sqlalchemy import func, select

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.clock import JST
from desk_app.domain.letters import DEFAULT_RULES, Rule
from desk_app.services import letters as svc
from desk_app.services.base import ServiceError
from desk_app.services.letters import follow, texts
from desk_app.store.models import LetterPrint, OrderLine

FIRST = date(2026, 11, 2)  # Monday


@pytest.fixture
def shop(store):
    with store.new_session() as s, s.begin():
        add_catalogue(s)
    return store


def test_thanks_list_from_orders_with_address_missing_and_no_dm(shop):
    hanako, ichiro, nobody, no_dm = add_customers(shop, HANAKO, ICHIRO, NO_ADDRESS, NO_DM)
    for cid in (hanako, nobody, no_dm):
        place(shop, cid, FIRST)
    place(shop, ichiro, FIRST + timedelta(days=1))
    day = FIRST + timedelta(days=3)  # Thursday 11/5
    result = svc.follow_list(context(shop, day)).value
    assert [(x.name, x.rule, x.channel) for x in result.due] == [("山田 花子", "thanks", "letter")]
    assert result.due[0].reason == "初回購入 11/2"
    assert result.due[0].stage == "初回・現役"
    assert [x.name for x in result.address_missing] == ["住所 なし"]
    doc = result.to_json()
    assert doc["date"] == "2026-11-05"
    assert doc["due"][0] == {"customer_code": "0000001", "name": "山田 花子", "rule": "thanks",
                             "channel": "letter", "reason": "初回購入 11/2",
                             "due_date": "2026-11-05"}
    assert result.counts() == {"thanks": 1}
    nextday = svc.follow_list(context(shop, day + timedelta(days=1))).value
    assert {x.name for x in nextday.due} == {"山田 花子", "佐藤 一郎"}


def test_nothing_printed_comes_again_and_a_reprint_is_logged(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    day = FIRST + timedelta(days=3)
    ctx = context(shop, day)
    lines = svc.follow_list(ctx).value.due
    assert svc.mark_printed(ctx, lines, "letters").value == (1, 0)
    for later in range(8):
        assert svc.follow_list(context(shop, day + timedelta(days=later))).value.due == ()
    again = svc.lines_for_reprint(ctx)
    assert [x.letter_key for x in again] == [lines[0].letter_key]
    # 期限 means the window's last day on both tabs
    assert (again[0].due_date, again[0].last_day) == (lines[0].due_date, lines[0].last_day)
    assert again[0].last_day > again[0].due_date
    assert svc.mark_printed(ctx, again, "letters").value == (0, 1)
    with shop.new_session() as s:
        assert s.scalars(select(LetterPrint.reprint).order_by(LetterPrint.id)).all() == \
            [False, True]


def test_a_print_of_one_kind_leaves_out_what_was_printed_as_that_kind_today(shop):
    hanako, ichiro = add_customers(shop, HANAKO, ICHIRO)
    place(shop, hanako, FIRST)  # thanks letter due on day
    place(shop, ichiro, FIRST - timedelta(days=180))  # come-back postcard due on day
    day = FIRST + timedelta(days=3)
    ctx = context(shop, day)

    def names(lines):
        return sorted(x.name for x in lines)

    def batch(output):
        return svc.follow_list(ctx).value.batch(output)

    assert names(batch("letters")) == ["山田 花子"]
    assert svc.mark_printed(ctx, batch("letters"), "letters").value == (1, 0)
    assert batch("letters") == ()  # printed as letters today: not in the next letters
    # the labels for the letter just printed, and the postcard's
    assert names(batch("labels")) == ["佐藤 一郎", "山田 花子"]
    svc.mark_printed(ctx, batch("labels"), "labels")
    assert batch("labels") == ()
    assert names(batch("postcards")) == ["佐藤 一郎"]  # labelled, not yet printed as a card
    svc.mark_printed(ctx, batch("postcards"), "postcards")
    follow = svc.follow_list(ctx).value
    assert [follow.batch(k) for k in ("letters", "labels", "postcards")] == [(), (), ()]
    assert names(follow.printed) == ["佐藤 一郎", "山田 花子"]  # each once
    assert follow.batch("list") == follow.due
    with pytest.raises(ServiceError):
        follow.batch("fax")


def test_one_letter_a_day_and_the_next_takes_its_turn(shop):
    [hanako] = add_customers(shop, HANAKO)
    # F003 (30 days) bought 11/2: replenish due 11/25, here for 14 days; second-purchase
    # due 12/2: both due on 12/2
    place(shop, hanako, FIRST)
    day = date(2026, 12, 2)
    ctx = context(shop, day)
    svc.save_rules(ctx, svc.with_rule_edit(svc.rules(ctx), "replenish", window_days=14),
                   "二週間")
    first = svc.follow_list(ctx).value
    assert [x.rule for x in first.due] == ["replenish"] and first.waiting == 1
    svc.mark_printed(ctx, first.due, "postcards")
    assert svc.follow_list(ctx).value.due == ()  # one a day
    tomorrow = svc.follow_list(context(shop, day + timedelta(days=1))).value
    assert [x.rule for x in tomorrow.due] == ["second"]


def test_runs_out_on_is_fixed_when_the_order_is_saved(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST, lines=(("F001", 2), ("F003", 1)))
    with shop.new_session() as s:
        got = {sku: d for sku, d in s.execute(select(OrderLine.sku, OrderLine.runs_out_on))}
    assert got == {"F001": FIRST + timedelta(days=60), "F003": FIRST + timedelta(days=30)}


def test_rules_edited_take_effect_at_once_and_are_logged(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    day = FIRST + timedelta(days=2)
    ctx = context(shop, day)
    assert svc.follow_list(ctx).value.due == ()
    edited = svc.with_rule_edit(svc.rules(ctx), "thanks", offset_days=2, channel="postcard")
    with pytest.raises(ServiceError) as refused:
        svc.save_rules(ctx, edited, "  ")
    assert refused.value.code == "letters.rule.reason_required"
    svc.save_rules(ctx, edited, "翌日に出す")
    [line] = svc.follow_list(ctx).value.due
    assert (line.rule, line.channel) == ("thanks", "postcard")
    [change] = svc.rule_changes(ctx)
    assert change.reason == "翌日に出す" and change.rules[0].offset_days == 2


def test_invalid_rules_are_refused_with_every_problem(shop):
    ctx = context(shop, FIRST)
    bad = (*DEFAULT_RULES, Rule("thanks", "", "never", 0, "letter", "nosuch", 1))
    with pytest.raises(ServiceError) as refused:
        svc.save_rules(ctx, bad, "test")
    codes = {p.code for p in refused.value.problems}
    assert codes >= {"letters.rule.duplicate", "letters.rule.name", "letters.rule.trigger",
                     "letters.template.missing"}
    assert svc.rules(ctx) == DEFAULT_RULES


def test_the_shop_calendar_moves_due_dates(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, date(2026, 11, 19))  # Thu; +3 = Sun 11/22 → Mon 11/23 holiday → Tue
    ctx = context(shop, date(2026, 11, 24))
    svc.save_calendar(ctx, BusinessCalendar.of(closed_weekdays=(6,),
                                               closed_dates=[date(2026, 11, 24)]))
    assert svc.follow_list(ctx).value.due == ()
    [line] = svc.follow_list(context(shop, date(2026, 11, 25))).value.due
    assert line.due_date == date(2026, 11, 25)


def test_a_window_ending_on_a_sunday_runs_to_monday_at_the_desk_and_in_the_cli(
        shop, capsys):
    """初回購入 Thu 11/26 → due Mon 11/30; the window's 7th day is Sun 12/6, so the letter is
    still due on Mon 12/7 (期限 12/7 on both tabs), for the CLI as for the desk."""
    import json

    from desk_app.cli import main

    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, date(2026, 11, 26))
    monday = date(2026, 12, 7)
    ctx = context(shop, monday)
    [line] = svc.follow_list(ctx).value.due
    assert (line.due_date, line.last_day) == (date(2026, 11, 30), monday)
    db = str(shop.engine.url).removeprefix("sqlite:///")
    assert main(["letters", "--date", monday.isoformat(), "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == [line.to_json()]
    svc.mark_printed(ctx, [line], "letters")
    [printed] = svc.follow_list(ctx).value.printed
    assert printed.last_day == monday
    assert svc.follow_list(context(shop, monday + timedelta(days=1))).value.due == ()


def test_call_list_shows_the_hours_the_customer_calls(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    for d in (2, 3, 4):  # weekday mornings, Japan time
        add_call(shop, hanako, datetime(2026, 10, d + 25, 10, 30, tzinfo=JST))
    ctx = context(shop, FIRST + timedelta(days=3))
    call = Rule("call", "フォローコール", "first_order", 3, "call", "", 1)
    svc.save_rules(ctx, (call,), "電話で")
    [line] = svc.follow_list(ctx).value.due
    assert line.channel == "call" and line.usual_hours == "平日 10〜12時"
    assert line.phone == "0312345678"


def test_templates_refuse_unknown_placeholders_and_merge_names_with_sama(shop):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    ctx = context(shop, FIRST + timedelta(days=3))
    with pytest.raises(ServiceError) as refused:
        svc.save_template(ctx, "thanks", "{宛名}\n{お客様番号} のご購入ありがとう")
    assert refused.value.code == "letters.template.unknown"
    assert "お客様番号" in str(refused.value)
    svc.save_template(ctx, "thanks", "{宛名}\n{初回購入日}のご注文ありがとうございました。{店名}")
    lines = svc.follow_list(ctx).value.due
    [merged] = svc.merge_letters(ctx, lines)
    assert merged.body.startswith("山田 花子 様\n2026年11月2日のご注文")
    svc.save_template(ctx, "thanks", None)  # back to the shipped file
    assert svc.template(ctx, "thanks").startswith("拝啓")


def test_a_broken_template_refuses_the_whole_run(shop, monkeypatch):
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    ctx = context(shop, FIRST + timedelta(days=3))
    lines = svc.follow_list(ctx).value.due
    monkeypatch.setattr(texts, "shipped_templates", lambda: {"thanks": "{宛名} {謎}"})
    with pytest.raises(ServiceError) as refused:
        svc.merge_letters(ctx, lines)
    assert refused.value.code == "letters.template.unknown"


def test_every_shipped_template_is_valid(shop):
    from desk_app.domain.letter_templates import check

    shipped = svc.shipped_templates()
    assert {r.template for r in DEFAULT_RULES} <= set(shipped)
    assert all(check(name, body) is None for name, body in shipped.items())


def test_no_letters_table_rows_are_needed(shop):
    """The list is derived: emptying the print log brings printed letters back, nothing
    else is stored per letter."""
    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    ctx = context(shop, FIRST + timedelta(days=3))
    svc.mark_printed(ctx, svc.follow_list(ctx).value.due, "letters")
    with shop.new_session() as s, s.begin():
        assert s.scalar(select(func.count()).select_from(LetterPrint)) == 1
        s.query(LetterPrint).delete()
    assert len(svc.follow_list(ctx).value.due) == 1


def test_the_list_pauses_cycle_collection_and_leaves_it_as_it_found_it(shop, monkeypatch):
    """Headless callers (the CLI, the bench) collect automatically: the list pauses that
    while it builds and gives it back; the desk (and this suite, tests/conftest.py) has it
    off already and must find it off after."""
    import gc

    [hanako] = add_customers(shop, HANAKO)
    place(shop, hanako, FIRST)
    ctx = context(shop, FIRST + timedelta(days=3))
    during = []
    pick = follow.pick

    def watching(*args, **kwargs):
        during.append(gc.isenabled())
        return pick(*args, **kwargs)

    monkeypatch.setattr(follow, "pick", watching)
    assert not gc.isenabled()  # as in the desk: off already, and left off
    assert len(svc.follow_list(ctx).value.due) == 1
    assert during == [False] and not gc.isenabled()
    gc.enable()  # as in the CLI
    try:
        assert len(svc.follow_list(ctx).value.due) == 1
        assert during == [False, False] and gc.isenabled()
        monkeypatch.setattr(follow, "_follow_list", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            svc.follow_list(ctx)
        assert gc.isenabled()
    finally:
        gc.disable()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_import_made_after_midnight_in_japan_is_of_the_japan_day(backend, tmp_path, request):
    """An import run at 01:00 in Japan (16:00 UTC the day before) belongs to the Japan day:
    orders it brought dated the UTC day are the previous system's, not ours to follow up.
    SQLite returns the stored UTC time without its offset; it was once taken as the day."""
    from datetime import timezone

    from desk_app.store.db import Store
    from desk_app.store.letters import import_days
    from desk_app.store.models import ImportRecord

    url = (f"sqlite:///{tmp_path / 'imports.db'}" if backend == "sqlite"
           else request.getfixturevalue("pg_url"))
    store = Store(url)
    try:
        with store.new_session() as s, s.begin():
            imp = ImportRecord(kind="orders", file_name="old.csv", file_hash="0" * 64,
                               encoding="cp932", mapping="{}",
                               created_at=datetime(2026, 5, 31, 16, 0, tzinfo=timezone.utc))
            s.add(imp)
            s.flush()
            iid = imp.id
        with store.new_session() as s:
            assert import_days(s) == {iid: date(2026, 6, 1)}
    finally:
        store.dispose()
