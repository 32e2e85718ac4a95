"""Text cleaning, length limits and the customer rules registration and edit share."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain import customer_rules as rules
from desk_app.domain import messages
from desk_app.domain.orders import NOSHI_OMOTE, DraftLine, Noshi, OrderDraft, ShipTo, validate
from desk_app.domain.text import LIMITS, check_length, clean, first_lines

TODAY = date(2026, 12, 1)


def codes(issues):
    return {(i.field, i.code) for i in issues}


def test_clean_strips_controls_and_tabs_and_keeps_real_text():
    assert clean("山田\t太郎\x07\u200b\u202e ") == "山田 太郎"
    assert clean("𠮷田\u3000花子 🍵") == "𠮷田\u3000花子 🍵"  # JIS X 0213 and emoji stay
    assert clean("a\r\nb\nc") == "a b c"
    assert clean("a\r\n\n\n\nb\tc", multiline=True) == "a\n\nb c"
    assert clean(None) == "" and clean("   ") == ""
    assert clean("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # ZWJ sequences survive


@given(st.text())
def test_clean_never_leaves_control_characters(text):
    import unicodedata

    for multiline in (False, True):
        out = clean(text, multiline=multiline)
        assert all(unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\n\u200d\u200c"
                   for ch in out)
        assert ("\n" in out) <= multiline
        assert out == out.strip()


def test_length_limit_issue_names_the_limit():
    long_name = "あ" * 3180
    issue = check_length("name", long_name)
    assert issue.code == "text.too_long" and issue.params == {"max": LIMITS["name"],
                                                              "length": 3180}
    assert "40文字以内" in issue.text() and "3180" in issue.text()
    assert check_length("name", "あ" * LIMITS["name"]) is None


def test_first_lines_of_a_long_note():
    body = "\n".join(f"行{i}" for i in range(10))
    assert first_lines(body, 3) == "行0\n行1\n行2…"
    assert first_lines("x" * 10_000, 3, 160) == "x" * 160 + "…"
    assert first_lines("短い") == "短い"


def test_mobile_numbers_default_to_mobile():
    assert rules.default_phone_kind("090-1234-5678") == "mobile"
    assert rules.default_phone_kind("08012345678") == "mobile"
    assert rules.default_phone_kind("070-1234-5678") == "mobile"
    assert rules.default_phone_kind("03-1234-5678") == "home"
    assert rules.default_phone_kind("050-1234-5678") == "home"


def test_registration_needs_name_and_reading_and_a_real_postal_code():
    values, issues = rules.check({"name": "", "kana": "", "postal_code": "999-9999"}, TODAY)
    assert codes(issues) == {("name", "customer.required_name"),
                             ("kana", "customer.required_kana"),
                             ("postal_code", "customer.postal_unknown")}
    assert "999-9999" in messages.text("customer.postal_unknown", {"code": "999-9999"})
    _values, issues = rules.check({"name": "a", "kana": "a", "postal_code": "12-34"}, TODAY)
    assert codes(issues) == {("postal_code", "customer.postal_format")}


def test_registration_cleans_and_types_every_field():
    values, issues = rules.check({
        "name": " 山田\t花子\x00", "kana": "やまだ　はなこ", "postal_code": "１５０－０００１",
        "prefecture": "東京都", "city": "渋谷区", "address1": "神宮前1-2-3",
        "phones": [{"number": "090-1111-2222"}, ("home", "03-1234-5678"), "03-1234-5678"],
        "birthday": "昭和45年3月1日", "email": "hanako@example.jp",
        "caution_flags": ["代引不可"], "caution_note": "受取拒否あり\r\n2回"}, TODAY)
    assert issues == []
    assert values["name"] == "山田 花子" and values["kana"] == "ヤマダ\u3000ハナコ"
    assert values["postal_code"] == "1500001"
    assert values["phones"] == [rules.PhoneInput("mobile", "09011112222"),
                                rules.PhoneInput("home", "0312345678")]
    assert values["birthday"] == date(1970, 3, 1)
    assert values["caution_flags"] == ("no_cod",) and values["dm_allowed"] is True
    assert values["caution_note"] == "受取拒否あり\n2回"


def test_every_field_is_limited():
    values = {name: "x" * (LIMITS[name] + 1) for name in rules.TEXT_FIELDS}
    _out, issues = rules.check(values, TODAY)
    too_long = {i.field for i in issues if i.code == "text.too_long"}
    assert too_long == set(rules.TEXT_FIELDS)


def test_postal_code_and_prefecture_must_agree():
    _v, issues = rules.check({"name": "a", "kana": "ア", "postal_code": "1500001",
                              "prefecture": "大阪府"}, TODAY)
    assert codes(issues) == {("prefecture", "customer.postal_prefecture")}


def test_edit_checks_only_the_fields_given_but_keeps_required_ones():
    values, issues = rules.check({"city": "港区"}, TODAY, partial=True)
    assert issues == [] and values == {"city": "港区"}
    _v, issues = rules.check({"name": "  "}, TODAY, partial=True)
    assert codes(issues) == {("name", "customer.required_name")}
    _v, issues = rules.check({"nickname": "x", "phones": [{"number": "12"}],
                              "birthday": "昭和64年1月8日", "email": "nope",
                              "dm_allowed": "yes", "caution_flags": ["vip"]},
                             TODAY, partial=True)
    assert codes(issues) == {("nickname", "customer.unknown_field"),
                             ("phones[0].number", "customer.phone_invalid"),
                             ("birthday", "customer.birthday"),
                             ("email", "customer.email_format"),
                             ("dm_allowed", "customer.not_bool"),
                             ("caution_flags", "customer.caution_flag")}
    birthday = next(i for i in issues if i.field == "birthday")
    assert "平成" in birthday.text()


def test_dm_flag_forces_no_dm():
    values, issues = rules.check({"caution_flags": ["no_dm"]}, TODAY, partial=True)
    assert issues == [] and values["dm_allowed"] is False
    _v, issues = rules.check({"dm_allowed": True}, TODAY, partial=True,
                             current_flags=("no_dm",))
    assert codes(issues) == {("dm_allowed", "customer.dm_blocked")}


def test_address_missing():
    """One rule for the card's 住所未登録 chip and the letters' 住所未登録 list."""
    from desk_app.domain.customer import postal_address_complete

    assert not postal_address_complete(None, None, None, None)
    assert not postal_address_complete("1500001", "東京都", "", "")
    assert not postal_address_complete(None, "東京都", "渋谷区", "")  # no postal code: no label
    assert not postal_address_complete("150-001", "東京都", "渋谷区", "")
    assert postal_address_complete("150-0001", "東京都", "渋谷区", "")


def _draft(**kw):
    base = dict(customer_id=1, payment="cod", lines=(DraftLine("F001", 1),),
                ship_to=ShipTo("山田 花子", "150-0001", "東京都渋谷区神宮前1", "03-1234-5678"))
    return OrderDraft(**{**base, **kw})


class _Catalogue:
    def get(self, sku):
        from desk_app.domain.orders import ProductInfo

        return ProductInfo("F001", "テスト", 1000, 8, id=1) if sku == "F001" else None


def test_no_cod_flag_refuses_cash_on_delivery_at_the_payment_field():
    errors = validate(_draft(), _Catalogue(), TODAY, customer_flags=("no_cod",))
    assert [(e.field, e.message) for e in errors] == [
        ("payment", messages.text("order.cod_refused"))]
    assert validate(_draft(payment="bank"), _Catalogue(), TODAY, customer_flags=("no_cod",)) == []
    assert validate(_draft(), _Catalogue(), TODAY) == []


def test_gift_fields():
    assert {"御見舞", "快気祝", "御供", "御仏前"} <= set(NOSHI_OMOTE)
    ok = _draft(noshi=Noshi("御見舞", "山田", "uchi"), sender_name="山田 太郎")
    assert validate(ok, _Catalogue(), TODAY) == []
    bad = _draft(noshi=Noshi("御供", "", "middle"), sender_name="x" * 41)
    fields = {e.field for e in validate(bad, _Catalogue(), TODAY)}
    assert fields == {"noshi.kind", "sender_name"}


def test_call_outcomes_in_words():
    from desk_app.domain.call_outcomes import outcome_word, shows_operator

    assert [outcome_word(o) for o in ("ringing", "answered", "note", "order", "missed")] == [
        "ringing", "answered", "answered", "ordered", "missed"]
    assert outcome_word("missed", callback_done=True) == "called_back"
    assert outcome_word("hangup") == "hangup"
    assert not shows_operator("ringing") and shows_operator("answered")
    assert shows_operator("note") and shows_operator("order")
    assert shows_operator("missed", True) and not shows_operator("missed")


def test_json_times_carry_their_utc_offset_whatever_the_backend():
    """SQLite returns stored UTC times without their offset, PostgreSQL with it: the JSON
    (desk-app lookup, customer history) says +00:00 for both, never a bare wall time."""
    from datetime import datetime, timedelta, timezone

    from desk_app.domain.customer import to_jsonable

    naive = datetime(2026, 12, 31, 15, 5)  # as SQLite returns it: UTC by convention
    aware = naive.replace(tzinfo=timezone.utc)
    assert to_jsonable({"at": naive}) == to_jsonable({"at": aware}) == {
        "at": "2026-12-31T15:05:00+00:00"}
    jst = aware.astimezone(timezone(timedelta(hours=9)))
    assert to_jsonable([jst]) == ["2027-01-01T00:05:00+09:00"]
    assert to_jsonable(date(2027, 1, 1)) == "2027-01-01"
