"""Call desk figures: CallEvent → pop-up painted with all its data, and search as you type.

    .venv/bin/python bench/bench_popup.py --customers 1000000 [--orders 5000000] [--db PATH]

The store (1,000,000 customers; the seeder gives ≈2.2 orders each, so the bench adds older
history by copying orders 3 and 6 years back until ≈5,000,000 orders, and recomputes the
per-customer aggregates) is built once and cached under /tmp/desk-bench. The desk is the real
one (``build_desk``: bridge, worker, services, main window) on Qt's offscreen platform with a
full-HD screen. Each pop-up sample posts a CallEvent from another thread, as a caller-ID
source does, and stops the clock in the pop-up's paintEvent after the lookup data arrived.
Each search sample types a whole query into the search box and stops when the result list
for that text is filled. Goals (step 04): pop-up p99 < 50 ms, search p99 < 30 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, percentile, write_section

if "QT_QPA_PLATFORM" not in os.environ:
    _screen = Path(tempfile.gettempdir()) / "desk-offscreen-1080p.json"
    _screen.write_text('{"screens":[{"name":"desk","x":0,"y":0,"width":1920,"height":1080,'
                       '"logicalDpi":96}]}')
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from sqlalchemy import func, select, text

from desk_app.store.db import Store
from desk_app.store.models import Customer, Order, Phone


def ensure_store(path: Path, customers: int, orders: int) -> Store:
    from desk_app.store.seed import seed

    store = Store(f"sqlite:///{path}")
    with store.new_session() as s:
        have = s.scalar(select(func.count()).select_from(Customer))
    if have < customers:
        print(f"seeding {customers:,} customers into {path} (minutes, once)…", file=sys.stderr)
        seed(store, customers - have, seed=1, progress=lambda m: print(m, file=sys.stderr))
    pad_orders(store, orders)
    return store


def pad_orders(store: Store, target: int) -> None:
    """Older history for the same customers until *target* orders (SQL copies, minutes)."""
    with store.engine.begin() as conn:
        count = conn.scalar(text("select count(*) from orders"))
        if count >= target * 0.95:
            return
        base = conn.scalar(text("select max(id) from orders"))
        line_base = conn.scalar(text("select max(id) from order_lines"))
        cols = [c.name for c in Order.__table__.columns if c.name not in ("id", "order_date")]
        for round_no, years in enumerate((3, 6, 9), start=1):
            missing = target - count
            if missing <= 0:
                break
            share = min(100, max(1, round(100 * missing / base)))
            print(f"adding ≈{missing:,} orders {years} years back…", file=sys.stderr)
            off, loff = base * round_no, line_base * round_no
            conn.execute(text(
                f"insert into orders (id, order_date, {', '.join(cols)}) "
                f"select id + {off}, date(order_date, '-{years * 365} days'), {', '.join(cols)} "
                f"from orders where id <= {base} and (id * 7919) % 100 < {share}"))
            conn.execute(text(
                f"insert into order_lines (id, order_id, line_no, product_id, sku, name, "
                f"unit_price, quantity, tax_rate, amount) select id + {loff}, order_id + {off}, "
                f"line_no, product_id, sku, name, unit_price, quantity, tax_rate, amount "
                f"from order_lines where order_id <= {base} and (order_id * 7919) % 100 < {share}"))
            count = conn.scalar(text("select count(*) from orders"))
        print("recomputing customer aggregates…", file=sys.stderr)
        conn.execute(text(
            "create temp table agg as select customer_id, min(order_date) f, max(order_date) l, "
            "count(*) n, sum(total) t from orders where status = 'active' group by customer_id"))
        conn.execute(text(
            "update customer_stats set first_order_date = agg.f, last_order_date = agg.l, "
            "orders_count = agg.n, total_amount = agg.t from agg "
            "where agg.customer_id = customer_stats.customer_id"))
        conn.execute(text("drop table agg"))
    with store.engine.begin() as conn:
        conn.execute(text("analyze"))


def sample_events(store: Store, n: int, rng: random.Random):
    """A realistic mix: mostly known callers, some families, unknown and withheld."""
    from desk_app.domain.call_event import CallEvent, Withheld
    from desk_app.store.demo_numbers import sample_numbers

    numbers = sample_numbers(store, rng, want=max(20, n // 4))
    with store.new_session() as s:
        top = s.scalar(select(func.max(Phone.id)))
        singles = [s.scalar(select(Phone.national).where(Phone.id == rng.randint(1, top)))
                   for _ in range(n)]
    events = []
    for i in range(n):
        r = rng.random()
        line = str(1 + i % 2)
        if r < 0.6:
            events.append(("known", CallEvent("bench", number=singles[i], line=line)))
        elif r < 0.75:
            events.append(("family", CallEvent("bench", number=rng.choice(numbers.family),
                                               line=line)))
        elif r < 0.9:
            events.append(("unknown", CallEvent("bench", number=rng.choice(numbers.unknown),
                                                line=line)))
        else:
            events.append(("withheld", CallEvent("bench", withheld=rng.choice(list(Withheld)[:3]),
                                                 line=line)))
    return events


def search_queries(store: Store, n: int, rng: random.Random) -> list[tuple[str, str]]:
    import jaconv

    with store.new_session() as s:
        top = s.scalar(select(func.max(Customer.id)))
        people = [s.get(Customer, rng.randint(1, top)) for _ in range(n)]
        phones = [s.scalar(select(Phone.national).where(Phone.customer_id == c.id).limit(1))
                  for c in people]
    out = []
    for i, c in enumerate(people):
        kind = ("kana", "name", "digits")[i % 3]
        if kind == "kana":
            prefix = c.kana.replace("\u3000", "")[:rng.randint(1, 4)]
            out.append((kind, jaconv.kata2hira(prefix) if rng.random() < 0.5 else prefix))
        elif kind == "name":
            family = c.name.split(" ")[0]
            out.append((kind, family[:rng.randint(1, len(family))]))
        else:
            out.append((kind, phones[i][-4:]))
    return out


def run(store: Store, n_popups: int, n_search: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    os.environ.setdefault("DESK_DATA_DIR", tempfile.mkdtemp(prefix="desk-bench-data-"))
    app = QApplication.instance() or QApplication([])
    setup_app(app, "ja")
    services, window = build_desk(store, operator_id=1, operator_name="bench")
    window.resize(1400, 860)
    window.show()
    rng = random.Random(7)

    def pump_until(cond, timeout=10.0):
        end = time.monotonic() + timeout
        while not cond():
            app.processEvents()
            if time.monotonic() > end:
                raise TimeoutError
    popups: dict[str, list[float]] = {}
    events = sample_events(store, n_popups + 20, rng)
    for i, (kind, event) in enumerate(events):
        t0 = time.perf_counter()
        threading.Thread(target=services.bridge.post_event, args=(event,)).start()
        pump_until(lambda: window.popups.popups and window.popups.popups[-1].painted_at)
        popup = window.popups.popups[-1]
        if i >= 20:  # warm-up samples are not counted
            popups.setdefault(kind, []).append((popup.painted_at - t0) * 1000)
        popup.dismiss(ask=False)
        pump_until(lambda: services.worker.pending == 0 and not window.popups.popups)
    searches: dict[str, list[float]] = {}
    shown: dict[str, float] = {}
    window.search.results_shown.connect(lambda q, t: shown.__setitem__(q, t))
    for i, (kind, query) in enumerate(search_queries(store, n_search + 20, rng)):
        window.search.box.clear()
        pump_until(lambda: services.worker.pending == 0)
        shown.clear()
        t0 = time.perf_counter()
        window.search.box.setText(query)
        wanted = query.strip()
        pump_until(partial(shown.__contains__, wanted))
        app.processEvents()  # the table repaints with the rows
        if i >= 20:
            searches.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    services.worker.stop()
    return {"popup": popups, "search": searches}


def table(title: str, groups: dict[str, list[float]], goal: float) -> list[str]:
    rows = []
    everything = [x for v in groups.values() for x in v]
    for name, xs in [*sorted(groups.items()), ("all", everything)]:
        ok = "✔" if name != "all" or percentile(xs, 99) < goal else "✘"
        rows.append(f"| {title} | {name} | {len(xs)} | {percentile(xs, 50):.1f} | "
                    f"{percentile(xs, 99):.1f} | {max(xs):.1f} | "
                    f"{f'p99 < {goal:.0f} ms {ok}' if name == 'all' else ''} |")
    return rows


NOTE = ("\n\nFound on the way: a one-kanji name prefix (佐, 高) took 0.2–3.4 s at 1M customers, "
        "because name search was one OR'ed query ordered by reading, which sorted every match "
        "(EXPLAIN: MULTI-INDEX OR + TEMP B-TREE FOR ORDER BY). `customers.search_ids` now runs "
        "each branch as its own index-ordered range scan with LIMIT (< 1 ms) and sorts the "
        "≤ 50 hits by reading. Tails are sensitive to other work on the 2 CPUs: a run while "
        "another test suite was running measured p99 44.5 ms (pop-up) and 28.8 ms (search).")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--orders", type=int, default=None, help="default: 5 per customer")
    ap.add_argument("--db", help="SQLite file (default /tmp/desk-bench/popup-N.db)")
    ap.add_argument("--popups", type=int, default=400)
    ap.add_argument("--searches", type=int, default=600)
    args = ap.parse_args()
    orders = args.orders or args.customers * 5
    path = Path(args.db or f"/tmp/desk-bench/popup-{args.customers}.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    store = ensure_store(path, args.customers, orders)
    with store.new_session() as s:
        n_c = s.scalar(select(func.count()).select_from(Customer))
        n_o = s.scalar(select(func.count()).select_from(Order))
    result = run(store, args.popups, args.searches)
    lines = ["| what | kind | samples | p50 ms | p99 ms | max ms | goal |",
             "|---|---|---|---|---|---|---|",
             *table("CallEvent → pop-up painted", result["popup"], 50),
             *table("search as you type", result["search"], 30)]
    text_ = "\n".join(lines)
    print(f"{n_c:,} customers / {n_o:,} orders")
    print(text_)
    write_section("popup", (
        f"## Call desk: pop-up and search\n\n{machine()}. `bench/bench_popup.py`, SQLite, "
        f"{n_c:,} customers / {n_o:,} orders, Qt offscreen.\n"
        "Pop-up: from a CallEvent posted on a non-GUI thread (as a caller-ID source does) "
        "through the bridge, the worker's lookup and call logging, to the pop-up's paint with "
        "the data. Search: from setting the search box text to the result list filled (one "
        "whole query each: kana prefixes of 1–4 characters in hiragana or katakana, "
        "family-name prefixes, last four digits)." + NOTE + "\n\n" + text_))


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip PySide's teardown at interpreter exit (nothing left to save)
