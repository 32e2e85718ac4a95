"""Saving is one transaction: order, lines, RFM aggregates and the thank-you letter."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desk_app.domain.orders import DraftLine, OrderDraft, OrderRefused, ShipTo
from desk_app.store import order_service as svc
from desk_app.store import orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import CustomerStats, Letter, Order, OrderLine, ShipAddress

TODAY = date(2026, 12, 1)  # a Tuesday


def draft(session, customer_id=1, lines=(("F001", 2), ("G001", 1)), **kw):
    base = dict(customer_id=customer_id, payment="cod",
                ship_to=orders.orderer_ship_to(session, customer_id),
                lines=tuple(DraftLine(s, q) for s, q in lines))
    base.update(kw)
    return OrderDraft(**base)


def stats(session, customer_id=1):
    s = session.get(CustomerStats, customer_id)
    session.refresh(s)
    return (s.first_order_date, s.last_order_date, s.orders_count, s.total_amount)


def test_first_order_updates_aggregates_and_schedules_the_thank_you_letter(shop):
    with shop.new_session() as s, s.begin():
        saved = svc.place_order(s, draft(s), today=TODAY, operator_id=None)
    assert saved.first_order and saved.letter_id
    with shop.new_session() as s:
        o = s.get(Order, saved.order_id)
        assert (o.subtotal_8, o.subtotal_10, o.tax_8, o.tax_10) == (6480, 3740, 480, 340)
        assert (o.shipping_fee, o.cod_fee, o.total) == (0, 440, 10220)
        assert [(x.line_no, x.sku, x.amount) for x in o.lines] == [(1, "F001", 6480), (2, "G001", 3300)]
        assert stats(s) == (TODAY, TODAY, 1, 10220)
        letter = s.get(Letter, saved.letter_id)
        assert (letter.kind, letter.order_id, letter.due_date) == ("thanks", o.id, date(2026, 12, 2))
    with shop.new_session() as s, s.begin():
        again = svc.place_order(s, draft(s, lines=(("F003", 1),)), today=TODAY + timedelta(days=3))
    assert not again.first_order and again.letter_id is None
    with shop.new_session() as s:
        assert stats(s) == (TODAY, TODAY + timedelta(days=3), 2, 10220 + 2916 + 800 + 330)  # 代引 ¥330
        assert s.scalar(select(func.count()).select_from(Letter)) == 1


def test_a_refused_order_saves_nothing(shop):
    with shop.new_session() as s:
        before = (s.scalar(select(func.count()).select_from(Order)), stats(s))
    with pytest.raises(OrderRefused) as refused, shop.new_session() as s, s.begin():
        svc.place_order(s, draft(s, lines=(("F001", 1), ("NOPE", 1))), today=TODAY)
    assert [e.field for e in refused.value.errors] == ["lines[1].sku"]
    with pytest.raises(OrderRefused) as refused, shop.new_session() as s, s.begin():
        svc.place_order(s, draft(s, customer_id=3), today=TODAY)  # no address on file
    assert [e.field for e in refused.value.errors] == ["ship_to.address", "ship_to.postal_code"]
    with pytest.raises(OrderRefused), shop.new_session() as s, s.begin():
        svc.place_order(s, draft(s, customer_id=999, ship_to=ShipTo("a", "1", "b", "c")), today=TODAY)
    with shop.new_session() as s:
        assert (s.scalar(select(func.count()).select_from(Order)), stats(s)) == before
        assert s.scalar(select(func.count()).select_from(OrderLine)) == 0


def test_cancel_moves_the_figures_back_and_withdraws_the_unprinted_letter(shop):
    with shop.new_session() as s, s.begin():
        first = svc.place_order(s, draft(s), today=TODAY)
    with shop.new_session() as s, s.begin():
        svc.cancel_order(s, first.order_id)
    with shop.new_session() as s:
        assert stats(s) == (None, None, 0, 0)
        assert s.get(Order, first.order_id).status == "cancelled"
        assert s.get(Order, first.order_id).cancelled_at is not None
        assert s.scalar(select(func.count()).select_from(Letter)) == 0
    with pytest.raises(OrderRefused, match="取消済み"), shop.new_session() as s, s.begin():
        svc.cancel_order(s, first.order_id)
    with shop.new_session() as s, s.begin():  # the real first order gets its letter again
        assert svc.place_order(s, draft(s), today=TODAY).letter_id is not None


def test_a_printed_letter_is_history_and_blocks_a_second_thank_you(shop):
    with shop.new_session() as s, s.begin():
        first = svc.place_order(s, draft(s), today=TODAY)
        s.get(Letter, first.letter_id).printed_at = s.get(Order, first.order_id).created_at
    with shop.new_session() as s, s.begin():
        svc.cancel_order(s, first.order_id)
    with shop.new_session() as s, s.begin():
        again = svc.place_order(s, draft(s), today=TODAY)
        assert again.first_order and again.letter_id is None
        assert s.scalar(select(func.count()).select_from(Letter)) == 1


def test_edit_replaces_lines_and_recomputes(shop):
    with shop.new_session() as s, s.begin():
        saved = svc.place_order(s, draft(s), today=TODAY)
    with shop.new_session() as s, s.begin():
        detail = orders.order_detail(s, saved.order_id)
        svc.edit_order(s, saved.order_id, detail.draft(lines=(DraftLine("F008", 1),),
                                                       payment="bank"), today=TODAY)
    with shop.new_session() as s:
        o = orders.order_detail(s, saved.order_id)
        assert [p.sku for p in o.lines] == ["F008"]
        assert (o.shipping_fee, o.cod_fee, o.total) == (800, 0, 1620 + 800)
        assert stats(s) == (TODAY, TODAY, 1, 2420)
    with pytest.raises(OrderRefused), shop.new_session() as s, s.begin():
        svc.edit_order(s, saved.order_id, detail.draft(customer_id=2), today=TODAY)


def test_gift_ship_to_can_be_saved_for_next_time(shop):
    gift = ShipTo("佐藤 次郎", "060-0001", "北海道札幌市中央区北一条西2-1", "011-123-4567")
    with shop.new_session() as s, s.begin():
        svc.place_order(s, draft(s, ship_to=gift, ship_to_source="new"), today=TODAY,
                        save_ship_to=True)
    with shop.new_session() as s:
        [(sid, ship)] = orders.saved_ship_tos(s, 1)
        assert ship == gift
        assert s.get(ShipAddress, sid).prefecture == "北海道"
        o = s.scalars(select(Order)).one()
        assert (o.ship_prefecture, o.ship_phone, o.shipping_fee) == ("北海道", "0111234567", 0)


def test_a_customer_without_a_stats_row_gets_one(shop):
    with shop.new_session() as s, s.begin():
        s.delete(s.get(CustomerStats, 2))
    with shop.new_session() as s, s.begin():
        assert svc.place_order(s, draft(s, customer_id=2), today=TODAY).first_order
    with shop.new_session() as s:
        assert stats(s, 2)[2:] == (1, 10220)


ACTIONS = st.lists(st.tuples(
    st.sampled_from(["add", "add", "add", "edit", "cancel"]),
    st.integers(min_value=0, max_value=400),  # order date offset, days
    st.lists(st.tuples(st.sampled_from(["F001", "F008", "G001", "G004", "T160"]),
                       st.integers(1, 5)), min_size=1, max_size=3),
    st.integers(min_value=0, max_value=50)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_aggregates_equal_a_full_recompute_after_any_sequence(shop, actions):
    with shop.new_session() as s, s.begin():
        cid = create_customer(s, NewCustomer(
            name="検証 太郎", phones=[("home", "03-1111-2222")], postal_code="1500001",
            prefecture="東京都", city="渋谷区", address1="神宮前1")).id
    placed: list[int] = []
    for action, offset, lines, pick in actions:
        day = date(2025, 1, 1) + timedelta(days=offset)
        with shop.new_session() as s, s.begin():
            active = [i for i in placed if s.get(Order, i).status == "active"]
            if action == "add" or not active:
                placed.append(svc.place_order(s, draft(s, cid, lines), today=day).order_id)
            elif action == "edit":
                target = active[pick % len(active)]
                d = orders.order_detail(s, target).draft(
                    lines=tuple(DraftLine(sku, q) for sku, q in lines), delivery_date=None)
                svc.edit_order(s, target, d, today=day)
            else:
                svc.cancel_order(s, active[pick % len(active)])
        with shop.new_session() as s:
            fast = stats(s, cid)
            s.expire_all()
            slow = orders.recompute_stats(s, cid)
            assert fast == (slow.first_order_date, slow.last_order_date, slow.orders_count,
                            slow.total_amount)
            s.rollback()


def test_a_long_lived_session_sees_the_new_figures(shop):
    """The desk worker keeps one Session: a stats row it read before must not go stale."""
    with shop.new_session() as s:
        held = s.get(CustomerStats, 1)  # e.g. a card read earlier, still referenced
        assert held.orders_count == 0
        s.commit()
        svc.place_order(s, draft(s), today=TODAY)
        s.commit()
        assert s.get(CustomerStats, 1).orders_count == 1 and held.total_amount == 10220
        saved = svc.place_order(s, draft(s), today=TODAY)
        s.commit()
        svc.cancel_order(s, saved.order_id)
        s.commit()
        assert s.get(CustomerStats, 1).orders_count == 1
