"""What writing imported sales costs, part by part: the bound on any importer that keeps a
sale as an order with one line (issue 11 asks for that model) on this machine.

    .venv/bin/python bench/bench_import_parts.py --store /work/bench-store/bench1m.db
        [--rows 1000000] [--dir /tmp/x] [--no-write]

On a copy of a seeded store (``desk-app seed``), with the clean rows and the CP932 shop file
of ``bench_import.build_files``, each in its own process:

- reading: ``desk-app import orders FILE --dry-run --json`` (decode, parse, check, resolve
  the customers: everything but writing);
- writing the same rows, already clean, into orders + order_lines with sqlite3 executemany,
  in variants, each in one transaction that is rolled back (so every variant sees the same
  store): the floor as the issue defines it (file order, the store's foreign keys and every
  index); in customer order (how the import writes); in customer order without foreign key
  checks; and bare (no secondary index but the import key's, no foreign key checks, file
  order: an append-only load);
- building the secondary indexes the bare load left out, once, over the whole tables.

The bound: reading + the bare load + building its indexes, all serial on one core (Python's
sqlite3 holds one core). Figures go to docs/BENCHMARKS.md (section ``import-parts``).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, write_section
from bench_import import build_files

ROOT = Path(__file__).resolve().parent.parent

# the store's secondary indexes on the two tables a sale writes, but the import key's
# unique one (idempotency needs it while writing)
SECONDARY = {
    "ix_orders_customer_date": "orders (customer_id, order_date)",
    "ix_orders_rfm": "orders (status, customer_id, order_date, total)",
    "ix_orders_order_date": "orders (order_date)",
    "ix_orders_delivery_date": "orders (delivery_date)",
    "ix_orders_import_id": "orders (import_id)",
    "ix_order_lines_order_id": "order_lines (order_id)",
    "ix_order_lines_product_id": "order_lines (product_id)",
    "ix_order_lines_runs_out_on": "order_lines (runs_out_on)",
}

VARIANT = r"""
import csv, json, sqlite3, sys, time
db, path, variant, drop = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=NORMAL")
conn.execute("PRAGMA cache_size=-65536")  # the store's own 64 MB
conn.execute(f"PRAGMA foreign_keys={'ON' if variant in ('floor', 'sorted') else 'OFF'}")
with open(path, encoding="utf-8", newline="") as f:
    rows = [(k, int(c), d, int(a)) for k, c, d, a in csv.reader(f)]
if variant in ("sorted", "sorted_nofk"):
    rows.sort(key=lambda r: (r[1], r[2]))
conn.execute("BEGIN IMMEDIATE")
for name in (drop if variant == "bare" else []):
    conn.execute(f"DROP INDEX {name}")
if variant == "dayone":  # the same tables empty: a shop's first import after its customers
    ddl = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table'"
                                      " AND name IN ('orders', 'order_lines') ORDER BY name DESC")]
    conn.execute("DROP TABLE order_lines"); conn.execute("DROP TABLE orders")
    for sql in ddl:
        conn.execute(sql)
o0 = conn.execute("SELECT COALESCE(MAX(id), 0) FROM orders").fetchone()[0]
l0 = conn.execute("SELECT COALESCE(MAX(id), 0) FROM order_lines").fetchone()[0]
t, c = time.perf_counter(), time.process_time()
conn.executemany(
    "INSERT INTO orders (id, customer_id, order_date, status, payment, gift_wrap, subtotal_8,"
    " subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total, import_key)"
    " VALUES (?, ?, ?, 'active', '', 0, 0, 0, 0, 0, 0, 0, ?, ?)",
    ((o0 + i, cid, day, amount, key) for i, (key, cid, day, amount) in enumerate(rows, 1)))
conn.executemany(
    "INSERT INTO order_lines (id, order_id, line_no, sku, name, unit_price, quantity,"
    " tax_rate, amount) VALUES (?, ?, 1, '', '取込売上', ?, 1, 0, ?)",
    ((l0 + i, o0 + i, amount, amount) for i, (key, cid, day, amount) in enumerate(rows, 1)))
wall, cpu = time.perf_counter() - t, time.process_time() - c
builds = {}
if variant in ("bare", "dayone"):  # what was left out, built once over the whole tables
    for name in drop:
        t = time.perf_counter()
        conn.execute(f"CREATE INDEX {name} ON {SECONDARY[name]}")
        builds[name] = time.perf_counter() - t
conn.execute("ROLLBACK")
print(json.dumps({"wall": wall, "cpu": cpu, "builds": builds}))
"""


def run_variant(db: Path, clean: Path, variant: str) -> dict:
    code = "SECONDARY = " + repr(SECONDARY) + "\n" + VARIANT
    out = subprocess.run([sys.executable, "-c", code, str(db), str(clean), variant,
                          json.dumps(list(SECONDARY))], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout)


def dry_run(db: Path, shop: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desk_app", "import", "orders", str(shop),
                    "--dry-run", "--json", "--db", str(db)], check=True, capture_output=True,
                   cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (time.perf_counter() - t,
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True, help="a seeded store (it is copied)")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--dir")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-import-parts-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "parts.db"
    if not db.exists():
        shutil.copyfile(args.store, db)
    shop, clean, _new = build_files(work, args.rows, args.customers)
    n = args.rows
    orders_before = int(subprocess.run(
        ["sqlite3", str(db), "SELECT COUNT(*) FROM orders"], check=True, capture_output=True,
        text=True).stdout)

    read_wall, read_cpu = dry_run(db, shop)
    results = {v: run_variant(db, clean, v)
               for v in ("floor", "sorted", "sorted_nofk", "bare", "dayone")}
    builds = results["bare"]["builds"]
    build_total = sum(builds.values())
    bound = read_wall + results["bare"]["wall"] + build_total
    day_builds = sum(results["dayone"]["builds"].values())
    day_bound = read_wall + results["dayone"]["wall"] + day_builds

    def row(label: str, r: dict) -> str:
        return (f"| {label} | {r['wall']:.1f} | {r['cpu']:.1f} | {n / r['wall']:,.0f} |")

    md = f"""## History import, part by part: what a sale as an order with one line costs (`bench/bench_import_parts.py`)

{machine()}. {n:,} sales of the shop file of `bench_import.py` into a copy of the seeded store
({orders_before:,} orders before), each write in one transaction rolled back afterwards, every
figure its own process.

| part | wall s | CPU s | rows/s |
|---|---|---|---|
| reading: `import orders --dry-run --json` (decode, parse, check, resolve customers) | {read_wall:.1f} | {read_cpu:.1f} | {n / read_wall:,.0f} |
{row("writing, the floor: file order, foreign keys, every index", results["floor"])}
{row("writing in customer order (as the import does), foreign keys, every index", results["sorted"])}
{row("writing in customer order, no foreign key checks, every index", results["sorted_nofk"])}
{row("writing bare: file order, no foreign key checks, only the import key's index", results["bare"])}
| building the {len(builds)} indexes the bare write left out, once, over the whole tables | {build_total:.1f} | | |
{row("writing bare into the same tables empty (a shop's first import, after its customers)", results["dayone"])}
| building those {len(builds)} indexes over the first import's rows alone | {day_builds:.1f} | | |

Each index built over the whole tables: {", ".join(f"{k} {v:.1f} s" for k, v in builds.items())}.

The bound for any importer that writes a sale as an order with one line in this store:
reading + the bare write + building its indexes = **{bound:.1f} s for {n:,} rows,
{n / bound:,.0f} rows/s**, before any customer, aggregate or import record is written and with
the indexes the pop-up needs missing while it runs. Into an empty order book (a shop's
first import): {day_bound:.1f} s, **{n / day_bound:,.0f} rows/s**.
"""
    print(md)
    if not args.no_write:
        write_section("import-parts", md)


if __name__ == "__main__":
    main()
