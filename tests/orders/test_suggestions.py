"""おすすめ: co-purchases from the shop's own history, due regular items, larger sizes."""

from datetime import date, timedelta

from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as svc
from desk_app.services.base import ServiceContext
from desk_app.store import orders, products
from desk_app.store.suggestions import CoPurchase, CoPurchaseCache, due_items, suggest

DAY = date(2026, 10, 1)


def place(store, cid, lines, day):
    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, cid)
    draft = OrderDraft(cid, "card", ship, tuple(DraftLine(sku, q) for sku, q in lines))
    return svc.place_order(ServiceContext(store, today=lambda: day), draft).value.order_id


def test_co_purchase_counts_orders_that_share_items(shop):
    for i in range(4):
        place(shop, 1 + i % 2, [("F001", 1), ("F018", 1)], DAY)
    place(shop, 1, [("F001", 1), ("G004", 1)], DAY)
    place(shop, 1, [("F001", 1), ("G004", 1)], DAY)
    cancelled = place(shop, 2, [("F001", 1), ("G004", 1)], DAY)
    svc.cancel_order(ServiceContext(shop), cancelled)
    with shop.new_session() as s:
        cp = CoPurchase.build(s)
        cat = products.load_catalogue(s)
    assert cp.orders == 6
    assert cp.partners("F001") == [("F018", 4 / 6)]  # G004 is in 2 active orders: below 3
    assert cp.partners("F018") == [("F001", 1.0)]
    got = suggest(cat, ["F018"], cp)
    assert [(x.sku, x.kind) for x in got] == [("F001", "together")]


def test_due_items_and_the_order_of_suggestions(shop):
    place(shop, 1, [("F001", 2), ("G006", 1)], DAY)  # 青汁 30 days × 2, towel: no cycle
    place(shop, 1, [("F017", 1)], DAY + timedelta(days=30))  # しょうが湯 20 days
    today = DAY + timedelta(days=52)  # 11/22
    with shop.new_session() as s:
        cat = products.load_catalogue(s)
        due = due_items(s, 1, cat, today)
    # 青汁 runs out 10/1 + 60 = 11/30 (within 14 days), しょうが湯 10/31 + 20 = 11/20 (passed)
    assert due == [("F017", date(2026, 11, 20)), ("F001", date(2026, 11, 30))]
    assert due_items(s, 1, cat, today - timedelta(days=20)) == []
    got = suggest(cat, ["F001", "G001"], None, due, today=today)
    assert [(x.sku, x.kind) for x in got] == [("F017", "due"), ("F002", "upgrade"),
                                             ("G002", "upgrade")]
    assert got[0].reason == "前回分がなくなった頃（11/20頃）"
    assert "F001" not in [x.sku for x in got]  # already in the order


def test_cache_refresh_swaps_in_a_new_index(shop):
    cache = CoPurchaseCache(max_age_seconds=60)
    assert cache.stale() and cache.get() is None
    assert cache.refresh(shop.new_session)
    assert not cache.stale() and cache.get().orders == 0
