"""Search as you type and caller lookup on a seeded demo shop."""

from datetime import date

from sqlalchemy import func, select

from desk_app.domain.call_event import Withheld
from desk_app.domain.kana import fold_kana
from desk_app.domain.phone import normalize
from desk_app.store import customers
from desk_app.store.caller_lookup import lookup_device_number, lookup_number
from desk_app.store.models import Customer, Phone

TODAY = date(2026, 11, 23)


def _some_customer(session):
    return session.scalars(select(Customer).order_by(Customer.id).offset(17).limit(1)).one()


def test_kana_search_in_any_script_and_width(demo_store):
    import jaconv

    with demo_store.new_session() as s:
        c = _some_customer(s)
        family = c.kana.split("\u3000")[0]
        for typed in (family, jaconv.kata2hira(family), jaconv.z2h(family, kana=True)):
            found = customers.search(s, typed, TODAY)
            assert c.id in [m.customer_id for m in found] or len(found) == customers.SEARCH_LIMIT
            assert all(fold_kana(m.kana).startswith(fold_kana(family)) for m in found)


def test_full_reading_with_space_finds_the_customer(demo_store):
    import jaconv

    with demo_store.new_session() as s:
        c = _some_customer(s)
        hira = jaconv.kata2hira(c.kana).replace("\u3000", " ")
        assert c.id in [m.customer_id for m in customers.search(s, hira, TODAY)]


def test_name_search(demo_store):
    with demo_store.new_session() as s:
        c = _some_customer(s)
        found = customers.search(s, c.name.replace(" ", "　"), TODAY)
        assert c.id in [m.customer_id for m in found]


def test_phone_last_digits_and_full_number(demo_store):
    with demo_store.new_session() as s:
        phone = s.scalars(select(Phone).order_by(Phone.id).offset(40).limit(1)).one()
        full = normalize(phone.national)
        assert phone.customer_id in customers.search_ids(s, full.display)
        assert phone.customer_id in customers.search_ids(s, phone.national[-6:])
        for cid in customers.search_ids(s, phone.national[-4:]):
            nums = s.scalars(select(Phone.national).where(Phone.customer_id == cid)).all()
            assert any(n.endswith(phone.national[-4:]) for n in nums)


def test_customer_code(demo_store):
    with demo_store.new_session() as s:
        c = _some_customer(s)
        assert customers.search_ids(s, c.code)[0] == c.id
        assert customers.search_ids(s, c.code.lstrip("0"))[0] == c.id


def test_family_number_gives_several_matches_and_no_card(demo_store):
    with demo_store.new_session() as s:
        shared = s.execute(select(Phone.national).group_by(Phone.national)
                           .having(func.count(Phone.customer_id) > 1).limit(1)).scalar_one()
        result = lookup_number(s, normalize(shared), TODAY)
        assert len(result.matches) >= 2 and result.card is None
        names = {m.name.split(" ")[0] for m in result.matches}
        assert len(names) == 1  # one family name: a household


def test_single_match_loads_the_card_newest_first(demo_store):
    with demo_store.new_session() as s:
        row = s.execute(select(Phone.national).group_by(Phone.national)
                        .having(func.count(Phone.customer_id) == 1).limit(1)).scalar_one()
        result = lookup_number(s, normalize(row), TODAY)
        assert len(result.matches) == 1 and result.card is not None
        dates = [o.order_date for o in result.card.orders]
        assert dates == sorted(dates, reverse=True)
        assert result.card.summary.orders_count >= len(result.card.orders)


def test_withheld_never_matches_a_customer(demo_store):
    with demo_store.new_session() as s:
        for reason in Withheld:
            r = lookup_device_number(s, None, TODAY, reason)
            assert r.withheld is reason and r.matches == () and r.card is None


def test_device_number_without_trunk_prefix_matches_by_suffix(demo_store):
    with demo_store.new_session() as s:
        phone = s.scalars(select(Phone).where(Phone.kind == "home").limit(1)).one()
        local = phone.national[-8:]  # a PBX that drops the area code
        r = lookup_device_number(s, local, TODAY)
        assert phone.customer_id in [m.customer_id for m in r.matches]


def test_create_and_duplicate_check(store):
    with store.new_session() as s, s.begin():
        c = customers.create_customer(s, customers.NewCustomer(
            name="山田 花子", kana="やまだ はなこ", phones=[("home", "03-1234-5678")]))
        assert c.code == str(c.id).zfill(7) and c.kana == "ヤマダ\u3000ハナコ"
    with store.new_session() as s:
        assert customers.duplicates(s, "山田　花子", "ヤマダハナコ", []) == [c.id]
        assert customers.duplicates(s, "別人", "ベツジン", ["0312345678"]) == [c.id]
        assert customers.duplicates(s, "別人", "ベツジン", ["0312345679"]) == []


def test_tel_uri_and_e164_find_the_number_in_search_and_lookup(demo_store):
    with demo_store.new_session() as s:
        phone = s.scalars(select(Phone).order_by(Phone.id).offset(40).limit(1)).one()
        e164 = normalize(phone.national).e164
        uri = "tel:" + e164[:3] + "-" + e164[3:]
        for typed in (uri, e164, f"tel:{phone.national};phone-context=example.jp"):
            assert phone.customer_id in customers.search_ids(s, typed), typed
            found = lookup_number(s, normalize(typed), TODAY)
            assert phone.customer_id in [m.customer_id for m in found.matches], typed


def test_tel_uri_is_a_phone_for_registration_and_duplicates(store):
    with store.new_session() as s, s.begin():
        c = customers.create_customer(s, customers.NewCustomer(
            name="鈴木 一郎", kana="すずき いちろう", phones=[("home", "tel:+81-75-123-4567")]))
    with store.new_session() as s:
        assert s.scalars(select(Phone.national).where(Phone.customer_id == c.id)).all() == [
            "0751234567"]
        assert customers.duplicates(s, "別人", "ベツジン", ["tel:075-123-4567;phone-context=x.jp"]
                                    ) == [c.id]
