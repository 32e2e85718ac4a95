"""The demo shop is deterministic and has the shape the product's demos rely on."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from desk_app.domain.phone import normalize
from desk_app.domain.postal import lookup as postal_lookup
from desk_app.store.db import Store
from desk_app.store.models import Customer, CustomerStats, Order, OrderLine, Phone, Product
from desk_app.store.seed import seed


def _digest(store):
    with store.new_session() as s:
        return (s.execute(select(Customer.name, Customer.postal_code).order_by(Customer.id)).all(),
                s.execute(select(Phone.national).order_by(Phone.id)).all(),
                s.execute(select(Order.total).order_by(Order.id)).all())


def test_same_seed_same_shop(tmp_path):
    a, b = (Store(f"sqlite:///{tmp_path / n}") for n in ("a.db", "b.db"))
    for st in (a, b):
        seed(st, 300, seed=5, today=date(2026, 11, 23))
    assert _digest(a) == _digest(b)


def test_shape(demo_store):
    with demo_store.new_session() as s:
        counts = Counter(s.scalars(select(CustomerStats.orders_count)))
        buyers = sum(v for k, v in counts.items() if k > 0)
        assert counts[1] / buyers > 0.45  # most buy once
        assert sum(v for k, v in counts.items() if k >= 5) / buyers > 0.05  # a loyal minority
        nationals = s.scalars(select(Phone.national)).all()
        prefixes = Counter(n[:3] for n in nationals)
        assert prefixes["090"] and prefixes["080"] and prefixes["070"] and prefixes["050"]
        displays = {normalize(n).display.split("-")[0] for n in nationals[:2000]}
        assert {len(d) for d in displays} >= {2, 3, 4, 5}  # area codes of many lengths
        shared = s.execute(select(Phone.national).group_by(Phone.national)
                           .having(func.count() > 1)).all()
        assert len(shared) > 10  # families sharing a home number
        rates = set(s.scalars(select(Product.tax_rate)))
        assert rates == {8, 10}


def test_addresses_are_real_postal_codes(demo_store):
    with demo_store.new_session() as s:
        rows = s.execute(select(Customer.postal_code, Customer.prefecture, Customer.city)
                         .limit(30)).all()
    for code, pref, city in rows:
        places = postal_lookup(code)
        assert any(p.prefecture == pref and p.city == city for p in places)


def test_aggregates_match_orders(demo_store):
    with demo_store.new_session() as s:
        stats = {r.customer_id: r for r in s.scalars(select(CustomerStats))}
        totals = s.execute(select(Order.customer_id, func.count(), func.sum(Order.total),
                                  func.min(Order.order_date), func.max(Order.order_date))
                           .group_by(Order.customer_id)).all()
        for cid, n, total, first, last in totals:
            st = stats[cid]
            assert (st.orders_count, st.total_amount, st.first_order_date, st.last_order_date) == (
                n, total, first, last)
        line_sum = s.execute(select(func.sum(OrderLine.amount))).scalar()
        assert line_sum > 0
