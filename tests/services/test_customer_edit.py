"""顧客情報の修正 with 変更履歴, registration rules, notes on unknown numbers."""

from datetime import date

import pytest

from desk_app.domain.phone import normalize
from desk_app.services import calldesk, notes
from desk_app.services import customers as svc
from desk_app.services.base import NotFound, ServiceContext, ServiceError
from desk_app.store import customers as store_customers
from desk_app.store.caller_lookup import lookup_number
from desk_app.store.models import Operator

TODAY = date(2026, 12, 1)


@pytest.fixture
def ctx(store):
    with store.new_session() as s, s.begin():
        s.add(Operator(name="佐藤", active=True))
        s.flush()
        c = store_customers.create_customer(s, store_customers.NewCustomer(
            name="山田 花子", kana="ヤマダ ハナコ", phones=[("home", "03-1234-5678")],
            postal_code="1500001", prefecture="東京都", city="渋谷区",
            address1="神宮前1-2-3"))
        assert c.code == "0000001"
    return ServiceContext(store, operator_id=1, today=lambda: TODAY)


def problems(exc):
    return {(p.field, p.code) for p in exc.problems}


def test_record_is_the_lookups_customer_object(ctx):
    card = svc.customer_record(ctx, "0000001")
    with ctx.reading() as s:
        lookup = lookup_number(s, normalize("03-1234-5678"), TODAY)
    assert card.to_json_dict() == lookup.to_json_dict()["customer"]
    assert svc.customer_record(ctx, "1").summary.code == "0000001"  # typed without zeros
    with pytest.raises(NotFound):
        svc.customer_record(ctx, "9999")


def test_address_change_is_kept_with_who_and_when_and_shows_everywhere(ctx):
    result = svc.edit_customer(ctx, "0000001", {
        "postal_code": "106-0032", "prefecture": "東京都", "city": "港区",
        "address1": "六本木6-10-1", "address2": "ヒルズ 1201",
        "phones": [{"kind": "home", "national": "0312345678"}, {"number": "090-5555-6666"}],
        "company": "山田商店", "department": "営業部", "birthday": "S45.3.1"})
    card = result.value
    assert result.changes.customers == {1}
    assert card.full_address == "東京都港区六本木6-10-1 ヒルズ 1201"
    assert [(p.kind, p.national) for p in card.phones] == [("home", "0312345678"),
                                                           ("mobile", "09055556666")]
    assert card.birthday == date(1970, 3, 1) and card.company == "山田商店"
    history = svc.customer_history(ctx, 1)
    fields = {h.field for h in history}
    assert fields == {"postal_code", "city", "address1", "address2", "phones", "company",
                      "department", "birthday"}  # 東京都 was already the prefecture
    city = next(h for h in history if h.field == "city")
    assert (city.old_value, city.new_value, city.operator) == ("渋谷区", "港区", "佐藤")
    assert city.changed_at is not None
    # the lookup by the new mobile number and the search find the corrected record
    with ctx.reading() as s:
        lookup = lookup_number(s, normalize("090-5555-6666"), TODAY)
        found = store_customers.search(s, "ヤマダ", TODAY)
    assert lookup.card.city == "港区" and found[0].address.startswith("東京都港区")


def test_refused_edit_names_every_field_and_changes_nothing(ctx):
    with pytest.raises(ServiceError) as info:
        svc.edit_customer(ctx, "0000001", {"postal_code": "999-9999", "name": "x" * 3180,
                                           "email": "@", "shoe_size": 24})
    assert problems(info.value) == {("postal_code", "customer.postal_unknown"),
                                    ("name", "text.too_long"),
                                    ("email", "customer.email_format"),
                                    ("shoe_size", "customer.unknown_field")}
    assert svc.customer_record(ctx, "0000001").summary.name == "山田 花子"
    assert svc.customer_history(ctx, 1) == []


def test_setting_a_field_to_what_it_holds_records_nothing(ctx):
    shown = svc.customer_record(ctx, "0000001").to_json_dict()
    result = svc.edit_customer(ctx, "0000001", shown)  # `show` output fed back unchanged
    assert not result.changes and svc.customer_history(ctx, 1) == []


def test_caution_text_and_flags(ctx):
    card = svc.edit_customer(ctx, 1, {"caution_note": "受取拒否2回",
                                      "caution_flags": ["代引不可", "no_dm"]}).value
    assert card.caution and card.caution_flags == ("no_cod", "no_dm") and not card.dm_allowed
    assert card.summary.caution
    with pytest.raises(ServiceError) as info:
        svc.edit_customer(ctx, 1, {"dm_allowed": True})
    assert problems(info.value) == {("dm_allowed", "customer.dm_blocked")}
    card = svc.edit_customer(ctx, 1, {"caution_note": "", "caution_flags": []}).value
    assert not card.caution and card.caution_flags == ()


def test_registration_rules_are_the_edit_rules(ctx):
    with pytest.raises(ServiceError) as info:
        svc.check_registration(ctx, {"name": "半端 太郎", "kana": "ハンパ タロウ",
                                     "postal_code": "999-9999"})
    assert problems(info.value) == {("postal_code", "customer.postal_unknown")}
    new = svc.check_registration(ctx, {"name": "住所 なし", "kana": "じゅうしょ なし",
                                       "phones": [{"number": "080-1234-0000"}]})
    assert new.phones == [("mobile", "08012340000")] and new.postal_code is None


def test_note_on_an_unknown_number_is_attached_at_registration(ctx, store):
    note = svc.add_number_note(ctx, "045-111-2222", "資料請求。カタログ送付希望", "inquiry").value
    assert [n.id for n in svc.number_notes(ctx, "0451112222")] == [note.id]
    with pytest.raises(ServiceError):
        svc.add_number_note(ctx, None, "非通知の方")
    with pytest.raises(ServiceError):
        svc.add_number_note(ctx, "045-111-2222", " \t ")
    data = svc.check_registration(ctx, {"name": "横浜 太郎", "kana": "ヨコハマ タロウ",
                                        "phones": [{"number": "045-111-2222"}]})
    card = calldesk.register_customer(ctx, data).value.card
    assert [n.body for n in card.notes] == ["資料請求。カタログ送付希望"]
    assert svc.number_notes(ctx, "0451112222") == []


def test_a_number_added_by_an_edit_takes_its_waiting_notes(ctx):
    svc.add_number_note(ctx, "090-7777-8888", "携帯から問い合わせ")
    result = svc.edit_customer(ctx, 1, {"phones": [{"number": "03-1234-5678"},
                                                   {"number": "090-7777-8888"}]})
    assert [n.body for n in result.value.notes] == ["携帯から問い合わせ"]
    assert result.changes.notes


def test_follow_up_done_records_who_and_when(ctx, store):
    desk = ServiceContext(store, operator_id=1, today=lambda: TODAY)
    note = notes.add_note(desk, 1, "折り返し希望", "inquiry", needs_follow_up=True).value
    result = notes.set_note_done(desk, note.id, True)
    done = notes.customer_notes(desk, 1)[0]
    assert done.done and done.done_by == "佐藤" and done.done_at is not None
    # the service hands back the note as the card shows it, and says whose card changed
    assert result.value == done and result.changes.customers == {1}
    assert notes.note(desk, note.id) == done
    reopened = notes.set_note_done(desk, note.id, False).value
    assert not reopened.done and reopened.done_by is None and reopened.done_at is None
    with pytest.raises(NotFound) as missing:
        notes.set_note_done(desk, 999_999, True)
    assert missing.value.code == "note.not_found"


def test_operator_named_adds_once(ctx):
    assert svc.operator_named(ctx, "田中") == svc.operator_named(ctx, " 田中 ")
