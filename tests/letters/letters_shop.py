"""A small shop for letter tests: catalogue, customers, orders placed on chosen days."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import Call
from desk_app.store.products import ProductInput, import_products
from desk_app.store.seed_data import PRODUCTS

HANAKO = NewCustomer(name="山田 花子", kana="ヤマダ ハナコ", phones=[("home", "03-1234-5678")],
                     postal_code="1500001", prefecture="東京都", city="渋谷区",
                     address1="神宮前1-2-3")
ICHIRO = NewCustomer(name="佐藤 一郎", kana="サトウ イチロウ", phones=[("home", "06-1234-5678")],
                     postal_code="5300001", prefecture="大阪府", city="大阪市北区",
                     address1="梅田1-1-1", address2="梅田ハイツ 203")
NO_ADDRESS = NewCustomer(name="住所 なし", kana="ジュウショ ナシ",
                         phones=[("mobile", "090-8765-4321")])
NO_DM = NewCustomer(name="拒否 さん", kana="キョヒ サン", phones=[("home", "03-9999-0000")],
                    postal_code="1000001", prefecture="東京都", city="千代田区",
                    address1="千代田1-1", dm_allowed=False)


def add_catalogue(session) -> None:
    import_products(session, [ProductInput(sku=s, name=n, kana=k, price=p, tax_rate=t,
                                           consumption_days=d, upgrade_sku=u)
                              for s, n, k, p, t, d, u in PRODUCTS])


def add_customers(store, *people: NewCustomer) -> list[int]:
    with store.new_session() as s, s.begin():
        return [create_customer(s, p).id for p in people]


def place(store, customer_id: int, day: date, lines=(("F003", 1),)) -> int:
    """An order placed on *day* (a ship-to the customer's own address, or a stand-in one
    for a customer without an address)."""
    from desk_app.domain.orders import ShipTo

    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, customer_id)
    if ship is None or not ship.address:
        ship = ShipTo("受取 人", "1000001", "東京都千代田区千代田1-1", "03-1111-2222")
    draft = OrderDraft(customer_id=customer_id, payment="cod", ship_to=ship,
                       lines=tuple(DraftLine(sku, q) for sku, q in lines),
                       ship_to_source="new")
    ctx = ServiceContext(store, today=lambda: day)
    return order_service.place_order(ctx, draft).value.order_id


def add_call(store, customer_id: int, at: datetime) -> None:
    with store.new_session() as s, s.begin():
        s.add(Call(received_at=at.astimezone(timezone.utc), source="test", number="0312345678",
                   customer_id=customer_id, outcome="note"))


def context(store, day: date) -> ServiceContext:
    return ServiceContext(store, today=lambda: day)


def reference(store, day: date, rules):
    """The straightforward list: every customer's full history through the domain's rules.
    (due, address_missing) as sets of (customer id, letter key, reason, phone)."""
    from sqlalchemy import select

    from desk_app.domain.letters import due_for_customer
    from desk_app.services import letters as svc
    from desk_app.store import letter_records as rec
    from desk_app.store import letters as q
    from desk_app.store import shop_calendar
    from desk_app.store.models import Customer

    stage_at, _ = svc.default_stage()
    with store.new_session() as s:
        ids = s.scalars(select(Customer.id)).all()
        facts = q.load_facts(s, ids, day)
        printed, today = rec.printed(s, ids, day)
        calendar = shop_calendar.load_calendar(s)
    due, missing = set(), set()
    for cid, (row, f) in facts.items():
        out = due_for_customer(f, rules, day, printed, cid in today, stage_at, calendar)
        if out.due:
            due.add((cid, out.due.key, out.due.reason(), row.phone))
        if out.address_missing:
            missing.add((cid, out.address_missing.key, out.address_missing.reason(), row.phone))
    return due, missing


def as_reference(lines) -> set:
    return {(x.customer_id, x.letter_key, x.reason, x.phone or None) for x in lines}
