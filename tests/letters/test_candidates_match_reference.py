"""The store narrows today's list with indexed range queries per rule; it must never miss a
customer. On random histories the service's list equals the rules applied to every
customer, day after day (including birthdays, come-backs, replenishment and a rule on a
stage being entered)."""

import random
from datetime import date, timedelta

from letters_shop import add_catalogue, as_reference, context, reference
from sqlalchemy import insert, select

from desk_app.domain.letters import DEFAULT_RULES, Rule
from desk_app.services import letters as svc
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import CustomerStats, Order, OrderLine, Product

BASE = date(2025, 6, 1)
RULES = (*DEFAULT_RULES,
         Rule("lapsed", "離脱", "segment_entered", 0, "letter", "comeback", 7, segment="離脱"),
         Rule("loyal", "優良", "segment_entered", 2, "postcard", "thanks", 8, segment="優良"),
         Rule("each", "購入ごと", "any_order", 10, "call", "", 9))


def build(store, rng: random.Random) -> None:
    with store.new_session() as s, s.begin():
        add_catalogue(s)
        products = s.execute(select(Product.id, Product.sku, Product.name, Product.price,
                                    Product.consumption_days)).all()
        order_id = line_id = 0
        for i in range(80):
            c = create_customer(s, NewCustomer(
                name=f"客 {i}", kana=f"キャク {i}", phones=[("home", f"03-3000-{1000 + i}")],
                postal_code="1500001" if rng.random() > 0.15 else None, prefecture="東京都",
                city="渋谷区", address1="神宮前1-1" if rng.random() > 0.1 else None,
                birthday=date(1950 + i % 40, rng.randint(1, 12), 1 + i % 28),
                dm_allowed=rng.random() > 0.1))
            day = BASE + timedelta(days=rng.randint(0, 500))
            dates = []
            for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
                dates.append(day)
                day += timedelta(days=rng.randint(5, 260))
            total_all = 0
            active = []
            for d in dates:
                order_id += 1
                picks = rng.sample(products, rng.choice([1, 1, 2]))
                total = 0
                lines = []
                for pid, sku, name, price, days in picks:
                    qty = rng.choice([1, 1, 2, 3])
                    line_id += 1
                    total += price * qty
                    lines.append(dict(id=line_id, order_id=order_id, line_no=len(lines) + 1,
                                      product_id=pid, sku=sku, name=name, unit_price=price,
                                      quantity=qty, tax_rate=8, amount=price * qty,
                                      runs_out_on=(d + timedelta(days=days * qty)
                                                   if days else None)))
                status = "cancelled" if rng.random() < 0.08 else "active"
                s.execute(insert(Order), [dict(id=order_id, customer_id=c.id, order_date=d,
                                               status=status, payment="card", total=total)])
                s.execute(insert(OrderLine), lines)
                if status == "active":
                    total_all += total
                    active.append(d)
            if active:  # the aggregates the store keeps from the active orders
                stats = s.get(CustomerStats, c.id)
                stats.first_order_date, stats.last_order_date = min(active), max(active)
                stats.orders_count, stats.total_amount = len(active), total_all


def test_the_list_equals_the_rules_applied_to_every_customer(store):
    rng = random.Random(7)
    build(store, rng)
    ctx = context(store, BASE)
    svc.save_rules(ctx, RULES, "reference test")
    first_stats = None
    for offset in range(0, 760, 9):
        day = BASE + timedelta(days=offset)
        got = svc.follow_list(context(store, day), day).value
        due, missing = reference(store, day, RULES)
        assert as_reference(got.due) == due, day
        assert as_reference(got.address_missing) == missing, day
        first_stats = first_stats or (due and day)
        if got.due and offset % 45 == 0:  # print some: they must never come back
            svc.mark_printed(context(store, day), got.due[:3], "letters", day)
    assert first_stats, "the random shop never had anything due"
