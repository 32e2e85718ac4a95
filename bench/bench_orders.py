"""Order save figures on a big store: place_order incl. the RFM aggregate update, committed.

    .venv/bin/python bench/bench_orders.py [--db /tmp/bench1m.db] [--saves 2000]

Goal (step 05): saving an order, aggregates included, p99 under 20 ms at 1,000,000
customers. Each timed save is what the form's save job does: a new Session, one
transaction with validation against the catalogue, the order and its lines, the atomic
aggregate update (and the thank-you letter when it is a first order), and the commit. Edits
and cancellations (which recompute the customer's aggregates) are timed too.

The store file is shared with other benches, so every order written here is deleted again
at the end and the touched customers' aggregates are recomputed: the store is left as it
was found. The store is seeded once if missing (about 5 minutes).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, percentile, write_section
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from desk_app.domain.clock import today_local
from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import orders, products
from desk_app.store.db import Store
from desk_app.store.models import Customer, Letter, Order, OrderLine

DEFAULT_DB = "/tmp/bench1m.db"


def ensure_store(path: str, customers: int) -> Store:
    if not Path(path).exists():
        print(f"seeding {customers:,} customers into {path} (once)…", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "desk_app", "seed", "--customers", str(customers),
                        "--db", f"sqlite:///{path}"], check=True)
    return Store(f"sqlite:///{path}")


def drafts(store: Store, n: int, rng: random.Random) -> list[OrderDraft]:
    """Random customers with an address, 1–3 catalogue items each (built before timing,
    as the form has them in memory when the clerk presses save)."""
    with store.new_session() as s:
        top = s.scalar(select(func.max(Customer.id)))
        skus = [p.sku for p in products.load_catalogue(s).products()]
        out = []
        while len(out) < n:
            cid = rng.randint(1, top)
            ship = orders.orderer_ship_to(s, cid)
            if ship is None or not ship.address or not ship.phone:
                continue
            lines = tuple(DraftLine(sku, rng.choice([1, 1, 2, 3]))
                          for sku in rng.sample(skus, rng.choice([1, 1, 2, 3])))
            payment = rng.choice(["cod", "postpaid", "card", "bank"])
            out.append(OrderDraft(cid, payment, ship, lines))
    return out


COMMIT_MS: list[float] = []
_commit_started: list[float] = []


@event.listens_for(Session, "before_commit")
def _before_commit(_session) -> None:
    _commit_started.append(time.perf_counter())


@event.listens_for(Session, "after_commit")
def _after_commit(_session) -> None:
    if _commit_started:
        COMMIT_MS.append((time.perf_counter() - _commit_started.pop()) * 1000)


def timed(fn) -> tuple[float, object]:
    """Milliseconds for one use case (its own Session and transaction, commit included; the
    commit alone goes to COMMIT_MS)."""
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def clean_up(store: Store, order_ids: list[int], customer_ids: set[int]) -> None:
    """Leave the shared store as it was found."""
    with store.new_session() as s, s.begin():
        for i in range(0, len(order_ids), 500):
            chunk = order_ids[i:i + 500]
            s.execute(delete(Letter).where(Letter.order_id.in_(chunk)))
            s.execute(delete(OrderLine).where(OrderLine.order_id.in_(chunk)))
            s.execute(delete(Order).where(Order.id.in_(chunk)))
        for cid in customer_ids:
            orders.recompute_stats(s, cid)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=DEFAULT_DB)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--saves", type=int, default=2000)
    ap.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md")
    args = ap.parse_args()
    store = ensure_store(args.db, args.customers)
    rng = random.Random(5)
    today = today_local()
    ctx = ServiceContext(store, today=lambda: today)
    with store.new_session() as s:
        n_customers = s.scalar(select(func.count()).select_from(Customer))
        n_orders = s.scalar(select(func.count()).select_from(Order))
    work = drafts(store, args.saves + 50, rng)
    placed, touched, save_ms, commit_ms = [], set(), [], []
    try:
        for i, draft in enumerate(work):
            ms, result = timed(lambda d=draft: order_service.place_order(ctx, d))
            saved = result.value
            placed.append(saved.order_id)
            touched.add(saved.customer_id)
            if i >= 50:  # the first saves warm the page cache
                save_ms.append(ms)
                commit_ms.append(COMMIT_MS[-1])
        edit_ms, cancel_ms = [], []
        for order_id in rng.sample(placed, 300):
            def edit(oid=order_id):
                d = order_service.order_detail(ctx, oid)
                return order_service.edit_order(
                    ctx, oid, d.draft(lines=d.draft().lines + (DraftLine("F017", 1),)))
            edit_ms.append(timed(edit)[0])
        for order_id in rng.sample(placed, 300):
            cancel_ms.append(timed(lambda oid=order_id: order_service.cancel_order(ctx, oid))[0])
    finally:
        clean_up(store, placed, touched)

    def row(name, ms):
        return (f"| {name} | {len(ms):,} | {percentile(ms, 50):.2f} | {percentile(ms, 99):.2f} "
                f"| {max(ms):.2f} |")
    p99 = percentile(save_ms, 99)
    slow = sum(1 for c in commit_ms if c > 5)
    md = "\n".join([
        "## Orders: save incl. RFM aggregate update (`bench/bench_orders.py`)",
        "",
        f"Store: SQLite `{args.db}`, {n_customers:,} customers, {n_orders:,} orders. "
        f"Each save: new Session, validation, order + lines, atomic aggregate update, commit. "
        f"Machine: {machine()}.",
        "",
        "| operation | n | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        row("place_order (save)", save_ms),
        row("… of which the commit", commit_ms),
        row("edit_order (recompute aggregates)", edit_ms),
        row("cancel_order (recompute aggregates)", cancel_ms),
        "",
        f"Goal: save p99 < 20 ms — {'met' if p99 < 20 else 'NOT met'} ({p99:.2f} ms).",
        f"The p99 tail is the commit: {slow} of {len(commit_ms):,} commits took over 5 ms, "
        "which fits SQLite's WAL auto-checkpoint (every 1,000 pages) running inside the commit "
        "that crosses it; the rest of a save stays in the low milliseconds. All bench orders "
        "are deleted afterwards and the aggregates recomputed.",
    ])
    print(md)
    if not args.no_write:
        write_section("orders", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
