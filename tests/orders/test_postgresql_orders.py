"""Several desks share one PostgreSQL store: the order transaction must behave as on SQLite
(UPDATE … RETURNING for the aggregates, row locks for edit and cancel)."""

from datetime import date

from orders_shop import add_catalogue
from sqlalchemy import func, select

from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as svc
from desk_app.services.base import ServiceContext
from desk_app.services.shipping import export_yamato
from desk_app.store import orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.db import Store
from desk_app.store.models import CustomerStats, LetterPrint

TODAY = date(2026, 12, 1)


def test_place_edit_cancel_and_export_on_postgresql(pg_url):
    store = Store(pg_url)
    try:
        with store.new_session() as s, s.begin():
            add_catalogue(s)
            cid = create_customer(s, NewCustomer(
                name="山田 花子", phones=[("home", "03-1234-5678")], postal_code="1500001",
                prefecture="東京都", city="渋谷区", address1="神宮前1-2-3")).id
        with store.new_session() as s:
            draft = OrderDraft(cid, "cod", orders.orderer_ship_to(s, cid),
                               (DraftLine("F001", 2), DraftLine("G001", 1)))
        first = svc.place_order(ServiceContext(store, today=lambda: TODAY), draft).value
        second = svc.place_order(ServiceContext(store, today=lambda: date(2026, 12, 5)),
                                 draft).value
        assert first.first_order and first.thank_you and not second.first_order
        ctx = ServiceContext(store, today=lambda: TODAY)
        d = svc.order_detail(ctx, second.order_id)
        svc.edit_order(ctx, second.order_id, d.draft(lines=(DraftLine("F008", 1),)))
        cancelled = svc.cancel_order(ctx, first.order_id).value
        assert cancelled.customer.aggregates.orders_count == 1
        with store.new_session() as s:
            st = s.get(CustomerStats, cid)
            assert (st.first_order_date, st.last_order_date, st.orders_count, st.total_amount) == (
                date(2026, 12, 5), date(2026, 12, 5), 1, 1620 + 800 + 330)
            assert s.scalar(select(func.count()).select_from(LetterPrint)) == 0
            # ordered Saturday 12/5: no parcel leaves on Sunday (the shop calendar)
            assert export_yamato(ctx, date(2026, 12, 6)).orders == ()
            assert export_yamato(ctx, date(2026, 12, 7)).orders == (second.order_id,)
    finally:
        store.dispose()
