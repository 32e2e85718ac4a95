"""Small writers for RFM tests: customers and orders with chosen dates, straight through
the ORM (the order form's rules are not what these tests are about)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from desk_app.domain.kana import fold_kana, fold_name
from desk_app.store.db import Store
from desk_app.store.models import Customer, CustomerStats, Note, Order
from desk_app.store.orders import recompute_stats


def add_customer(store: Store, code: str, *, name: str = "山田 花子", kana: str = "ヤマダ ハナコ",
                 created: date = date(2024, 1, 1), dm_allowed: bool = True) -> int:
    with store.new_session() as s, s.begin():
        c = Customer(code=code, name=name, name_key=fold_name(name), kana=kana,
                     kana_key=fold_kana(kana), dm_allowed=dm_allowed, prefecture="東京都",
                     city="千代田区", address1="千代田1-1", postal_code="1000001",
                     created_at=datetime(created.year, created.month, created.day, 3,
                                         tzinfo=timezone.utc))
        c.stats = CustomerStats(orders_count=0, total_amount=0)
        s.add(c)
        s.flush()
        return c.id


def add_order(store: Store, customer_id: int, day: date, total: int, *,
              status: str = "active") -> int:
    with store.new_session() as s, s.begin():
        o = Order(customer_id=customer_id, order_date=day, status=status, total=total,
                  payment="cod")
        s.add(o)
        s.flush()
        recompute_stats(s, customer_id)
        return o.id


def add_note(store: Store, customer_id: int, at: datetime, category: str = "other",
             nps: int | None = None) -> int:
    with store.new_session() as s, s.begin():
        n = Note(customer_id=customer_id, category=category, body="…", created_at=at, nps=nps)
        s.add(n)
        s.flush()
        return n.id
