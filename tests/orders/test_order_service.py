"""Saving is one transaction: order, lines, RFM aggregates and the call's outcome.

Letters are derived from orders (the letters service), never written by placing an order:
placing only reports whether a first order earned a thank-you letter.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desk_app.domain.call_event import CallEvent
from desk_app.domain.orders import DraftLine, OrderDraft, ShipTo
from desk_app.services import orders as svc
from desk_app.services.base import ServiceContext
from desk_app.services.calls import CallDesk
from desk_app.store import calls, orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import CustomerStats, LetterPrint, Order, OrderLine, ShipAddress

TODAY = date(2026, 12, 1)  # a Tuesday


def ctx(store, day=TODAY, operator_id=None):
    return ServiceContext(store, operator_id=operator_id, today=lambda: day)


def draft(store, customer_id=1, lines=(("F001", 2), ("G001", 1)), **kw):
    with store.new_session() as session:
        ship = orders.orderer_ship_to(session, customer_id)
    base = dict(customer_id=customer_id, payment="cod", ship_to=ship,
                lines=tuple(DraftLine(s, q) for s, q in lines))
    base.update(kw)
    return OrderDraft(**base)


def stats(session, customer_id=1):
    s = session.get(CustomerStats, customer_id)
    session.refresh(s)
    return (s.first_order_date, s.last_order_date, s.orders_count, s.total_amount)


def test_first_order_updates_aggregates_and_earns_the_thank_you_letter(shop):
    result = svc.place_order(ctx(shop), draft(shop))
    saved = result.value
    # the お礼状 rule: 3 days after the first order (Friday 12/04, an open day)
    assert saved.first_order and saved.thank_you == svc.ThankYouLetter("thanks", date(2026, 12, 4))
    assert result.changes.orders == {saved.order_id} and result.changes.customers == {1}
    assert saved.customer.stage == "初回・現役" and saved.customer.aggregates.orders_count == 1
    with shop.new_session() as s:
        o = s.get(Order, saved.order_id)
        assert (o.subtotal_8, o.subtotal_10, o.tax_8, o.tax_10) == (6480, 3740, 480, 340)
        assert (o.shipping_fee, o.cod_fee, o.total) == (0, 440, 10220)
        assert [(x.line_no, x.sku, x.amount) for x in o.lines] == [(1, "F001", 6480), (2, "G001", 3300)]
        assert stats(s) == (TODAY, TODAY, 1, 10220)
        assert s.scalar(select(func.count()).select_from(LetterPrint)) == 0  # derived, not written
    again = svc.place_order(ctx(shop, TODAY + timedelta(days=3)), draft(shop, lines=(("F003", 1),)))
    assert not again.value.first_order and again.value.thank_you is None
    with shop.new_session() as s:
        assert stats(s) == (TODAY, TODAY + timedelta(days=3), 2, 10220 + 2916 + 800 + 330)  # 代引 ¥330


def test_an_order_taken_on_a_call_marks_the_call_in_the_same_transaction(shop):
    popup = CallDesk().handle_event(ctx(shop), CallEvent("test", number="0312345678")).value
    result = svc.place_order(ctx(shop, operator_id=None), draft(shop), call_id=popup.call_id)
    assert result.changes.calls == {popup.call_id}
    with shop.new_session() as s:
        assert calls.get_call(s, popup.call_id).outcome == calls.ORDER
        assert s.get(Order, result.value.order_id).call_id == popup.call_id


def test_a_refused_order_saves_nothing(shop):
    with shop.new_session() as s:
        before = (s.scalar(select(func.count()).select_from(Order)), stats(s))
    with pytest.raises(svc.OrderRefused) as refused:
        svc.place_order(ctx(shop), draft(shop, lines=(("F001", 1), ("NOPE", 1))))
    assert [e.field for e in refused.value.errors] == ["lines[1].sku"]
    assert refused.value.code == "order.sku_unknown"
    with pytest.raises(svc.OrderRefused) as refused:
        svc.place_order(ctx(shop), draft(shop, customer_id=3))  # no address on file
    assert [e.field for e in refused.value.errors] == ["ship_to.address", "ship_to.postal_code"]
    with pytest.raises(svc.OrderRefused) as refused:
        svc.place_order(ctx(shop), draft(shop, customer_id=999, ship_to=ShipTo("a", "1", "b", "c")))
    assert refused.value.code == "order.customer_not_found"
    with shop.new_session() as s:
        assert (s.scalar(select(func.count()).select_from(Order)), stats(s)) == before
        assert s.scalar(select(func.count()).select_from(OrderLine)) == 0


def test_cancel_moves_the_figures_back_and_the_letter_goes_with_the_order(shop):
    first = svc.place_order(ctx(shop), draft(shop)).value
    cancelled = svc.cancel_order(ctx(shop), first.order_id).value
    assert cancelled.customer.aggregates.orders_count == 0 and cancelled.customer.stage == "見込み"
    with shop.new_session() as s:
        assert stats(s) == (None, None, 0, 0)
        assert s.get(Order, first.order_id).status == "cancelled"
        assert s.get(Order, first.order_id).cancelled_at is not None
    with pytest.raises(svc.OrderRefused, match="取消済み"):
        svc.cancel_order(ctx(shop), first.order_id)
    with pytest.raises(svc.OrderRefused, match="見つかりません"):
        svc.cancel_order(ctx(shop), 999_999)
    # the real first order earns the thank-you letter again
    assert svc.place_order(ctx(shop), draft(shop)).value.thank_you is not None


def test_a_printed_thank_you_letter_is_history_and_blocks_a_second_one(shop):
    first = svc.place_order(ctx(shop), draft(shop)).value
    with shop.new_session() as s, s.begin():  # what printing records
        s.add(LetterPrint(letter_key="thanks:1:first", rule_key="thanks", customer_id=1,
                          channel="letter", due_date=first.thank_you.due_date,
                          printed_on=first.thank_you.due_date,
                          printed_at=s.get(Order, first.order_id).created_at, output="letters"))
    svc.cancel_order(ctx(shop), first.order_id)
    again = svc.place_order(ctx(shop), draft(shop)).value
    assert again.first_order and again.thank_you is None


def test_the_thank_you_due_date_is_the_one_the_letters_list_uses(shop):
    """The お礼状's due date in the saved order is the rule's (trigger + offset) on the
    shop's calendar, exactly the day the letter comes on 本日のフォロー; none when no
    letter will come (the rule disabled, or the customer wants no DM)."""
    from dataclasses import replace

    from desk_app.domain.calendar import BusinessCalendar
    from desk_app.domain.letters import DEFAULT_RULES
    from desk_app.services import letters

    letters.save_calendar(ctx(shop), BusinessCalendar.of(  # Fridays closed as well
        closed_weekdays=(4, 6), public_holidays=True))
    saved = svc.place_order(ctx(shop), draft(shop)).value
    assert saved.thank_you == svc.ThankYouLetter("thanks", date(2026, 12, 5))  # Sat
    listed = letters.follow_list(ctx(shop, date(2026, 12, 5))).value.due
    assert [(x.customer_id, x.rule, x.due_date) for x in listed] == [
        (1, "thanks", date(2026, 12, 5))]
    assert letters.follow_list(ctx(shop, date(2026, 12, 4))).value.due == ()

    rules = [replace(r, offset_days=5) if r.key == "thanks" else r for r in DEFAULT_RULES]
    letters.save_rules(ctx(shop), rules, "five days")
    later = svc.place_order(ctx(shop), draft(shop, customer_id=2)).value
    assert later.thank_you == svc.ThankYouLetter("thanks", date(2026, 12, 7))  # Sun → Mon

    letters.save_rules(ctx(shop), [replace(r, enabled=r.key != "thanks") for r in rules],
                       "no thanks")
    svc.cancel_order(ctx(shop), later.order_id)  # the next one is a first order again
    again = svc.place_order(ctx(shop), draft(shop, customer_id=2)).value
    assert again.first_order and again.thank_you is None


def test_no_thank_you_letter_for_a_customer_who_wants_no_dm(shop):
    with shop.new_session() as s, s.begin():
        cid = create_customer(s, NewCustomer(
            name="拒否 さん", phones=[("home", "03-9999-0000")], postal_code="1000001",
            prefecture="東京都", city="千代田区", address1="千代田1-1", dm_allowed=False)).id
    saved = svc.place_order(ctx(shop), draft(shop, customer_id=cid)).value
    assert saved.first_order and saved.thank_you is None


def test_edit_replaces_lines_and_recomputes(shop):
    saved = svc.place_order(ctx(shop), draft(shop)).value
    detail = svc.order_detail(ctx(shop), saved.order_id)
    svc.edit_order(ctx(shop), saved.order_id, detail.draft(lines=(DraftLine("F008", 1),),
                                                           payment="bank"))
    o = svc.order_detail(ctx(shop), saved.order_id)
    assert [p.sku for p in o.lines] == ["F008"]
    assert (o.shipping_fee, o.cod_fee, o.total) == (800, 0, 1620 + 800)
    with shop.new_session() as s:
        assert stats(s) == (TODAY, TODAY, 1, 2420)
    with pytest.raises(svc.OrderRefused) as refused:
        svc.edit_order(ctx(shop), saved.order_id, detail.draft(customer_id=2))
    assert refused.value.code == "order.customer_fixed"


def test_gift_ship_to_can_be_saved_for_next_time(shop):
    gift = ShipTo("佐藤 次郎", "060-0001", "北海道札幌市中央区北一条西2-1", "011-123-4567")
    svc.place_order(ctx(shop), draft(shop, ship_to=gift, ship_to_source="new"), save_ship_to=True)
    assert svc.form_context(ctx(shop), 1).saved[0][1] == gift
    with shop.new_session() as s:
        [(sid, ship)] = orders.saved_ship_tos(s, 1)
        assert ship == gift
        assert s.get(ShipAddress, sid).prefecture == "北海道"
        o = s.scalars(select(Order)).one()
        assert (o.ship_prefecture, o.ship_phone, o.shipping_fee) == ("北海道", "0111234567", 0)


def test_a_customer_without_a_stats_row_gets_one(shop):
    with shop.new_session() as s, s.begin():
        s.delete(s.get(CustomerStats, 2))
    assert svc.place_order(ctx(shop), draft(shop, customer_id=2)).value.first_order
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
        with shop.new_session() as s:
            active = [i for i in placed if s.get(Order, i).status == "active"]
        if action == "add" or not active:
            placed.append(svc.place_order(ctx(shop, day), draft(shop, cid, lines)).value.order_id)
        elif action == "edit":
            target = active[pick % len(active)]
            d = svc.order_detail(ctx(shop), target).draft(
                lines=tuple(DraftLine(sku, q) for sku, q in lines), delivery_date=None)
            svc.edit_order(ctx(shop, day), target, d)
        else:
            svc.cancel_order(ctx(shop, day), active[pick % len(active)])
        with shop.new_session() as s:
            fast = stats(s, cid)
            s.expire_all()
            slow = orders.recompute_stats(s, cid)
            assert fast == (slow.first_order_date, slow.last_order_date, slow.orders_count,
                            slow.total_amount)
            s.rollback()


def test_each_call_reads_a_fresh_snapshot(shop):
    """A desk keeps one context for its whole life: what another desk wrote in between is
    what its next call reads (no Session outlives a call)."""
    desk_a, desk_b = ctx(shop), ctx(shop)
    assert svc.form_context(desk_a, 1).card.summary.orders_count == 0
    svc.place_order(desk_b, draft(shop))
    assert svc.form_context(desk_a, 1).card.summary.orders_count == 1
    saved = svc.place_order(desk_a, draft(shop)).value
    assert saved.customer.aggregates.orders_count == 2
    svc.cancel_order(desk_b, saved.order_id)
    assert svc.form_context(desk_a, 1).card.summary.orders_count == 1
