"""Store figures: demo seeding speed, and caller lookup as `desk-app lookup` does it.

    .venv/bin/python bench/bench_store.py [--big /tmp/bench1m.db]

Seeds 100,000 customers into a temp SQLite file (the step-01 goal: under a minute), times the
`desk-app lookup` command end to end (goal: under a second), and times the lookup function
itself over many random seeded numbers, on the 100k store and on a big store if given.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, percentile, write_section
from sqlalchemy import func, select

from desk_app.domain.clock import today_local
from desk_app.domain.phone import normalize
from desk_app.store.caller_lookup import lookup_number
from desk_app.store.db import Store
from desk_app.store.models import Customer, Order, Phone
from desk_app.store.seed import seed


def lookup_times(store: Store, n: int = 2000) -> tuple[list[float], int, int]:
    with store.new_session() as s:
        max_phone = s.scalar(select(func.max(Phone.id)))
        customers = s.scalar(select(func.count()).select_from(Customer))
        orders = s.scalar(select(func.count()).select_from(Order))
        rng = random.Random(1)
        numbers = []
        for _ in range(n):
            p = s.get(Phone, rng.randint(1, max_phone))
            numbers.append(normalize(p.national) if p else normalize("0312345678"))
    samples = []
    today = today_local()  # the shop's day, as the desk looks numbers up
    for number in numbers:
        with store.new_session() as s:
            t = time.perf_counter()
            lookup_number(s, number, today)
            samples.append((time.perf_counter() - t) * 1000)
    return samples, customers, orders


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", help="an existing big SQLite store to time lookups on")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/seed.db"
        store = Store(url)
        report = seed(store, 100_000, seed=1)
        rows.append(f"| seed 100,000 customers ({report.orders:,} orders) | {report.seconds:.1f} s | < 60 s |")
        with store.new_session() as s:
            number = s.scalars(select(Phone.national).limit(1)).one()
        walls = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desk_app", "lookup", number, "--json", "--db", url],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - t)
        rows.append(f"| `desk-app lookup` at 100k, whole process (median of 5) | {sorted(walls)[2] * 1000:.0f} ms | < 1 s |")
        samples, n_c, n_o = lookup_times(store)
        rows.append(f"| lookup function at {n_c:,} customers / {n_o:,} orders, p50 / p99 | "
                    f"{percentile(samples, 50):.2f} / {percentile(samples, 99):.2f} ms | |")
        store.dispose()
    if args.big and Path(args.big).exists():
        big = Store(f"sqlite:///{args.big}")
        samples, n_c, n_o = lookup_times(big)
        rows.append(f"| lookup function at {n_c:,} customers / {n_o:,} orders, p50 / p99 | "
                    f"{percentile(samples, 50):.2f} / {percentile(samples, 99):.2f} ms | |")
    table = "\n".join(["| what | measured | goal |", "|---|---|---|", *rows])
    print(table)
    write_section("store", f"## Store: seeding and caller lookup\n\n{machine()}. `bench/bench_store.py`.\n"
                  "The lookup function is what the pop-up's worker runs (exact number, then suffix, "
                  "summaries, the card with 10 orders and their items, 10 notes).\n\n" + table)


if __name__ == "__main__":
    main()
