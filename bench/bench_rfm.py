"""RFM analysis figures at shop scale: the numpy engine against pandas, same database, same run.

    .venv/bin/python -m pip install -e '.[bench]'       # pandas, the peer
    .venv/bin/desk-app seed --customers 1000000 --orders-factor 3 --db sqlite:////tmp/bench1m.db
    .venv/bin/python bench/bench_rfm.py --db sqlite:////tmp/bench1m.db [--as-of 2026-11-30]

Cold = a fresh process: open the store, get the columns and answer (what the first open of
the analysis window and every `desk-app rfm` call pay), measured three ways: with the
column cache on disk valid (every open after the first), with it brought up to date after a
change in the store (an order's total rewritten: the trigger logs it, the cache reads that
customer again), and without the cache (the first open ever, or a rebuild). Warm = the
loaded engine answering again (the window open, refreshed as orders change).
The bench writes to the store it is given (migrations at open, one rewritten total):
run it on a copy. The pandas peer reads the same rows
with ``pandas.read_sql_query`` and computes the same figures with groupby; the bench checks
both give the same numbers before it reports any time. Also: peak memory, the cost of a
refresh after one order, and what the pop-up's stage and RFM chip add to a lookup.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, write_section

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LoadSampler:
    """The 1-minute load average every few seconds while the bench runs (the machine is
    shared: what else ran says how far wall times stretch beyond CPU times)."""

    def __init__(self, every: float = 5.0) -> None:
        import threading

        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(every):
                return

    def stop(self) -> str:
        self._stop.set()
        self._thread.join()
        s = sorted(self.samples)
        return (f"{s[0]:.1f}–{s[-1]:.1f} (median {statistics.median(s):.1f}, {len(s)} samples)"
                if s else "not sampled")


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Median CPU seconds over *repeat* runs, and the last result (see :func:`timed2`)."""
    cpu, _wall, out = timed2(fn, repeat)
    return cpu, out


def timed2(fn, repeat: int = 5) -> tuple[float, float, object]:
    """Median CPU and wall seconds over *repeat* runs, and the last result. The machine is
    shared, so the process's CPU time is what the figure costs; wall time says what a
    clerk waited on this machine as it was."""
    cpus, walls, out = [], [], None
    for _ in range(repeat):
        t, w = time.process_time(), time.perf_counter()
        out = fn()
        cpus.append(time.process_time() - t)
        walls.append(time.perf_counter() - w)
    return statistics.median(cpus), statistics.median(walls), out


# -- the engine, in a fresh process ------------------------------------------------------

ENGINE_CHILD = r"""
import json, sys, time, resource
from datetime import date, timedelta
t0 = time.perf_counter()
from desk_app.store.db import Store
from desk_app.services.analysis import AnalysisEngine
store = Store(sys.argv[1]); as_of = date.fromisoformat(sys.argv[2]); what = sys.argv[3]
t1 = time.perf_counter()
eng = AnalysisEngine.load(store, cache=sys.argv[5] == "cache")
t2 = time.perf_counter()
if what == "counts":
    out = eng.counts(as_of)
elif what == "monthly":
    out = [c for _d, c in eng.monthly(as_of, 24)]
elif what == "movement":
    out = eng.movement(as_of - timedelta(days=365), as_of)
else:
    out = eng.cohorts(as_of, 24)
t3 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"import_open": t1 - t0, "load": t2 - t1, "compute": t3 - t2,
                  "total": t3 - t0, "cpu": ru.ru_utime + ru.ru_stime,
                  "peak_mb": ru.ru_maxrss / 1024,
                  "orders": eng.snapshot.orders, "columns_mb": eng.snapshot.nbytes / 2**20}))
"""

PANDAS_CHILD = r"""
import json, sys, time, resource
from datetime import date, timedelta
sys.path.insert(0, sys.argv[4])
t0 = time.perf_counter()
import bench_rfm as b
from desk_app.store.db import Store
store = Store(sys.argv[1]); as_of = date.fromisoformat(sys.argv[2]); what = sys.argv[3]
t1 = time.perf_counter()
peer = b.PandasPeer.load(store)
t2 = time.perf_counter()
if what == "counts":
    out = peer.counts(as_of)
elif what == "monthly":
    out = peer.monthly(as_of, 24)
elif what == "movement":
    out = peer.movement(as_of - timedelta(days=365), as_of)
else:
    out = peer.cohorts(as_of, 24)
t3 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"import_open": t1 - t0, "load": t2 - t1, "compute": t3 - t2,
                  "total": t3 - t0, "cpu": ru.ru_utime + ru.ru_stime,
                  "peak_mb": ru.ru_maxrss / 1024}))
"""


DESK_CHILD = r"""
import json, os, sys, time, tempfile
from datetime import date
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DESK_DATA_DIR"] = tempfile.mkdtemp()
def vm(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desk_app.ui.kit.resources import setup_app
setup_app(app, "ja")
from desk_app.store.db import Store
from desk_app.ui.app import build_desk
as_of = date.fromisoformat(sys.argv[2])
services, window = build_desk(Store(sys.argv[1]), operator_id=1, operator_name="bench",
                              today=lambda: as_of)
window.show()
app.processEvents()
before = vm("VmRSS:")
t = time.perf_counter()
w = window.open_analysis()
while getattr(w, "figures", None) is None or w.busy:
    app.processEvents()
    time.sleep(0.005)
opened = time.perf_counter() - t
w.tabs.setCurrentIndex(1)
app.processEvents()
print(json.dumps({"desk_mb": before, "with_analysis_mb": vm("VmRSS:"), "peak_mb": vm("VmHWM:"),
                  "open_s": opened}))
os._exit(0)
"""


def child(code: str, db: str, as_of: date, what: str, mode: str = "cache",
          env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code, db, as_of.isoformat(), what,
                          str(Path(__file__).resolve().parent), mode],
                         capture_output=True, text=True, cwd=ROOT, timeout=1800,
                         env={**os.environ, **(env or {})})
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the pandas peer ------------------------------------------------------------------------

class PandasPeer:
    """The same figures the obvious pandas way: read_sql, then groupby per date."""

    def __init__(self, orders, customers, rules) -> None:
        self.orders = orders  # customer_id, day, total
        self.customers = customers  # customer_id, created_day
        self.rules = rules

    @classmethod
    def load(cls, store):
        import pandas as pd

        from desk_app.domain.stages import DEFAULT_SETTINGS
        from desk_app.store.rfm_load import _day_sql

        day = _day_sql(store.engine, "order_date")
        created = _day_sql(store.engine, "created_at", timestamp=True)
        with store.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            orders = pd.read_sql_query(
                f"SELECT customer_id, {day} AS day, total FROM orders WHERE status = 'active'",
                raw)
            customers = pd.read_sql_query(
                f"SELECT id AS customer_id, COALESCE({created}, 0) AS created_day FROM customers",
                raw)
        return cls(orders, customers, DEFAULT_SETTINGS.cpm)

    def _segments(self, as_of: date):
        import numpy as np

        from desk_app.domain.stages import CPM_BASES, SEGMENTS
        from desk_app.services.analysis import to_day

        d = to_day(as_of)
        r = self.rules
        sub = self.orders[self.orders["day"] <= d]
        g = sub.groupby("customer_id").agg(first=("day", "min"), last=("day", "max"),
                                           n=("day", "size"), total=("total", "sum"))
        tenure = g["last"] - g["first"]
        base = np.select([g["n"] == 1, tenure < r.young_tenure_days, g["total"] < r.loyal_amount,
                          tenure < r.trend_tenure_days], [0, 1, 2, 3], 4)
        code = base + np.where(d - g["last"] >= r.lapse_days, len(CPM_BASES), 0)
        seg = g.assign(code=code)["code"]
        c = self.customers
        prospects = c[(c["created_day"] <= d) & ~c["customer_id"].isin(g.index)]
        return seg, len(prospects), SEGMENTS

    def counts(self, as_of: date) -> dict[str, int]:
        seg, prospects, names = self._segments(as_of)
        vc = seg.value_counts()
        out = {name: int(vc.get(i, 0)) for i, name in enumerate(names[:-1])}
        out[names[-1]] = prospects
        return out

    def monthly(self, as_of: date, months: int) -> list[dict[str, int]]:
        from desk_app.services.analysis import month_ends

        return [self.counts(d) for d in month_ends(as_of, months)]

    def movement(self, d1: date, d2: date) -> dict[str, dict[str, int]]:
        s1, _p, names = self._segments(d1)
        s2, _p, _ = self._segments(d2)
        a = s1.reindex(s2.index).fillna(len(names) - 1).astype(int)
        ct = (a * len(names) + s2).value_counts()
        return {names[i]: {names[j]: int(ct.get(i * len(names) + j, 0))
                           for j in range(len(names))} for i in range(len(names))}

    def cohorts(self, as_of: date, months: int) -> list[dict]:
        import pandas as pd

        from desk_app.services.analysis import month_ends, to_day

        sub = self.orders[self.orders["day"] <= to_day(as_of)]
        g = sub.groupby("customer_id").agg(first=("day", "min"), n=("day", "size"))
        month = pd.to_datetime(g["first"], unit="D").dt.strftime("%Y-%m")
        out = []
        for me in month_ends(as_of, months):
            key = f"{me.year:04d}-{me.month:02d}"
            n = g["n"][month == key]
            out.append({"month": key, "customers": int(len(n)), "f2": int((n >= 2).sum()),
                        "f3": int((n >= 3).sum())})
        return out


# -- the bench -------------------------------------------------------------------------------

def popup_stage_cost(n: int = 20000) -> float:
    """Microseconds the stage and RFM chip add to one customer summary."""
    from desk_app.domain.stages import Aggregates, rfm_score, segment

    aggs = [Aggregates(date(2024, 1, 1) + timedelta(days=i % 500),
                       date(2025, 1, 1) + timedelta(days=i % 600), 1 + i % 13, 1000 * (i % 97))
            for i in range(n)]
    today = date(2026, 11, 30)
    t = time.perf_counter()
    for a in aggs:
        segment(a, today)
        s = rfm_score(a, today)
        _ = s.text if s else ""
    return (time.perf_counter() - t) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="a seeded store (SQLite or PostgreSQL URL)")
    ap.add_argument("--as-of", type=date.fromisoformat, default=None)
    ap.add_argument("--no-write", action="store_true", help="print, do not update BENCHMARKS")
    ap.add_argument("--cache-dir", default=None,
                    help="where the engine's column cache goes (default: a new temp folder)")
    args = ap.parse_args()
    import shutil
    import tempfile

    cache_dir = Path(args.cache_dir or tempfile.mkdtemp(prefix="bench-rfm-cache-"))
    shutil.rmtree(cache_dir, ignore_errors=True)
    os.environ["DESK_ANALYSIS_CACHE"] = str(cache_dir)

    from desk_app.services.analysis import AnalysisEngine, MovementCell, SegmentCell
    from desk_app.store.db import Store
    from desk_app.store.rfm_load import load_customers, load_orders

    sampler = LoadSampler()
    store = Store(args.db)
    from sqlalchemy import text

    with store.engine.connect() as conn:
        last = conn.execute(text("SELECT max(order_date) FROM orders")).scalar()
        n_customers = conn.execute(text("SELECT count(*) FROM customers")).scalar()
    if args.as_of or last:
        as_of = args.as_of or date.fromisoformat(str(last)[:10])
    else:
        from desk_app.domain.clock import today_local

        as_of = today_local()  # an empty store: the shop's (Japan) day
    print(f"as of {as_of}, {n_customers:,} customers", file=sys.stderr)

    # the first open ever: no cache, the engine reads the store and writes the cache
    build = child(ENGINE_CHILD, args.db, as_of, "counts", "cache")
    print("build", build, file=sys.stderr)
    cache_mb = sum(f.stat().st_size for f in cache_dir.rglob("*") if f.is_file()) / 2**20

    # cold, each figure in its own fresh process: engine (cache valid, no cache) and peer
    cold, nocache = {}, {}
    for what in ("counts", "monthly", "movement", "cohorts"):
        cold[what] = (child(ENGINE_CHILD, args.db, as_of, what, "cache"),
                      child(PANDAS_CHILD, args.db, as_of, what))
        nocache[what] = child(ENGINE_CHILD, args.db, as_of, what, "nocache")
        print(what, cold[what], nocache[what], file=sys.stderr)

    # cold after a change: one order's total rewritten (the trigger logs its customer)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE orders SET total = total WHERE id = "
                          "(SELECT max(id) FROM orders WHERE status = 'active')"))
    changed = child(ENGINE_CHILD, args.db, as_of, "counts", "cache")
    print("after a change", changed, file=sys.stderr)

    desk = child(DESK_CHILD, args.db, as_of, "desk")
    print("desk", desk, file=sys.stderr)
    desk_nocache = child(DESK_CHILD, args.db, as_of, "desk",
                         env={"DESK_ANALYSIS_CACHE": "off"})
    print("desk without cache", desk_nocache, file=sys.stderr)

    # the load itself, in parts
    t = time.process_time()
    cust = load_customers(store)
    t_cust = time.process_time() - t
    t = time.process_time()
    orders = load_orders(store)
    t_orders = time.process_time() - t
    del cust, orders

    # warm, in this process: engine and peer loaded once
    rss0 = rss_mb()
    eng = AnalysisEngine.load(store)
    rss_engine = rss_mb()
    peer = PandasPeer.load(store)
    d1 = as_of - timedelta(days=365)
    checks = {
        "counts": (lambda: eng.counts(as_of), lambda: peer.counts(as_of)),
        "monthly": (lambda: [c for _d, c in eng.monthly(as_of, 24)],
                    lambda: peer.monthly(as_of, 24)),
        "movement": (lambda: eng.movement(d1, as_of), lambda: peer.movement(d1, as_of)),
        "cohorts": (lambda: [{k: r[k] for k in ("month", "customers", "f2", "f3")}
                             for r in eng.cohorts(as_of, 24)], lambda: peer.cohorts(as_of, 24)),
    }
    warm = {}
    for name, (fe, fp) in checks.items():
        te, we, re_ = timed2(fe, 5)
        tp, wp, rp = timed2(fp, 3 if name != "monthly" else 1)
        if re_ != rp:
            raise SystemExit(f"engine and pandas disagree on {name}:\n{re_}\n{rp}")
        warm[name] = (te, tp, we, wp)
        print(name, "warm", te, tp, we, wp, file=sys.stderr)
    from desk_app.services.analysis import timeline

    extra = {
        "per-day head-count table, built (once per snapshot and rules; counts and "
        "month-ends read it)": timed(lambda: timeline.build(eng.snapshot, eng.settings.cpm),
                                     3)[0],
        "segment counts, a date two years back": timed(
            lambda: eng.counts(as_of - timedelta(days=730)))[0],
        "revenue per segment": timed(lambda: eng.revenue(as_of))[0],
        "RFM grid": timed(lambda: eng.rfm_grid(as_of))[0],
        "RFM codes": timed(lambda: eng.rfm_codes(as_of))[0],
        "voices per segment, 24 months": timed(lambda: eng.voices(as_of, 24), 3)[0],
        "customers behind a cell (優良・離脱)": timed(
            lambda: eng.customers(SegmentCell(as_of, "優良・離脱")))[0],
        "customers behind a movement cell": timed(
            lambda: eng.customers(MovementCell(d1, as_of, "優良・現役", "優良・離脱")))[0],
    }
    one = int(eng.customers(SegmentCell(as_of, "優良・現役"))[0])
    extra["refresh after one customer's order"] = timed(lambda: eng.refresh([one]), 3)[0]
    stage_us = popup_stage_cost()
    rss_both = rss_mb()

    load = sampler.stop()

    def ms(s: float) -> str:
        if s >= 10:
            return f"{s:,.1f} s"
        if s >= 0.01:
            return f"{s * 1000:,.0f} ms"
        return f"{s * 1000:.2f} ms" if s >= 1e-4 else f"{s * 1e6:.0f} µs"

    first = cold["counts"][0]
    lines = [
        "## RFM analysis engine (numpy) vs pandas, same database, same run",
        "",
        f"{machine()}; store `{store.engine.dialect.name}`, {n_customers:,} customers, "
        f"{first['orders']:,} active orders, as of {as_of}. Written by `bench/bench_rfm.py`.",
        "Both sides check they give the same numbers before any time is kept.",
        "",
        f"The machine was shared (1-minute load average on its 2 CPUs while measuring: "
        f"{load}): cold figures give wall time and, in brackets, the process's CPU time; "
        "warm figures are CPU time (median), wall in brackets.",
        "",
        "Cold (a fresh process: open the store, get the columns, answer), wall [CPU]; the "
        "engine with its column cache valid, the pandas peer reading the store:",
        "",
        "| figure | engine, cache valid | pandas | ratio wall [CPU] | engine, no cache | goal |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    goals = {"counts": "≤ 3 s", "monthly": "≤ 3 s", "movement": "", "cohorts": ""}
    names = {"counts": "segment counts, one date", "monthly": "24 month-ends",
             "movement": "movement matrix", "cohorts": "F2/F3 cohort table"}

    def met(goal: str, value: float) -> str:
        if not goal:
            return ""
        limit = float(goal.split()[1])
        return f"{goal}: {'met' if value <= limit else 'not met'}"

    for k, (e, p) in cold.items():
        n = nocache[k]
        lines.append(f"| {names[k]} | {ms(e['total'])} [{ms(e['cpu'])}] (import and open "
                     f"{ms(e['import_open'])}, load {ms(e['load'])}, answer {ms(e['compute'])}) "
                     f"| {ms(p['total'])} [{ms(p['cpu'])}] (load {ms(p['load'])}) | "
                     f"{p['total'] / e['total']:.1f}× [{p['cpu'] / e['cpu']:.1f}×] | "
                     f"{ms(n['total'])} [{ms(n['cpu'])}] | {met(goals[k], e['total'])} |")
    lines += [
        "",
        f"The first open ever (no cache: read the store, write the cache) took "
        f"{ms(build['total'])} [{ms(build['cpu'])}], load {ms(build['load'])}; the cache is "
        f"{cache_mb:.0f} MB (ids, day numbers and yen only). After one order was rewritten "
        f"in the store (the trigger logged it), the next cold counts took "
        f"{ms(changed['total'])} [{ms(changed['cpu'])}], load {ms(changed['load'])} "
        f"(the change found, that customer read again, the cache written anew).",
        "",
        "Warm (loaded once, kept in memory; median of runs), CPU [wall]:", "",
        "| figure | engine | pandas | ratio (CPU) | goal |", "| --- | ---: | ---: | ---: | --- |"]
    wgoals = {"counts": "≤ 0.1 s", "monthly": "≤ 0.5 s", "movement": "≤ 0.3 s",
              "cohorts": "≤ 1 s"}
    for k, (e, p, we, wp) in warm.items():
        ratio = f"{p / e:,.1f}×" if e > 0 else "∞"
        lines.append(f"| {names[k]} | {ms(e)} [{ms(we)}] | {ms(p)} [{ms(wp)}] | {ratio} | "
                     f"{met(wgoals[k], e)} |")
    lines += ["", "| engine, warm | time |", "| --- | ---: |"]
    lines += [f"| {k} | {ms(v)} |" for k, v in extra.items()]
    lines += [
        "",
        f"Load in parts (CPU): customers {ms(t_cust)}, orders {ms(t_orders)} (covering "
        f"index, packed strings parsed by numpy); columns {first['columns_mb']:.0f} MB.",
        f"Memory: engine process peak (cold counts) {first['peak_mb']:.0f} MB, pandas "
        f"{cold['counts'][1]['peak_mb']:.0f} MB; this process {rss0:.0f} MB before the "
        f"engine, {rss_engine:.0f} MB with it loaded, {rss_both:.0f} MB with pandas' "
        f"frames too. The desk itself (main window, worker; offscreen) "
        f"{desk['desk_mb']:.0f} MB, with 分析 open and every tab computed "
        f"{desk['with_analysis_mb']:.0f} MB, peak {desk['peak_mb']:.0f} MB (goal ≤ 600 MB: "
        f"{'met' if desk['peak_mb'] <= 600 else 'not met'}); opening 分析 cold with the cache "
        f"valid, all tabs: {ms(desk['open_s'])}. Without the cache (the first open ever): "
        f"{desk_nocache['with_analysis_mb']:.0f} MB, peak {desk_nocache['peak_mb']:.0f} MB, "
        f"open {ms(desk_nocache['open_s'])}.",
        f"Pop-up: the stage and RFM chip cost {stage_us:.1f} µs per customer shown "
        f"(goal ≤ 1 ms); the lookup path never imports numpy (tests/services).",
    ]
    shutil.rmtree(cache_dir, ignore_errors=True)
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_section("rfm", report)


if __name__ == "__main__":
    main()
