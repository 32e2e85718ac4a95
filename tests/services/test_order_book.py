"""受注一覧, 入金確認 (and the shipping export it holds back), 同梱, gift fields, 代引不可."""

from datetime import date, timedelta

import pytest

from desk_app.commands.order_json import order_json
from desk_app.domain.orders import DraftLine, Noshi, OrderDraft
from desk_app.exports.yamato_b2 import DEMO_SHIPPER
from desk_app.services import customers as customer_svc
from desk_app.services import order_book as svc
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext, ServiceError
from desk_app.services.shipping import export_yamato
from desk_app.store import orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import Operator
from desk_app.store.products import ProductInput, import_products
from desk_app.store.seed_data import PRODUCTS
from desk_app.store.shipping import due_orders

TODAY = date(2026, 12, 1)  # Tuesday


@pytest.fixture
def ctx(store):
    with store.new_session() as s, s.begin():
        import_products(s, [ProductInput(sku=k, name=n, kana=a, price=p, tax_rate=t,
                                         consumption_days=d, upgrade_sku=u)
                            for k, n, a, p, t, d, u in PRODUCTS])
        s.add(Operator(name="田中", active=True))
        for name, kana, phone in (("山田 花子", "ヤマダ ハナコ", "03-1234-5678"),
                                  ("佐藤 一郎", "サトウ イチロウ", "06-1234-5678")):
            create_customer(s, NewCustomer(name=name, kana=kana, phones=[("home", phone)],
                                           postal_code="1500001", prefecture="東京都",
                                           city="渋谷区", address1="神宮前1-2-3"))
    return ServiceContext(store, operator_id=1, today=lambda: TODAY)


def place(ctx, customer_id, payment, lines, today=TODAY, **kw):
    with ctx.reading() as s:
        ship = orders.orderer_ship_to(s, customer_id)
    draft = OrderDraft(customer_id=customer_id, payment=payment, ship_to=ship,
                       lines=tuple(DraftLine(sku, q) for sku, q in lines), **kw)
    day = ServiceContext(ctx.store, operator_id=ctx.operator_id, today=lambda: today)
    return order_service.place_order(day, draft).value.order_id


def test_day_list_filters_by_status_and_payment(ctx):
    a = place(ctx, 1, "cod", [("F001", 1)])
    b = place(ctx, 2, "bank", [("F003", 2)])
    c = place(ctx, 1, "konbini", [("F001", 1)])
    place(ctx, 1, "card", [("F001", 1)], today=TODAY - timedelta(days=1))
    order_service.cancel_order(ctx, a)
    rows = svc.day_orders(ctx, TODAY)
    assert [r.number for r in rows] == [a, b, c]
    assert [r.number for r in svc.day_orders(ctx, TODAY, "cancelled")] == [a]
    assert [r.number for r in svc.day_orders(ctx, TODAY, "awaiting_payment")] == [b, c]
    assert [r.number for r in svc.day_orders(ctx, TODAY, payment="bank")] == [b]
    row = rows[1].to_json_dict()
    assert row["customer_code"] == "0000002" and row["payment_label"] == "銀行振込"
    assert row["payment_state"] == "awaiting" and row["balance"] == row["total"]
    with pytest.raises(ServiceError):
        svc.day_orders(ctx, TODAY, "shipped")


def test_payment_records_who_when_how_much_and_refuses_nonsense(ctx):
    b = place(ctx, 2, "bank", [("F003", 2)])
    total = svc.order_row(ctx, b).total
    with pytest.raises(ServiceError) as info:
        svc.record_payment(ctx, b, 0)
    assert info.value.code == "payment.amount"
    part = svc.record_payment(ctx, b, total - 100).value
    assert part.payment_state == "awaiting" and part.balance == 100
    done = svc.record_payment(ctx, b, 100).value
    assert done.payment_state == "paid" and done.paid_on == TODAY and done.paid_amount == total
    assert svc.awaiting_payment(ctx) == []
    with pytest.raises(ServiceError) as info:
        svc.record_payment(ctx, b, 100)
    assert info.value.code == "payment.already_paid"
    cod = place(ctx, 1, "cod", [("F001", 1)])
    with pytest.raises(ServiceError) as info:
        svc.record_payment(ctx, cod, 1000)
    assert info.value.code == "payment.not_recorded" and "代金引換" in str(info.value)
    with pytest.raises(ServiceError) as info:
        svc.record_payment(ctx, 999, 1000)
    assert info.value.code == "order.not_found"
    with pytest.raises(ServiceError):
        svc.record_payment(ctx, b, 100, TODAY + timedelta(days=1))


def test_unpaid_prepaid_orders_are_not_exported_and_ship_after_payment(ctx):
    cod = place(ctx, 1, "cod", [("F001", 1)], today=TODAY - timedelta(days=1))
    bank = place(ctx, 2, "bank", [("F003", 1)], today=TODAY - timedelta(days=1))
    result = export_yamato(ctx, TODAY, DEMO_SHIPPER)
    assert result.orders == (cod,) and result.held == (bank,)
    svc.record_payment(ctx, bank, svc.order_row(ctx, bank).total)  # paid today
    with ctx.reading() as s:
        assert [o.id for o in due_orders(s, TODAY)] == [cod]
        assert [o.id for o in due_orders(s, TODAY + timedelta(days=1))] == [bank]


def test_bundle_offer_and_adding_to_the_open_order(ctx):
    first = place(ctx, 1, "cod", [("F001", 1)])
    offer = svc.bundle_offer(ctx, 1)
    assert offer is not None and offer.number == first
    before = svc.order_row(ctx, first).total
    row = svc.add_to_order(ctx, first, [DraftLine("F001", 2), DraftLine("F003", 1)]).value
    with ctx.reading() as s:
        detail = orders.order_detail(s, first)
    assert [(p.sku, p.quantity) for p in detail.lines] == [("F001", 3), ("F003", 1)]
    assert row.total > before and detail.shipping_fee <= 800  # still one parcel
    assert svc.bundle_offer(ctx, 2) is None
    old = place(ctx, 2, "cod", [("F001", 1)], today=TODAY - timedelta(days=3))  # shipped
    assert svc.bundle_offer(ctx, 2) is None
    with pytest.raises(ServiceError) as info:
        svc.add_to_order(ctx, old, [DraftLine("F001", 1)])
    assert info.value.code == "order.not_open"


def test_no_cod_caution_is_enforced_when_placing(ctx):
    customer_svc.edit_customer(ctx, 1, {"caution_note": "受取拒否", "caution_flags": ["no_cod"]})
    with pytest.raises(order_service.OrderRefused) as info:
        place(ctx, 1, "cod", [("F001", 1)])
    assert [e.field for e in info.value.errors] == ["payment"]
    assert "代引不可" in info.value.errors[0].message
    assert place(ctx, 1, "bank", [("F001", 1)])


def test_gift_sender_and_noshi_kind_are_saved_and_exported(ctx):
    from desk_app.domain.orders import ShipTo

    draft = OrderDraft(customer_id=1, payment="card", lines=(DraftLine("F001", 1),),
                       ship_to=ShipTo("鈴木 三郎", "5300001", "大阪府大阪市北区梅田1-1-1",
                                      "06-9999-0000"),
                       ship_to_source="new", noshi=Noshi("快気祝", "山田", "uchi"),
                       sender_name="山田 太郎・花子")
    yesterday = ServiceContext(ctx.store, today=lambda: TODAY - timedelta(days=1))
    number = order_service.place_order(yesterday, draft).value.order_id
    detail = order_service.order_detail(ctx, number)
    data = order_json(detail)
    assert data["noshi"] == {"omote": "快気祝", "name": "山田", "kind": "uchi"}
    assert data["sender_name"] == "山田 太郎・花子"
    assert detail.draft().sender_name == "山田 太郎・花子"
    csv = export_yamato(ctx, TODAY, DEMO_SHIPPER).data.decode("cp932")
    assert "山田 太郎・花子" in csv
