"""Call log, outcomes, notes and customer voices through the call desk's services."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desk_app.domain.call_event import CallEvent, CallState, LogKind, Withheld
from desk_app.services import calldesk, notes, operators
from desk_app.services import calls as desk_calls
from desk_app.services.base import ServiceContext
from desk_app.services.calls import CallDesk, CallUpdate, PopupData
from desk_app.store import calls
from desk_app.store.customers import NewCustomer
from desk_app.store.db import Store
from desk_app.store.drafts import NOTE, Draft, DraftStore
from desk_app.store.models import Phone
from desk_app.store.seed import seed

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "desk.db"
    store = Store(f"sqlite:///{path}")
    report = seed(store, 300, seed=1, today=TODAY)
    return store, report


@pytest.fixture()
def ctx(seeded):
    return ServiceContext(seeded[0], operator_id=1, today=lambda: TODAY)


@pytest.fixture()
def desk():
    return CallDesk()


def single_number(store) -> str:
    with store.new_session() as s:
        return s.scalar(select(Phone.national).group_by(Phone.national)
                        .having(func.count(func.distinct(Phone.customer_id)) == 1).limit(1))


def family_number(store) -> str:
    with store.new_session() as s:
        return s.scalar(select(Phone.national).group_by(Phone.national)
                        .having(func.count(func.distinct(Phone.customer_id)) > 1).limit(1))


def test_known_caller_is_looked_up_and_logged_with_the_customer(seeded, ctx, desk):
    number = single_number(seeded[0])
    data = desk.handle_event(ctx, CallEvent("test", number=number, line="1")).value
    assert isinstance(data, PopupData) and data.kind == "known"
    entry = next(c for c in desk_calls.call_log(ctx) if c.id == data.call_id)
    assert entry.customer_id == data.lookup.card.summary.customer_id
    assert entry.outcome == calls.RINGING and entry.line == "1" and entry.operator


def test_family_number_is_logged_without_a_customer_until_chosen(seeded, ctx, desk):
    data = desk.handle_event(ctx, CallEvent("test", number=family_number(seeded[0]))).value
    assert data.kind == "several" and len(data.lookup.matches) >= 2
    entry = next(c for c in desk_calls.call_log(ctx) if c.id == data.call_id)
    assert entry.customer_id is None
    chosen = data.lookup.matches[1].customer_id
    card = desk_calls.choose_customer(ctx, data.call_id, chosen).value
    assert card.summary.customer_id == chosen
    assert next(c for c in desk_calls.call_log(ctx) if c.id == data.call_id).customer_id == chosen


def test_withheld_and_unknown_and_internal(ctx, desk):
    withheld = desk.handle_event(ctx, CallEvent("test", withheld=Withheld.PAYPHONE)).value
    assert withheld.kind == "withheld" and withheld.lookup.withheld is Withheld.PAYPHONE
    unknown = desk.handle_event(ctx, CallEvent("test", number="0312340000")).value
    assert unknown.kind == "unknown"
    internal = desk.handle_event(ctx, CallEvent("test", number="12")).value
    log = {c.id: c for c in desk_calls.call_log(ctx)}
    assert log[withheld.call_id].withheld == "payphone"
    assert log[internal.call_id].outcome == calls.INTERNAL


def test_outcomes_only_move_up(seeded, ctx, desk):
    number = single_number(seeded[0])
    data = desk.handle_event(ctx, CallEvent("test", number=number)).value
    cid = data.lookup.card.summary.customer_id
    notes.add_note(ctx, cid, "お届け日の確認", "inquiry", call_id=data.call_id)
    assert desk_calls.set_outcome(ctx, data.call_id, calls.ANSWERED).value == calls.NOTE
    assert desk_calls.set_outcome(ctx, data.call_id, calls.MISSED).value == calls.NOTE
    assert desk_calls.set_outcome(ctx, data.call_id, calls.ORDER).value == calls.ORDER
    assert desk_calls.set_outcome(ctx, data.call_id, calls.NOTE).value == calls.ORDER


def test_a_call_rings_then_is_answered_or_missed(seeded, ctx, desk):
    """The call's life as the desk sees it: 呼出中 until a clerk acts, then 応答; a ring
    that ends unanswered is 不在, and a clerk acting on it later still makes it 応答."""
    number = single_number(seeded[0])
    taken = desk.handle_event(ctx, CallEvent("test", number=number, line="1")).value
    ignored = desk.handle_event(ctx, CallEvent("test", number="0311113333", line="2")).value
    log = {c.id: c for c in desk_calls.call_log(ctx)}
    assert log[taken.call_id].outcome == log[ignored.call_id].outcome == calls.RINGING
    assert desk_calls.set_outcome(ctx, taken.call_id, calls.ANSWERED).value == calls.ANSWERED
    # the pop-up closing afterwards does not make an answered call missed
    assert desk_calls.set_outcome(ctx, taken.call_id, calls.MISSED).value == calls.ANSWERED
    assert desk_calls.set_outcome(ctx, ignored.call_id, calls.MISSED).value == calls.MISSED
    log = {c.id: c for c in desk_calls.call_log(ctx)}
    assert log[taken.call_id].operator  # the clerk who took it
    assert log[ignored.call_id].id in [c.id for c in desk_calls.missed_calls(ctx)]
    assert desk_calls.set_outcome(ctx, ignored.call_id, calls.ANSWERED).value == calls.ANSWERED


def test_a_missed_call_is_settled_by_a_later_answered_call_from_the_same_number(ctx, desk):
    first = desk.handle_event(ctx, CallEvent("test", number="0311114444", line="1")).value
    desk_calls.set_outcome(ctx, first.call_id, calls.MISSED)
    other = desk.handle_event(ctx, CallEvent("test", number="0311115555", line="1")).value
    desk_calls.set_outcome(ctx, other.call_id, calls.MISSED)
    waiting = [c.id for c in desk_calls.missed_calls(ctx)]
    assert first.call_id in waiting and other.call_id in waiting
    # the caller rings again: still waiting while that call only rings, or is missed too
    again = desk.handle_event(ctx, CallEvent("test", number="0311114444", line="2")).value
    assert first.call_id in [c.id for c in desk_calls.missed_calls(ctx)]
    desk_calls.set_outcome(ctx, again.call_id, calls.ANSWERED)  # a clerk took it
    waiting = [c.id for c in desk_calls.missed_calls(ctx)]
    assert first.call_id not in waiting and other.call_id in waiting
    listed = {c.id: c for c in desk_calls.missed_calls(ctx, include_done=True)}
    assert listed[first.call_id].answered_later and listed[first.call_id].settled
    assert not listed[first.call_id].callback_done
    assert not listed[other.call_id].settled


def test_the_call_back_list_asks_for_a_later_answered_call_once(seeded):
    from sqlalchemy import event

    store = seeded[0]
    sent: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.new_session() as s:
            for include_done in (False, True):
                calls.missed_calls(s, include_done=include_done)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    # one statement per list asks for it (the other reads who has the numbers: 家族共用)
    lists = [sql for sql in sent if "FROM PHONES" not in sql.upper()]
    assert [sql.upper().count("EXISTS") for sql in lists] == [1, 1]


def test_rings_left_ringing_by_a_closed_desk_become_missed(ctx, desk):
    old = desk.handle_event(ctx, CallEvent(
        "test", number="0311116666", received_at=datetime.now(UTC) - timedelta(hours=2))).value
    new = desk.handle_event(ctx, CallEvent("test", number="0311117777")).value
    result = desk_calls.close_stale_rings(ctx)
    assert result.value >= 1 and old.call_id in result.changes.calls
    log = {c.id: c for c in desk_calls.call_log(ctx)}
    assert log[old.call_id].outcome == calls.MISSED
    assert log[new.call_id].outcome == calls.RINGING  # still ringing at another desk, perhaps
    assert old.call_id in [c.id for c in desk_calls.missed_calls(ctx)]


def test_sip_cancel_updates_the_same_call_to_missed(ctx, desk):
    ring = CallEvent("sip", number="0311112222", call_id="abc@host", line="2")
    first = desk.handle_event(ctx, ring).value
    again = desk.handle_event(ctx, ring).value  # a repeated ring is not a second call
    assert isinstance(again, CallUpdate) and again.call_id == first.call_id
    cancel = desk.handle_event(ctx, ring.with_state(CallState.CANCELLED)).value
    assert isinstance(cancel, CallUpdate) and cancel.outcome == calls.MISSED
    missed = desk_calls.missed_calls(ctx)
    assert first.call_id in [c.id for c in missed]
    desk_calls.mark_callback_done(ctx, first.call_id)
    assert first.call_id not in [c.id for c in desk_calls.missed_calls(ctx)]
    assert first.call_id in [c.id for c in desk_calls.missed_calls(ctx, include_done=True)]


def test_call_log_records_are_written_once_never_missed_never_twice(seeded, ctx, desk):
    number = single_number(seeded[0])
    at = datetime(2026, 11, 20, 1, 15, tzinfo=UTC)  # 10:15 JST, as the NCID server logged it
    replay = [
        CallEvent("ncid", number=number, received_at=at, log_kind=LogKind.HISTORY, raw="CIDLOG"),
        CallEvent("ncid", withheld=Withheld.PRIVATE, received_at=at + timedelta(minutes=3),
                  log_kind=LogKind.BLOCKED),
        CallEvent("ncid", number="0312340001", received_at=at + timedelta(minutes=5),
                  log_kind=LogKind.HANGUP),
    ]
    assert desk_calls.record_log(ctx, replay).value == 3
    assert desk_calls.record_log(ctx, replay).value == 0  # the same log, replayed at the next reconnect
    rows = [c for c in desk_calls.call_log(ctx, date(2026, 11, 20)) if c.source == "ncid"]
    assert sorted(c.outcome for c in rows) == [calls.BLOCKED, calls.HANGUP, calls.LOG]
    history = next(c for c in rows if c.outcome == calls.LOG)
    assert history.received_at == at and history.operator is None
    assert history.customer_id is not None  # the number's one owner
    assert not {c.id for c in rows} & {c.id for c in desk_calls.missed_calls(ctx, include_done=True)}
    assert desk_calls.set_outcome(ctx, history.id, calls.MISSED).value == calls.LOG
    assert desk_calls.set_outcome(ctx, history.id, calls.ORDER).value == calls.LOG

    # A call that rang live here is not listed again when the server's log replays it.
    live = at + timedelta(minutes=7, seconds=31)
    desk.handle_event(ctx, CallEvent("ncid", number="0312340002", received_at=live))
    again = CallEvent("ncid", number="0312340002", received_at=at + timedelta(minutes=7),
                      log_kind=LogKind.HISTORY)
    assert desk_calls.record_log(ctx, [again]).value == 0
    with pytest.raises(ValueError):
        desk_calls.record_log(ctx, [CallEvent("ncid", number="0312340003")])  # a ring, not a record


def test_call_log_filters_by_day_and_operator(seeded):
    store, _ = seeded
    other = ServiceContext(store, operator_id=2, today=lambda: TODAY)
    old = datetime(2026, 11, 1, 15, 30, tzinfo=UTC)  # 2026-11-02 00:30 JST
    data = CallDesk().handle_event(other, CallEvent("test", number="0355556666", received_at=old)).value
    assert [c.id for c in desk_calls.call_log(other, day=date(2026, 11, 2))] == [data.call_id]
    assert desk_calls.call_log(other, day=date(2026, 11, 1)) == []
    by_two = desk_calls.call_log(other, operator_id=2)
    assert by_two and all(c.operator == "田中" for c in by_two)


def test_notes_newest_first_and_follow_up(seeded, ctx, desk):
    number = single_number(seeded[0])
    cid = desk.handle_event(ctx, CallEvent("test", number=number)).value.lookup.card.summary.customer_id
    first = notes.add_note(ctx, cid, "一件目", "other").value
    second = notes.add_note(ctx, cid, "二件目 要折り返し", "complaint", needs_follow_up=True).value
    listed = notes.customer_notes(ctx, cid)
    assert [n.id for n in listed[:2]] == [second.id, first.id]
    assert listed[0].operator == "佐藤"
    assert second.id in [n.id for n in calldesk.card(ctx, cid).open_follow_ups]
    notes.set_note_done(ctx, second.id)
    assert second.id not in [n.id for n in calldesk.card(ctx, cid).open_follow_ups]
    with pytest.raises(ValueError):
        notes.add_note(ctx, cid, "   ")


def test_voices_across_customers_filtered_by_period(ctx, desk):
    ids = [m.customer_id for m in calldesk.search(ctx, "サ")[:2]]
    a = notes.add_note(ctx, ids[0], "梱包がとても丁寧でした", "praise").value
    b = notes.add_note(ctx, ids[1], "届いた箱が潰れていた", "complaint").value
    notes.add_note(ctx, ids[1], "住所変更", "other")
    recent = notes.voices(ctx, since=datetime.now(UTC) - timedelta(minutes=5))
    assert [v.note_id for v in recent[:2]] == [b.id, a.id]
    assert {v.category for v in recent} <= {"complaint", "praise"}
    assert recent[0].customer_id == ids[1] and recent[0].customer_name
    later = notes.voices(ctx, since=datetime.now(UTC) + timedelta(minutes=5))
    assert later == []


def test_register_checks_duplicates_first(seeded, ctx, desk):
    number = single_number(seeded[0])
    dup = calldesk.register_customer(ctx, NewCustomer(name="新井 花子", kana="あらい はなこ",
                                                phones=[("home", number)])).value
    assert dup.card is None and dup.duplicates
    fresh = calldesk.register_customer(ctx, NewCustomer(name="新井 花子", kana="あらい はなこ",
                                                  phones=[("mobile", "090-9999-0001")])).value
    assert fresh.card is not None and fresh.card.summary.kana == "アライ\u3000ハナコ"
    same_name = calldesk.register_customer(ctx, NewCustomer(name="新井花子", kana="アライハナコ",
                                                      phones=[("mobile", "09099990002")])).value
    assert [d.customer_id for d in same_name.duplicates] == [fresh.card.summary.customer_id]
    forced = calldesk.register_customer(ctx, NewCustomer(name="新井花子", kana="アライハナコ",
                                                   phones=[("mobile", "09099990002")]),
                                       force=True).value
    assert forced.card.summary.customer_id != fresh.card.summary.customer_id


def test_operators(ctx, desk):
    names = [o.name for o in operators.list_operators(ctx)]
    assert names[:3] == ["佐藤", "田中", "鈴木"]
    added = operators.add_operator(ctx, "  高橋 ").value
    assert added.name == "高橋" and operators.add_operator(ctx, "高橋").value.id == added.id


def test_draft_store_is_atomic_and_skips_garbage(tmp_path):
    drafts = DraftStore(tmp_path)
    drafts.save(Draft("note-call-1", NOTE, {"body": "途中まで", "category": "order"},
                      customer_id=5))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / ".tmp-x.json").write_text("half")
    loaded = drafts.load_all()
    assert [d.key for d in loaded] == ["note-call-1"] and loaded[0].fields["body"] == "途中まで"
    assert not (tmp_path / ".tmp-x.json").exists()
    drafts.save(Draft("note-call-1", NOTE, {"body": "  ", "category": "order"}))
    assert drafts.load("note-call-1") is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_missed_calls_settle_and_stale_rings_close_on_both_backends(backend, tmp_path, request):
    """The call-back list's correlated query and the start-up sweep, on SQLite and on the
    shared PostgreSQL several desks use."""
    url = (f"sqlite:///{tmp_path / 'calls.db'}" if backend == "sqlite"
           else request.getfixturevalue("pg_url"))
    store = Store(url)
    try:
        ctx = ServiceContext(store, operator_id=None, today=lambda: TODAY)
        desk = CallDesk()
        old = datetime.now(UTC) - timedelta(hours=1)
        missed = desk.handle_event(ctx, CallEvent("test", number="0311118888",
                                                  received_at=old)).value
        assert desk_calls.close_stale_rings(ctx).value == 1
        assert [c.id for c in desk_calls.missed_calls(ctx)] == [missed.call_id]
        again = desk.handle_event(ctx, CallEvent("test", number="0311118888")).value
        desk_calls.set_outcome(ctx, again.call_id, calls.ANSWERED)
        assert desk_calls.missed_calls(ctx) == []
        (entry,) = desk_calls.missed_calls(ctx, include_done=True)
        assert entry.id == missed.call_id and entry.answered_later and entry.settled
        log = {c.id: c.outcome for c in desk_calls.call_log(ctx)}
        assert log == {missed.call_id: calls.MISSED, again.call_id: calls.ANSWERED}
    finally:
        store.dispose()
