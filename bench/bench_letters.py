"""Follow-up letters at shop scale: today's list, a 1,000-letter PDF, 1,000 labels, memory.

    .venv/bin/python bench/bench_letters.py [--db /tmp/let-bench/bench1m.db]
                                             [--customers 1000000] [--orders-factor 2.4]
                                             [--days 0,1,7] [--no-printing] [--previous REV]

Seeds the store once when it is missing (minutes; the seeded history ends on --today), then:
- today's list (``services.letters.follow_list``) on five days, cold (first call in a fresh
  process) and warm, wall and CPU time, beside two peers in the same run: one plain scan of
  the per-customer aggregates table (what any "who is due" needs at least, were it done
  without indexes), and the straightforward path on the first day (the same candidates'
  full histories loaded and judged customer by customer), which must give the same list,
  and with ``--previous REV`` the list as the code at git revision REV builds it (same
  store, same run, same list);
- a 1,000-letter PDF (merge + draw + write) and 1,000 labels (A4 12面), each in its own
  process so its peak memory (ru_maxrss) is its own, beside a peer: the same number of
  pages with one line of text each through the same QPdfWriter (the floor of Qt's PDF
  engine);
and writes the figures to docs/BENCHMARKS.md (section ``letters``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
# a peer's child imports desk_app from an earlier commit's copy (BENCH_DESK_SOURCE), which
# must come before this worktree: with PYTHONPATH alone, ROOT inserted here would win
sys.path.insert(0, os.environ.get("BENCH_DESK_SOURCE") or str(ROOT))
from _report import machine, write_section

TODAY = date(2026, 12, 1)
PAGE = 200  # lines built before the list shows (its window builds only the rows on screen)


def ensure_store(path: Path, customers: int, factor: float) -> None:
    from sqlalchemy import func, select

    from desk_app.store.db import Store
    from desk_app.store.models import Customer
    from desk_app.store.seed import seed

    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{path}")
    with store.new_session() as s:
        have = s.scalar(select(func.count()).select_from(Customer))
    if have < customers:
        print(f"seeding {customers:,} customers into {path} (minutes, once)…", file=sys.stderr)
        seed(store, customers - have, seed=1, today=TODAY, orders_factor=factor,
             progress=lambda m: print(m, file=sys.stderr))
    store.dispose()


def child(argv: list[str], source: Path | None = None) -> dict:
    """Run one measurement in a fresh process; it prints one JSON line. With *source*, the
    process imports ``desk_app`` from there (an earlier commit's code, as a peer)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if source is not None:
        env["BENCH_DESK_SOURCE"] = str(source)
    out = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True,
                         text=True, check=True, env=env)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    expected = source if source is not None else ROOT
    if not Path(got["source"]).resolve().is_relative_to(Path(expected).resolve()):
        raise SystemExit(f"the child ran desk_app from {got['source']}, not {expected}")
    return got


def previous_source(rev: str) -> Path:
    """``desk_app`` as it was at *rev* (git archive into a temporary folder)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "desk_app"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    # the store has been migrated by this code: the migrations added since *rev* go along
    # (else the old code refuses a store at a revision it does not know)
    versions = Path("desk_app/store/migrations/versions")
    for script in (ROOT / versions).glob("*.py"):
        if not (folder / versions / script.name).exists():
            shutil.copy2(script, folder / versions / script.name)
    return folder


def cpu_s() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(kind: str, db: str, day: str, n: int) -> dict:
    from desk_app.services import letters as svc
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    day_ = date.fromisoformat(day)
    ctx = ServiceContext(Store(f"sqlite:///{db}"), today=lambda: day_)
    if kind == "list":
        def shown():
            """What 本日のフォロー waits for: the list, its counts and its first page."""
            follow = svc.follow_list(ctx, day_).value
            follow.counts()
            tuple(follow.due[:PAGE]), tuple(follow.address_missing[:PAGE])
            return follow
        t, c = time.perf_counter(), cpu_s()
        first = shown()
        cold, cold_cpu = time.perf_counter() - t, cpu_s() - c
        t, c = time.perf_counter(), cpu_s()
        tuple(first.due), tuple(first.address_missing)  # every line: the CLI's --json, a print
        every, every_cpu = time.perf_counter() - t, cpu_s() - c
        t, c = time.perf_counter(), cpu_s()
        shown()
        warm, warm_cpu = time.perf_counter() - t, cpu_s() - c
        return {"cold": cold, "cold_cpu": cold_cpu, "warm": warm, "warm_cpu": warm_cpu,
                "every": every, "every_cpu": every_cpu,
                "due": len(first.due), "missing": len(first.address_missing),
                "counts": first.counts(), "rss": rss_mb(),
                "digest": _digest(first.due)}
    if kind == "peer-history":
        return straightforward(ctx, day_)
    if kind == "peer-scan":
        from sqlalchemy import text

        t, c = time.perf_counter(), cpu_s()
        with ctx.store.engine.connect() as conn:
            rows = conn.execute(text("select customer_id, first_order_date, last_order_date, "
                                     "orders_count from customer_stats")).fetchall()
        return {"seconds": time.perf_counter() - t, "cpu": cpu_s() - c, "rows": len(rows)}
    lines = sample_lines(ctx, day_, n)
    import tempfile

    from desk_app.ui import printing

    out = Path(tempfile.mkdtemp()) / f"{kind}.pdf"
    printing.ensure_app()
    base = rss_mb()
    t = time.perf_counter()
    if kind == "letters":
        merged = svc.merge_letters(ctx, lines, day_, svc.shop_info(ctx))
        pages = printing.write_pdf(out, kind, printing.render_letters, merged,
                                   svc.shop_info(ctx), day_)
    elif kind == "labels":
        from desk_app.domain.print_layout import LABEL_PRESETS

        pages = printing.write_pdf(out, kind, printing.render_labels, lines,
                                   LABEL_PRESETS["a4-12"], 1)
    elif kind == "peer-pdf":
        from PySide6.QtCore import QPointF

        from desk_app.domain.print_layout import A4
        from desk_app.ui.printing.base import Paper, font, pdf_writer

        with pdf_writer(out, "peer") as writer:
            paper = Paper(writer, A4)
            f = font(11)
            paper.painter.setFont(f)
            for i, line in enumerate(lines):
                if i:
                    paper.new_page()
                paper.painter.drawText(QPointF(paper.u(20), paper.u(30)), f"{line.name} 様")
            paper.end()
            pages = len(lines)
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "pages": pages, "bytes": out.stat().st_size, "rss": rss_mb(),
            "rss_before": base}


def _digest(lines) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(f"{x.customer_id}:{x.letter_key}"
                                           for x in lines)).encode()).hexdigest()[:16]


def straightforward(ctx, day: date) -> dict:
    """The peer: the same candidates, their whole histories loaded (load_facts) and judged
    customer by customer from them (what the list did before the summaries)."""
    from desk_app.domain.letter_choice import live_windows
    from desk_app.domain.letters import due_for_customer
    from desk_app.services import letters as svc
    from desk_app.services.letters.schedule import _stage_rules
    from desk_app.store import letter_records as rec
    from desk_app.store import letters as q
    from desk_app.store import shop_calendar

    t, c = time.perf_counter(), cpu_s()
    stage_at, lapse = svc.default_stage(ctx)
    with ctx.reading() as s:
        rules, calendar = rec.load_rules(s), shop_calendar.load_calendar(s)
        windows = [live_windows(r, day, calendar) if r.enabled else None for r in rules]
        ids = list(q.today(s, rules, windows, day, lapse,
                           _stage_rules(ctx).loyal_amount).rows)
        facts = q.load_facts(s, ids, day)
        printed, today = rec.printed(s, ids, day)

    class Line:
        def __init__(self, cid, key):
            self.customer_id, self.letter_key = cid, key

    due = []
    for cid, (_row, f) in facts.items():
        out = due_for_customer(f, rules, day, printed, cid in today, stage_at, calendar)
        if out.due:
            due.append(Line(cid, out.due.key))
    return {"seconds": time.perf_counter() - t, "cpu": cpu_s() - c, "due": len(due),
            "digest": _digest(due)}


def sample_lines(ctx, day: date, n: int):
    """*n* real customers with addresses as thank-you lines (as if all were due today)."""
    from sqlalchemy import select

    from desk_app.domain.letters import DEFAULT_RULES, Due
    from desk_app.services.letters.follow import _line
    from desk_app.store import letters as q
    from desk_app.store.models import Customer

    with ctx.reading() as session:
        ids = session.scalars(select(Customer.id).where(Customer.postal_code.is_not(None))
                              .order_by(Customer.id).limit(n)).all()
        facts = q.load_facts(session, ids, day, with_lines=False)
    rule = DEFAULT_RULES[0]
    out = []
    for cid in ids:
        row, f = facts[cid]
        first = f.orders[0].order_date if f.orders else day
        due = Due(f"{rule.key}:{cid}:bench", rule, cid, first, day, day,
                  "letters.reason.first_order", {"date": f"{first.month}/{first.day}"})
        out.append(_line(due, row, "初回・現役"))
    return out


def previous_printing() -> str:
    """The printing table of the section already written (a list-only run keeps it)."""
    import re

    from _report import DOC

    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    found = re.search(r"<!-- bench:letters -->.*?(Printing \((?:not rerun.*?; )?one process "
                      r"each.*?)<!-- /bench:letters -->", text, re.DOTALL)
    if not found:
        return "Printing was not run (`--no-printing`).\n"
    table = found.group(1).strip()
    if "(not rerun" not in table:
        table = table.replace("Printing (one process each;",
                              "Printing (not rerun with the list this time: the figures of the "
                              "run before; one process each;", 1)
    return table + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/let-bench/bench1m.db")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--orders-factor", type=float, default=2.4)
    ap.add_argument("--days", default="0,1,2,7,31",
                    help="days after 2026-12-01 to time the list on (comma-separated)")
    ap.add_argument("--no-printing", action="store_true",
                    help="time the list only (keep the printing figures already written)")
    ap.add_argument("--no-history-peer", action="store_true",
                    help="skip the straightforward full-history peer (minutes at 1M)")
    ap.add_argument("--previous", default="",
                    help="also time the list with desk_app as of this git revision (a peer)")
    ap.add_argument("--previous-what",
                    default="one query per rule whose rows carried the customer's row and "
                            "aggregates, every candidate judged as a summary object",
                    help="what the code at --previous did (one phrase, for the report)")
    ap.add_argument("--child", nargs=4, metavar=("KIND", "DB", "DAY", "N"))
    args = ap.parse_args()
    if args.child:
        import desk_app

        kind, db, day, n = args.child
        print(json.dumps({**run_child(kind, db, day, int(n)), "source": desk_app.__file__},
                         ensure_ascii=False))
        return
    path = Path(args.db)
    ensure_store(path, args.customers, args.orders_factor)
    import sqlite3

    with sqlite3.connect(path) as conn:
        customers = conn.execute("select count(*) from customers").fetchone()[0]
        orders = conn.execute("select count(*) from orders").fetchone()[0]
    days = [TODAY + timedelta(days=int(k)) for k in args.days.split(",")]
    lists = [(d, child(["list", str(path), d.isoformat(), "0"])) for d in days]
    scan = child(["peer-scan", str(path), TODAY.isoformat(), "0"])
    before = None
    if args.previous:
        # interleaved, this code then the previous one, twice: on a shared machine the
        # first process to read the store pays for its pages, and the load varies
        source = previous_source(args.previous)
        pairs = [(child(["list", str(path), days[0].isoformat(), "0"]),
                  child(["list", str(path), days[0].isoformat(), "0"], source))
                 for _ in range(2)]
        now = {k: min(a[k] for a, _ in pairs) for k in ("cold", "cold_cpu", "warm", "warm_cpu")}
        before = {**pairs[0][1], **{k: min(b[k] for _, b in pairs)
                                    for k in ("cold", "cold_cpu", "warm", "warm_cpu")}}
        listed = lists[0][1]["digest"]
        before["same"] = all(a["digest"] == listed == b["digest"] for a, b in pairs)
        shutil.rmtree(source, ignore_errors=True)
    history = None if args.no_history_peer else child(
        ["peer-history", str(path), days[0].isoformat(), "0"])
    rows = "\n".join(
        f"| {d.isoformat()} ({'月火水木金土日'[d.weekday()]}) | {r['cold']:.2f} s "
        f"[{r['cold_cpu']:.2f} s] | {r.get('every', 0):.2f} s [{r.get('every_cpu', 0):.2f} s] | "
        f"{r['warm']:.2f} s [{r['warm_cpu']:.2f} s] | {r['due']:,} | "
        f"{r['missing']:,} | {r['rss']:.0f} MB |"
        for d, r in lists)
    worst = max(r["cold"] for _, r in lists)
    first = lists[0][1]
    if history is not None:
        same = "the same list" if history["digest"] == first["digest"] else \
            "**a different list (a bug)**"
        peer = (f"The straightforward path on {days[0].isoformat()} (the same candidates' "
                f"whole histories loaded and judged customer by customer, what the list did "
                f"before) took {history['seconds']:.1f} s [{history['cpu']:.1f} s CPU] for "
                f"{history['due']:,} due, {same}: the list with every line built is "
                f"{history['seconds'] / (first['cold'] + first['every']):.1f}× faster in wall "
                f"time and {history['cpu'] / (first['cold_cpu'] + first['every_cpu']):.1f}× "
                f"in CPU time.")
    else:
        peer = "(The full-history peer was not run this time.)"
    if before is not None:
        same = "the same list" if before["same"] else "**a different list (a bug)**"
        peer += (f"\nThe code before this change (`{args.previous}`: {args.previous_what}) "
                 f"on {days[0].isoformat()}, same store, same run, the two "
                 f"interleaved twice (best of two each): before, cold {before['cold']:.2f} s "
                 f"[{before['cold_cpu']:.2f} s CPU], warm {before['warm']:.2f} s "
                 f"[{before['warm_cpu']:.2f} s CPU]; now, cold {now['cold']:.2f} s "
                 f"[{now['cold_cpu']:.2f} s CPU], warm {now['warm']:.2f} s "
                 f"[{now['warm_cpu']:.2f} s CPU]; {before['due']:,} due, {same}. CPU time "
                 f"now ÷ before: {now['cold_cpu'] / before['cold_cpu']:.2f} cold, "
                 f"{now['warm_cpu'] / before['warm_cpu']:.2f} warm.")
    md = f"""## Follow-up letters (step 10)

{machine()}. `bench/bench_letters.py`, SQLite `{path}`, {customers:,} customers /
{orders:,} orders, each measurement in a fresh process (Qt offscreen). Wall time, CPU time of
the process in brackets (the machine is shared: load average {os.getloadavg()[0]:.1f} on
{os.cpu_count()} CPUs at the end of the run).

Today's list (`services.letters.follow_list`: one indexed query per rule over exactly the
trigger dates whose letter is due that day, returning plain values; the customers behind
them read once each; the one-a-day choice over those values; no history read). Goal ≤ 2 s.
"cold" and "warm" are what 本日のフォロー waits for before it shows the list: the list, its
counts per rule and its first {PAGE} lines (the window builds only the rows on screen, some
20; the other lines are built as they are read). "+ every line" is what building all the lines
then adds (the CLI's `--json`, printing the whole list), in the same process. Peers in the same run: one plain scan of
`customer_stats` (every customer's aggregates, no rules at all) takes {scan['seconds']:.2f} s
[{scan['cpu']:.2f} s CPU] for {scan['rows']:,} rows, so the list costs
{worst / scan['seconds']:.2f}× that scan's wall time at worst.
{peer}

| day | cold [CPU] | + every line [CPU] | warm [CPU] | due | 住所未登録 | peak RSS |
|---|---|---|---|---|---|---|
{rows}
"""
    if not args.no_printing:
        letters = child(["letters", str(path), TODAY.isoformat(), "1000"])
        labels = child(["labels", str(path), TODAY.isoformat(), "1000"])
        peer_pdf = child(["peer-pdf", str(path), TODAY.isoformat(), "1000"])
        md += f"""
Printing (one process each; peak RSS of that process, goal ≤ 400 MB):

| job | time | goal | pages | PDF size | peak RSS | peer: same pages, one line each |
|---|---|---|---|---|---|---|
| 1,000 letters (merge + draw + write) | {letters['seconds']:.2f} s | ≤ 15 s | {letters['pages']:,} | {letters['bytes'] / 1e6:.1f} MB | {letters['rss']:.0f} MB | {peer_pdf['seconds']:.2f} s ({letters['seconds'] / peer_pdf['seconds']:.1f}×) |
| 1,000 labels, A4 12面 | {labels['seconds']:.2f} s | ≤ 5 s | {labels['pages']:,} | {labels['bytes'] / 1e6:.1f} MB | {labels['rss']:.0f} MB | |
"""
    else:
        md += "\n" + previous_printing()
    write_section("letters", md)
    print(md)


if __name__ == "__main__":
    main()
