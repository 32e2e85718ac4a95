"""An order's details beyond its items — payment, delivery date and slot, のし, ご依頼主 — in
the card's order history (the expanded order) and in 受注一覧 (the selected order's pane);
送料 only once an order has a line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from ui_helpers import TODAY, customer_with_address, open_card, settle

from desk_app.domain.orders import DraftLine, Noshi, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.models import Customer, CustomerStats

DELIVERY = date(2026, 11, 30)  # a Monday, a week after the desk's day


def gift_order(store, offset: int = 21) -> tuple[int, int]:
    with store.new_session() as s:
        cid = s.scalar(select(Customer.id)
                       .join(CustomerStats, CustomerStats.customer_id == Customer.id)
                       .where(Customer.address1.is_not(None), Customer.prefecture.is_not(None),
                              CustomerStats.orders_count > 0)
                       .order_by(Customer.id.desc()).offset(offset).limit(1))
        ship = orders.orderer_ship_to(s, cid)
    draft = OrderDraft(cid, "cod", ship, (DraftLine("F001", 2),), delivery_date=DELIVERY,
                       slot="1416", noshi=Noshi("御歳暮", "山田", "uchi"),
                       sender_name="山田商事 総務部")
    ctx = ServiceContext(store, operator_id=1, today=lambda: TODAY)
    return cid, order_service.place_order(ctx, draft).value.order_id


def cancel(store, number):
    order_service.cancel_order(ServiceContext(store, today=lambda: TODAY), number)


def test_the_expanded_order_in_the_card_history_says_payment_delivery_and_noshi(qtbot, desk,
                                                                               store):
    services, window = desk
    cid, number = gift_order(store)
    try:
        open_card(qtbot, window, cid)
        settle(qtbot, services)
        tree = window.card.history.tree
        top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(1) == str(number))
        # the facts span the row from the first column; the items stay in 商品名
        texts = [top.child(i).text(0) or top.child(i).text(2) for i in range(top.childCount())]
        assert texts[:4] == ["お支払い方法: 代金引換", "お届け: 2026/11/30（月） 14〜16時",
                             "のし: 御歳暮（内のし・山田）", "ご依頼主: 山田商事 総務部"]
        order = next(o for o in window.card.card.orders if o.number == number)
        assert texts[4:] == [i.name for i in order.items]

    finally:
        cancel(store, number)
        settle(qtbot, services)


def test_an_order_without_delivery_wishes_or_noshi_says_so(qtbot, desk, store):
    services, window = desk
    cid = customer_with_address(store, 22)
    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, cid)
    ctx = ServiceContext(store, today=lambda: TODAY)
    number = order_service.place_order(
        ctx, OrderDraft(cid, "card", ship, (DraftLine("G001", 1),))).value.order_id
    try:
        open_card(qtbot, window, cid)
        settle(qtbot, services)
        tree = window.card.history.tree
        top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(1) == str(number))
        assert [top.child(i).text(0) for i in range(3)] == [  # facts span the row
            "お支払い方法: クレジットカード", "お届け: 指定なし", "のし: なし"]
        assert top.child(3).text(2) != "" and top.childCount() == 4  # then the one item
    finally:
        cancel(store, number)
        settle(qtbot, services)


def test_the_order_list_shows_the_selected_orders_details(qtbot, desk, store):
    services, window = desk
    cid, number = gift_order(store, offset=23)
    try:
        listing = window.open_order_list()
        settle(qtbot, services)
        with qtbot.waitSignal(listing.detail_loaded, timeout=5000,
                              check_params_cb=lambda d: d is not None and d.number == number):
            assert listing.select_number(number)
        values = listing.detail.values
        assert values["payment"].text() == "代金引換"
        assert values["delivery"].text() == "2026/11/30（月） 14〜16時"
        assert values["noshi"].text() == "御歳暮（内のし・山田）"
        assert values["sender"].text() == "山田商事 総務部"
        assert values["shipping"].isVisibleTo(listing) and values["shipping"].text().startswith("¥")
        assert values["cod"].text().startswith("¥")  # 代引手数料
        items = listing.detail.items
        assert items.topLevelItemCount() == 1 and items.topLevelItem(0).text(1) == "2"
        # an order with no line yet has no 送料 (nor 代引手数料)
        detail = order_service.order_detail(ServiceContext(store), number)
        listing.detail.show_detail(replace(detail, lines=()))
        assert not values["shipping"].isVisibleTo(listing)
        assert not values["cod"].isVisibleTo(listing)
        assert values["payment"].isVisibleTo(listing)
        listing.close()
    finally:
        cancel(store, number)
        settle(qtbot, services)
