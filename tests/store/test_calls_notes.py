"""Call log, outcomes, notes and customer voices through the headless desk service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desk_app.domain.call_event import CallEvent, CallState, LogKind, Withheld
from desk_app.store import calls
from desk_app.store.customers import NewCustomer
from desk_app.store.db import Store
from desk_app.store.desk_service import CallUpdate, DeskService, PopupData
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
def service(seeded):
    store, _ = seeded
    svc = DeskService(store, operator_id=1, today=lambda: TODAY)
    yield svc
    svc.close()


def single_number(store) -> str:
    with store.new_session() as s:
        return s.scalar(select(Phone.national).group_by(Phone.national)
                        .having(func.count(func.distinct(Phone.customer_id)) == 1).limit(1))


def family_number(store) -> str:
    with store.new_session() as s:
        return s.scalar(select(Phone.national).group_by(Phone.national)
                        .having(func.count(func.distinct(Phone.customer_id)) > 1).limit(1))


def test_known_caller_is_looked_up_and_logged_with_the_customer(seeded, service):
    number = single_number(seeded[0])
    data = service.handle_event(CallEvent("test", number=number, line="1"))
    assert isinstance(data, PopupData) and data.kind == "known"
    entry = next(c for c in service.call_log() if c.id == data.call_id)
    assert entry.customer_id == data.lookup.card.summary.customer_id
    assert entry.outcome == calls.POPUP and entry.line == "1" and entry.operator


def test_family_number_is_logged_without_a_customer_until_chosen(seeded, service):
    data = service.handle_event(CallEvent("test", number=family_number(seeded[0])))
    assert data.kind == "several" and len(data.lookup.matches) >= 2
    entry = next(c for c in service.call_log() if c.id == data.call_id)
    assert entry.customer_id is None
    chosen = data.lookup.matches[1].customer_id
    card = service.choose_customer(data.call_id, chosen)
    assert card.summary.customer_id == chosen
    assert next(c for c in service.call_log() if c.id == data.call_id).customer_id == chosen


def test_withheld_and_unknown_and_internal(service):
    withheld = service.handle_event(CallEvent("test", withheld=Withheld.PAYPHONE))
    assert withheld.kind == "withheld" and withheld.lookup.withheld is Withheld.PAYPHONE
    unknown = service.handle_event(CallEvent("test", number="0312340000"))
    assert unknown.kind == "unknown"
    internal = service.handle_event(CallEvent("test", number="12"))
    log = {c.id: c for c in service.call_log()}
    assert log[withheld.call_id].withheld == "payphone"
    assert log[internal.call_id].outcome == calls.INTERNAL


def test_outcomes_only_move_up(seeded, service):
    number = single_number(seeded[0])
    data = service.handle_event(CallEvent("test", number=number))
    cid = data.lookup.card.summary.customer_id
    service.add_note(cid, "お届け日の確認", "inquiry", call_id=data.call_id)
    assert service.set_outcome(data.call_id, calls.POPUP) == calls.NOTE
    assert service.set_outcome(data.call_id, calls.MISSED) == calls.NOTE
    assert service.set_outcome(data.call_id, calls.ORDER) == calls.ORDER
    assert service.set_outcome(data.call_id, calls.NOTE) == calls.ORDER


def test_sip_cancel_updates_the_same_call_to_missed(service):
    ring = CallEvent("sip", number="0311112222", call_id="abc@host", line="2")
    first = service.handle_event(ring)
    again = service.handle_event(ring)  # a repeated ring is not a second call
    assert isinstance(again, CallUpdate) and again.call_id == first.call_id
    cancel = service.handle_event(ring.with_state(CallState.CANCELLED))
    assert isinstance(cancel, CallUpdate) and cancel.outcome == calls.MISSED
    missed = service.missed_calls()
    assert first.call_id in [c.id for c in missed]
    service.mark_callback_done(first.call_id)
    assert first.call_id not in [c.id for c in service.missed_calls()]
    assert first.call_id in [c.id for c in service.missed_calls(include_done=True)]


def test_call_log_records_are_written_once_never_missed_never_twice(seeded, service):
    number = single_number(seeded[0])
    at = datetime(2026, 11, 20, 1, 15, tzinfo=UTC)  # 10:15 JST, as the NCID server logged it
    replay = [
        CallEvent("ncid", number=number, received_at=at, log_kind=LogKind.HISTORY, raw="CIDLOG"),
        CallEvent("ncid", withheld=Withheld.PRIVATE, received_at=at + timedelta(minutes=3),
                  log_kind=LogKind.BLOCKED),
        CallEvent("ncid", number="0312340001", received_at=at + timedelta(minutes=5),
                  log_kind=LogKind.HANGUP),
    ]
    assert service.record_log(replay) == 3
    assert service.record_log(replay) == 0  # the same log, replayed at the next reconnect
    rows = [c for c in service.call_log(date(2026, 11, 20)) if c.source == "ncid"]
    assert sorted(c.outcome for c in rows) == [calls.BLOCKED, calls.HANGUP, calls.LOG]
    history = next(c for c in rows if c.outcome == calls.LOG)
    assert history.received_at == at and history.operator is None
    assert history.customer_id is not None  # the number's one owner
    assert not {c.id for c in rows} & {c.id for c in service.missed_calls(include_done=True)}
    assert service.set_outcome(history.id, calls.MISSED) == calls.LOG
    assert service.set_outcome(history.id, calls.ORDER) == calls.LOG

    # A call that rang live here is not listed again when the server's log replays it.
    live = at + timedelta(minutes=7, seconds=31)
    service.handle_event(CallEvent("ncid", number="0312340002", received_at=live))
    again = CallEvent("ncid", number="0312340002", received_at=at + timedelta(minutes=7),
                      log_kind=LogKind.HISTORY)
    assert service.record_log([again]) == 0
    with pytest.raises(ValueError):
        service.record_log([CallEvent("ncid", number="0312340003")])  # a ring, not a record


def test_call_log_filters_by_day_and_operator(seeded):
    store, _ = seeded
    other = DeskService(store, operator_id=2, today=lambda: TODAY)
    old = datetime(2026, 11, 1, 15, 30, tzinfo=UTC)  # 2026-11-02 00:30 JST
    data = other.handle_event(CallEvent("test", number="0355556666", received_at=old))
    assert [c.id for c in other.call_log(day=date(2026, 11, 2))] == [data.call_id]
    assert other.call_log(day=date(2026, 11, 1)) == []
    by_two = other.call_log(operator_id=2)
    assert by_two and all(c.operator == "田中" for c in by_two)
    other.close()


def test_notes_newest_first_and_follow_up(seeded, service):
    number = single_number(seeded[0])
    cid = service.handle_event(CallEvent("test", number=number)).lookup.card.summary.customer_id
    first = service.add_note(cid, "一件目", "other")
    second = service.add_note(cid, "二件目 要折り返し", "complaint", needs_follow_up=True)
    listed = service.customer_notes(cid)
    assert [n.id for n in listed[:2]] == [second.id, first.id]
    assert listed[0].operator == "佐藤"
    assert second.id in [n.id for n in service.card(cid).open_follow_ups]
    service.set_note_done(second.id)
    assert second.id not in [n.id for n in service.card(cid).open_follow_ups]
    with pytest.raises(ValueError):
        service.add_note(cid, "   ")


def test_voices_across_customers_filtered_by_period(service):
    ids = [m.customer_id for m in service.search("サ")[:2]]
    a = service.add_note(ids[0], "梱包がとても丁寧でした", "praise")
    b = service.add_note(ids[1], "届いた箱が潰れていた", "complaint")
    service.add_note(ids[1], "住所変更", "other")
    recent = service.voices(since=datetime.now(UTC) - timedelta(minutes=5))
    assert [v.note_id for v in recent[:2]] == [b.id, a.id]
    assert {v.category for v in recent} <= {"complaint", "praise"}
    assert recent[0].customer_id == ids[1] and recent[0].customer_name
    later = service.voices(since=datetime.now(UTC) + timedelta(minutes=5))
    assert later == []


def test_register_checks_duplicates_first(seeded, service):
    number = single_number(seeded[0])
    dup = service.register_customer(NewCustomer(name="新井 花子", kana="あらい はなこ",
                                                phones=[("home", number)]))
    assert dup.card is None and dup.duplicates
    fresh = service.register_customer(NewCustomer(name="新井 花子", kana="あらい はなこ",
                                                  phones=[("mobile", "090-9999-0001")]))
    assert fresh.card is not None and fresh.card.summary.kana == "アライ\u3000ハナコ"
    same_name = service.register_customer(NewCustomer(name="新井花子", kana="アライハナコ",
                                                      phones=[("mobile", "09099990002")]))
    assert [d.customer_id for d in same_name.duplicates] == [fresh.card.summary.customer_id]
    forced = service.register_customer(NewCustomer(name="新井花子", kana="アライハナコ",
                                                   phones=[("mobile", "09099990002")]),
                                       force=True)
    assert forced.card.summary.customer_id != fresh.card.summary.customer_id


def test_operators(service):
    names = [o.name for o in service.operators()]
    assert names[:3] == ["佐藤", "田中", "鈴木"]
    added = service.add_operator("  高橋 ")
    assert added.name == "高橋" and service.add_operator("高橋").id == added.id


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
