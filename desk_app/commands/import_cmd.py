"""History import commands: `import orders|customers FILE`, `import undo ID`, `import list`.

The contract (scripts, tests and the benchmark use it)::

    desk-app import orders FILE [--mapping JSON] [--encoding auto|utf-8|cp932] [--dry-run] --json
    desk-app import customers FILE …

print ``{"rows", "imported", "skipped_duplicates", "new_customers", "matched_customers",
"errors": [{"line", "reason"}]}``. Exit 0 when only bad rows failed; 2 when the file cannot be
read (an Excel workbook or other binary data is refused so) or a required column is
missing. Which columns were chosen, the encoding (and a warning when it garbles the header
or the first rows) and ``--progress`` go to stderr. Ctrl-C stops at the next checkpoint:
nothing is written while the file is read; once sales are being written, the checkpoints
committed stay as the import (stderr says how many sales; ``import undo ID`` removes it, the
same file again adds the rest).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path

KIND_HELP = {"orders": "past sales (売上履歴): one row per order or per order line",
             "customers": "the customer master (顧客情報)"}


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="bring in a shop's history (sales, customers) from CSV")
    isub = imp.add_subparsers(dest="import_command", metavar="KIND", required=True)
    for kind, text in KIND_HELP.items():
        p = isub.add_parser(kind, help=text)
        p.add_argument("file")
        p.add_argument("--mapping", metavar="JSON",
                       help='role → column header, e.g. {"customer_id": "顧客番号", '
                            '"date": "受注日", "amount": "合計金額"} (or a file holding it)')
        p.add_argument("--encoding", default="auto",
                       help="auto (default), utf-8 or cp932")
        p.add_argument("--dry-run", action="store_true",
                       help="read and check the whole file, write nothing")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.add_argument("--progress", action="store_true", help="print progress to stderr")
        p.add_argument("--rejected", metavar="CSV",
                       help="save the rejected rows with a reason column to this file")
        p.add_argument("--db")
        p.add_argument("--today", help=argparse.SUPPRESS)
        p.set_defaults(handler=cmd_import, kind=kind)
    p = isub.add_parser("undo", help="取込の取り消し: remove import ID as a whole")
    p.add_argument("import_id", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_undo)
    p = isub.add_parser("list", help="the imports so far, newest first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db")
    p.set_defaults(handler=cmd_list)


def _context(args):
    from desk_app.domain.clock import today_local
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    day = date.fromisoformat(args.today) if getattr(args, "today", None) else None
    return ServiceContext(Store(args.db), today=(lambda: day) if day else today_local)


def _mapping(value: str | None) -> dict | None:
    from desk_app.usage import UsageError

    if value is None:
        return None
    text = value
    if not value.lstrip().startswith("{") and Path(value).is_file():
        text = Path(value).read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--mapping is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError("--mapping must be a JSON object from role to column header")
    return data


def _note(text: str) -> None:
    print(f"desk-app: {text}", file=sys.stderr)


def cmd_import(args) -> int:
    from desk_app.domain import messages
    from desk_app.domain.importing.columns import ROLE_LABELS
    from desk_app.services import history_import as hi
    from desk_app.services.base import ServiceError
    from desk_app.usage import UsageError

    mapping = _mapping(args.mapping)
    ctx = _context(args)
    last = [0.0]

    def on_mapping(by_header: dict, source: str) -> None:
        said = {"given": "as given", "remembered": "remembered for these headers",
                "recognised": "recognised from the headers"}[source]
        parts = [f"{', '.join(h) if isinstance(h, list) else h} → {role}"
                 for role, h in by_header.items()]
        _note(f"columns {said}: " + "; ".join(parts))
        unused = [role for role in ROLE_LABELS if role not in by_header]
        if unused and source == "recognised":
            _note("not assigned: " + ", ".join(unused))

    def progress(p: hi.Progress) -> None:
        now = time.monotonic()
        if p.phase != "done" and now - last[0] < 1.0:
            return
        last[0] = now
        left = p.seconds_left
        _note(f"progress: {p.phase} {p.rows:,} rows, {p.fraction:.0%}, "
              f"{p.rows_per_second:,.0f} rows/s"
              + (f", {left:,.0f} s left" if left is not None and p.phase != "done" else ""))

    stop = threading.Event()

    def on_interrupt(_signum, _frame) -> None:
        """Ctrl-C stops at the next checkpoint (what is committed stays, and is said);
        a second Ctrl-C stops at once (the checkpoint under way is rolled back)."""
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        _note("stopping at the next checkpoint… (Ctrl-C again to stop at once)")

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if main_thread else None
    try:
        # the chosen (or detected) encoding garbles the header or the first rows: say so
        # before the columns are matched against headers it cannot read
        warning = hi.preview(ctx, args.file, args.kind, args.encoding).encoding_warning
        if warning is not None:
            _note("warning: " + messages.text(warning.code, warning.params)
                  + " (--encoding auto|utf-8|cp932)")
        result = hi.run(ctx, args.file, args.kind, mapping=mapping, encoding=args.encoding,
                        dry_run=args.dry_run, progress=progress if args.progress else None,
                        cancelled=stop.is_set, on_mapping=on_mapping)
    except hi.ImportCancelled as exc:
        _note(str(exc))
        raise KeyboardInterrupt from None
    except ServiceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
        ctx.store.dispose()
    report = result.value
    from desk_app.domain.importing.sniff import FileFormat

    _note(f"encoding {FileFormat(report.encoding, report.delimiter, True).label}, "
          f"{'TSV' if report.delimiter == chr(9) else 'CSV'}"
          + (f"; import No. {report.import_id}" if report.import_id else "; dry run")
          + f"; {report.seconds:.1f} s")
    if args.rejected and report.errors:
        n = hi.write_rejected(report, args.file, args.rejected)
        _note(f"{n} rejected rows written to {args.rejected}")
    if args.json:
        json.dump(report.to_json_dict(), sys.stdout, ensure_ascii=False)
        print()
    else:
        print(f"rows {report.rows:,}  imported {report.imported:,}  "
              f"skipped duplicates {report.skipped_duplicates:,}  "
              f"new customers {report.new_customers:,}  "
              f"matched customers {report.matched_customers:,}"
              + (f" (completed {report.completed_customers:,})"
                 if report.kind == "customers" else "")
              + f"  errors {len(report.errors):,}")
        for e in report.errors:
            print(f"  line {e.line}: {e.reason()}")
    return 0


def cmd_undo(args) -> int:
    from desk_app.services import history_import as hi
    from desk_app.services.base import ServiceError
    from desk_app.usage import UsageError

    ctx = _context(args)
    try:
        r = hi.undo(ctx, args.import_id).value
    except ServiceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        ctx.store.dispose()
    out = {"import_id": r.import_id, "orders_removed": r.orders_removed,
           "customers_removed": r.customers_removed, "customers_kept": r.customers_kept}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"import No. {r.import_id} undone: {r.orders_removed:,} orders and "
              f"{r.customers_removed:,} customers removed; {r.customers_kept:,} customers kept "
              "(they have orders, notes or calls of their own)")
    return 0


def cmd_list(args) -> int:
    from desk_app.domain.customer import to_jsonable
    from desk_app.services import history_import as hi

    ctx = _context(args)
    try:
        items = hi.history(ctx)
    finally:
        ctx.store.dispose()
    rows = [{"id": i.id, "kind": i.kind, "file_name": i.file_name, "file_hash": i.file_hash,
             "rows": i.rows, "imported": i.imported, "skipped_duplicates": i.skipped_duplicates,
             "new_customers": i.new_customers, "matched_customers": i.matched_customers,
             "errors": i.errors, "created_at": to_jsonable(i.created_at),
             "created_by": i.created_by, "operator_id": i.operator_id,
             "undone_at": to_jsonable(i.undone_at), "undone_by": i.undone_by,
             "undone_operator_id": i.undone_operator_id} for i in items]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        from desk_app.domain.clock import to_local

        for r, i in zip(rows, items, strict=True):
            state = " (取り消し済み)" if r["undone_at"] else ""
            when = to_local(i.created_at).strftime("%Y/%m/%d %H:%M") if i.created_at else "—"
            print(f"No.{r['id']} {when} {r['kind']} {r['file_name']}: "  # Japan time
                  f"{r['imported']:,}/{r['rows']:,} rows{state}")
    return 0
