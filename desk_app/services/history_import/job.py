"""One run of an import: stage the file, resolve, count, then write in checkpoints.

1. The file is streamed into TEMP staging tables (:mod:`.staging`); the store is not locked.
2. Resolving (customers by code, by phone and name; idempotency keys; duplicates) runs in a
   read transaction that writes only the staging tables: a desk saves meanwhile. A dry run
   stops here and writes nothing.
3. Writing, in checkpoints: short transactions of about :data:`CHECKPOINT_SECONDS` each,
   sized on the last one's pace. First the new customers (of a sales file, and the whole
   customer master), over ranges of the staged ids in file order: each checkpoint
   resolves its ids once more under the write lock (a desk may have registered one since
   the file was read, so no customer is created twice) and commits the customers, their
   phones, their empty figures and the aliases of phone matches; the first creates the
   import's record. Then sales, over ranges of customers; each commits its orders, their
   lines and their customers' aggregates together. Rows per order line (with products) go
   in the same checkpoints: an order's rows share its customer, so a range of customers
   never splits an order. After every checkpoint the import's record says what the store
   has (new customers, sales written so far). Cancel stops after the current checkpoint:
   what was committed stays (undo removes it all, the customers of every checkpoint too,
   and the same file imported again adds only the rest). Progress counts both phases as
   one: ``customers`` (the staged ids), then ``writing`` (the staged sale rows).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app.domain.clock import now_utc
from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.sniff import FileFormat
from desk_app.services.base import Changes, Result, ServiceContext, ServiceError
from desk_app.services.history_import.reading import (
    FileRows,
    check_kind,
    open_file,
    resolve_mapping,
)
from desk_app.services.history_import.records import os_user
from desk_app.services.history_import.results import (
    ImportCancelled,
    ImportReport,
    Progress,
    RowProblem,
)
from desk_app.services.history_import.staging import Staged, stage
from desk_app.store import history_import as store_import

# A checkpoint holds the store's write lock for about this long (desks wait up to 5 s).
CHECKPOINT_SECONDS = 1.0
FIRST_CHECKPOINT_ROWS = 20_000
MIN_CHECKPOINT_ROWS, MAX_CHECKPOINT_ROWS = 5_000, 400_000
_BOUND_STEP = 1_000  # the granularity of checkpoint ranges, in staged rows
# A large import of sales (at least DEFER_INDEXES_ROWS, and at least DEFER_INDEXES_SHARE of
# the orders the store has) leaves out customer_stats' secondary indexes while it writes
# and builds them once at the end (store/history_import/indexes.py). Measured
# (docs/BENCHMARKS.md, 1M customers, 6.3M orders): 5M sales in a fifth less CPU.
DEFER_INDEXES_ROWS = 1_000_000
DEFER_INDEXES_SHARE = 0.5


def defers_indexes(rows: int, orders: int) -> bool:
    """Whether writing *rows* sales into a store of about *orders* orders leaves the
    deferred indexes out until the end."""
    return rows >= DEFER_INDEXES_ROWS and rows >= DEFER_INDEXES_SHARE * orders


def run(ctx: ServiceContext, path: str | os.PathLike, kind: str = cols.ORDERS, *,
        mapping: dict | None = None, encoding: str = "auto", dry_run: bool = False,
        progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_mapping: Callable[[dict, str], None] | None = None) -> Result[ImportReport]:
    """Import (or, with *dry_run*, check) the whole file. *mapping* is role → header(s);
    without it the remembered mapping of this header set is used, else the recognised one
    (*on_mapping* hears which). Raises :class:`ServiceError` when the file cannot be read
    or a required role is missing, :class:`ImportCancelled` when *cancelled* says so."""
    check_kind(kind)
    started = time.perf_counter()
    p, fmt = open_file(path, encoding)
    rows = FileRows(p, fmt)
    try:
        remembered = None
        if mapping is None:
            with ctx.reading() as session:
                remembered = store_import.remembered_mapping(
                    session.connection(), cols.header_key(rows.headers), kind)
        try:
            m, source = resolve_mapping(rows.headers, kind, mapping, remembered)
        except cols.MappingError as exc:
            raise ServiceError.one(exc.code, **exc.params) from None
        by_header = m.by_header(rows.headers)
        if on_mapping is not None:
            on_mapping(by_header, source)
        with ctx.store.engine.connect() as conn:
            store_import.tune_connection(conn)
            job = _Job(ctx, conn, rows, kind, m, progress, cancelled, started)
            try:
                report = job.execute(p, fmt, by_header, source, dry_run)
            except BaseException:
                store_import.rollback(conn)
                raise
            finally:
                store_import.drop_staging(conn)
                store_import.commit(conn)
    finally:
        rows.close()
    if dry_run:
        return Result(report)
    return Result(report, Changes(imports=True, customers=frozenset(job.customer_ids)))


class _Job:
    """One run: stream and stage, resolve, count, write (unless a dry run)."""

    def __init__(self, ctx: ServiceContext, conn, rows: FileRows, kind: str,
                 mapping: cols.Mapping_, progress, cancelled, started: float) -> None:
        self.ctx, self.conn, self.rows, self.kind, self.mapping = ctx, conn, rows, kind, mapping
        self.progress = progress or (lambda _p: None)
        self.cancelled = cancelled or (lambda: False)
        self.started = started
        self.customer_ids: list[int] = []
        self.steps = 1  # progress while writing: staged codes, then staged sale rows
        self.base = 0  # where the sales' steps start (after the codes')
        self.per_line = "product" in mapping

    def _tick(self, phase: str, n: int, step: int = 0, steps: int = 1) -> None:
        if self.cancelled():
            raise ImportCancelled()
        self._report(phase, n, step, steps)

    def _report(self, phase: str, n: int, step: int = 0, steps: int = 1) -> None:
        self.progress(Progress(phase, n, self.rows.counting.done, self.rows.size,
                               time.perf_counter() - self.started, step, steps))

    def execute(self, path: Path, fmt: FileFormat, by_header: dict, source: str,
                dry_run: bool) -> ImportReport:
        conn, kind, si = self.conn, self.kind, store_import
        orders = kind == cols.ORDERS
        si.create_staging(conn, unique_refs=orders and not self.per_line)
        # A dry run of sales without products before the store has any imported sale (a
        # shop's first import) stages only the order ids' keys: nothing in the store can
        # equal a fingerprint yet, and the keys alone give the counts.
        keys_only = (dry_run and orders and not self.per_line and conn.dialect.name == "sqlite"
                     and not si.has_imported_orders(conn))
        si.commit(conn)
        st = stage(conn, self.rows, kind, self.mapping, self.ctx.today(),
                   per_line=self.per_line, tick=self._tick, keys_only=keys_only)
        si.commit(conn)  # staging rows only: this connection's TEMP tables
        self._tick("writing", st.rows)
        if keys_only:
            return self._dry_run_of_keys(path, fmt, by_header, source, st)
        # resolved against a snapshot of the store; only the staging tables are written
        si.begin_read(conn)
        si.match_new_codes(conn)
        new_customers, by_code_since, by_phone = si.code_counts(conn)
        errors = st.errors
        dups = to_write = 0
        if orders:
            si.resolve_sales(conn, per_line=self.per_line)
            errors += [RowProblem(line, code, _sql_params(code, params))
                       for line, code, params in si.staged_errors(conn)]
            errors.sort(key=lambda e: e.line)
            if dry_run or self.per_line:
                si.already_imported(conn)
            dups, to_write = si.sale_counts(conn)
        if dry_run:
            matched = st.known_customers + by_code_since + by_phone
            completed = 0
            if orders:
                imported, skipped = to_write, st.dropped_repeats + dups
                n_orders = si.order_count(conn) if self.per_line else to_write
            else:
                completed = si.plan_completion(conn)
                imported = new_customers + completed
                skipped, n_orders = matched - completed + st.repeats, 0
            self._tick("done", st.rows)
            si.rollback(conn)
            return self._report_for(path, fmt, by_header, source, st, imported, skipped,
                                    new_customers, matched, by_phone, n_orders, errors,
                                    dry_run=True, import_id=None, completed=completed)
        si.commit(conn)
        self._tick("writing", st.rows)  # the last moment at which cancel writes nothing

        record = dict(
            kind=kind, file_name=path.name[:255], file_hash=self.rows.counting.hash.hexdigest(),
            file_size=self.rows.size, encoding=fmt.encoding,
            mapping=json.dumps(by_header, ensure_ascii=False), rows=st.rows, imported=0,
            skipped_duplicates=st.dropped_repeats, new_customers=0,
            matched_customers=st.known_customers, errors=len(errors), orders_written=0,
            operator_id=self.ctx.operator_id, created_by=os_user())
        import_id, (new_customers, by_code_since, by_phone, completed) = self._write_customers(
            st, record, by_header, sales=dups + to_write)
        matched = st.known_customers + by_code_since + by_phone
        self.customer_ids = st.touched(conn)
        if orders:
            si.begin_read(conn)  # the staging tables only: the store is not locked
            si.resolve_new_ids(conn)
            si.commit(conn)
            imported, n_orders = self._write_sales(st, import_id)
            skipped = st.dropped_repeats + dups + (to_write - imported)
        else:
            imported = new_customers + completed
            skipped, n_orders = matched - completed + st.repeats, 0
        self._report("done", st.rows)  # the checkpoints are written: cancel came too late
        return self._report_for(path, fmt, by_header, source, st, imported, skipped,
                                new_customers, matched, by_phone, n_orders, errors,
                                dry_run=False, import_id=import_id, completed=completed)

    def _dry_run_of_keys(self, path: Path, fmt: FileFormat, by_header: dict, source: str,
                         st: Staged) -> ImportReport:
        """The counts of a keys-only dry run: the same as a full one would give."""
        conn, si = self.conn, store_import
        si.begin_read(conn)
        si.match_new_codes(conn)
        new_customers, by_code_since, by_phone = si.code_counts(conn)
        matched = st.known_customers + by_code_since + by_phone
        to_write = st.sales - st.dropped_repeats
        self._tick("done", st.rows)
        si.rollback(conn)
        return self._report_for(path, fmt, by_header, source, st, to_write,
                                st.dropped_repeats, new_customers, matched, by_phone, to_write,
                                sorted(st.errors, key=lambda e: e.line), dry_run=True,
                                import_id=None)

    def _write_customers(self, st: Staged, record: dict, by_header: dict, *,
                         sales: int) -> tuple[int, tuple[int, int, int, int]]:
        """New customers in checkpoints over ranges of the staged codes in file order,
        each matching its codes again under the write lock (a desk may have registered one
        since the file was read) and writing the customers, phones, empty figures and
        aliases of the rest (a customer import also fills what its matched customers have
        empty: ``store.history_import.completing``), with the import's record (created by
        the first) saying how many so far. Returns the import's id and (new customers,
        matched by code since, matched by phone and name, matched customers completed).
        *sales* is the staged sale rows still to come."""
        conn, si = self.conn, store_import
        si.index_new_codes(conn)
        si.commit(conn)
        bounds = si.code_bounds(conn, _BOUND_STEP)
        si.commit(conn)
        codes = bounds[-1][1] if bounds else 0
        self.steps, self.base = codes + sales, codes
        import_id: int | None = None
        new = by_code = by_phone = completed = 0
        customers = self.kind == cols.CUSTOMERS

        def write(after: int, upto: int, _done: int) -> None:
            nonlocal import_id, new, by_code, by_phone, completed
            if import_id is None:
                import_id = si.create_record(conn, **record)
                si.remember_mapping(conn, cols.header_key(self.rows.headers), self.kind,
                                    by_header)
            si.match_new_codes(conn, lines=(after, upto), import_id=import_id)
            si.write_customers(conn, import_id, after=after, upto=upto)
            if customers:
                completed += si.complete_customers(conn, import_id, lines=(after, upto),
                                                   at=now_utc(),
                                                   operator_id=self.ctx.operator_id)
            counts = si.code_counts(conn, (after, upto))
            new, by_code, by_phone = new + counts[0], by_code + counts[1], by_phone + counts[2]
            matched = st.known_customers + by_code + by_phone
            fields = {"new_customers": new, "matched_customers": matched}
            if customers:
                fields |= {"imported": new + completed,
                           "skipped_duplicates": matched - completed + st.repeats}
            si.finish_record(conn, import_id, **fields)

        def cancel() -> ImportCancelled:
            assert import_id is not None
            return ImportCancelled(import_id, customers_written=new, sales_follow=bool(sales))

        self._tick("customers", st.rows, 0, self.steps)  # still nothing written
        # without codes to resolve one transaction writes the record, and a cancel comes
        # after the first checkpoint of sales, as always
        self._checkpoints(st, "customers", bounds or [(0, 0)], write, 0, cancel,
                          more_follow=bool(bounds) and sales > 0)
        assert import_id is not None
        return import_id, (new, by_code, by_phone, completed)

    def _write_sales(self, st: Staged, import_id: int) -> tuple[int, int]:
        """Sales in checkpoints over ranges of customers, each sized to hold the write lock
        about CHECKPOINT_SECONDS. Returns (rows written, orders written): the same but for
        rows per order line."""
        conn, si = self.conn, store_import
        si.index_sales_by_customer(conn)
        si.commit(conn)
        bounds = list(si.chunk_bounds(conn, _BOUND_STEP))
        si.commit(conn)
        total = bounds[-1][1] if bounds else 0
        if not defers_indexes(total, si.orders_estimate(conn)):
            return self._write_sales_checkpoints(st, import_id, bounds)
        with si.deferring_indexes(conn):  # another start leaves them to us meanwhile
            si.begin_write(conn)
            deferred = si.drop_deferred_indexes(conn)
            si.commit(conn)
            try:
                return self._write_sales_checkpoints(st, import_id, bounds)
            finally:  # built once, also after a cancel (a crash: at the next start),
                si.rollback(conn)  # one per transaction: a desk saves between two
                self._report("writing", st.rows, self.steps, self.steps)
                for name in deferred:
                    si.begin_write(conn)
                    si.build_deferred_indexes(conn, [name])
                    si.commit(conn)

    def _write_sales_checkpoints(self, st: Staged, import_id: int,
                                 bounds: list[tuple[int, int]]) -> tuple[int, int]:
        conn, si = self.conn, store_import
        written = orders = mark = 0

        def write(after: int, upto: int, done_after: int) -> None:
            nonlocal written, orders, mark
            if self.per_line:
                n_orders, n, mark = si.write_orders_chunk(conn, import_id, after=after,
                                                          upto=upto, mark=mark)
            else:
                n, mark = si.write_sales_chunk(conn, import_id, after=after, upto=upto,
                                               mark=mark)
                n_orders = n
            written += n
            orders += n_orders
            si.finish_record(conn, import_id, imported=written, orders_written=orders,
                             skipped_duplicates=st.dropped_repeats + done_after - written)

        self._report("writing", st.rows, self.base, self.steps)
        self._checkpoints(st, "writing", bounds, write, self.base,
                          lambda: ImportCancelled(import_id, written), more_follow=False)
        return written, orders

    def _checkpoints(self, st: Staged, phase: str, bounds: list[tuple[int, int]],
                     write: Callable[[int, int, int], None], base: int,
                     cancel: Callable[[], ImportCancelled], *, more_follow: bool) -> None:
        """*write* (after, upto, staged rows up to *upto*) in one write transaction per
        checkpoint, each joining consecutive *bounds* (upto, staged rows up to it) to about
        the rows the last one wrote in CHECKPOINT_SECONDS. Progress says *phase*, rows done
        counted from *base*. A cancel stops after a checkpoint (raising *cancel*()) if
        another, or *more_follow* other work, would follow."""
        conn, si = self.conn, store_import
        after = done = 0
        target = FIRST_CHECKPOINT_ROWS
        i = 0
        while i < len(bounds):
            j = i
            while j + 1 < len(bounds) and bounds[j][1] - done < target:
                j += 1
            upto, done_after = bounds[j]
            started = time.perf_counter()
            si.begin_write(conn)
            write(after, upto, done_after)
            si.commit(conn)
            seconds = time.perf_counter() - started
            rows = done_after - done
            if rows and seconds > 0:  # the next checkpoint sized on this one's pace
                target = int(min(max(rows * CHECKPOINT_SECONDS / seconds, MIN_CHECKPOINT_ROWS),
                                 MAX_CHECKPOINT_ROWS, target * 4))
            after, done, i = upto, done_after, j + 1
            self._report(phase, st.rows, base + done, self.steps)
            if (i < len(bounds) or more_follow) and self.cancelled():
                raise cancel()

    def _report_for(self, path: Path, fmt: FileFormat, by_header: dict, source: str,
                    st: Staged, imported: int, skipped: int, new_customers: int, matched: int,
                    by_phone: int, n_orders: int, errors: list[RowProblem], *, dry_run: bool,
                    import_id: int | None, completed: int = 0) -> ImportReport:
        return ImportReport(
            kind=self.kind, file_name=path.name, file_hash=self.rows.counting.hash.hexdigest(),
            encoding=fmt.encoding, delimiter=fmt.delimiter, mapping=by_header,
            mapping_source=source, rows=st.rows, imported=imported, skipped_duplicates=skipped,
            new_customers=new_customers, matched_customers=matched, matched_by_phone=by_phone,
            orders=n_orders, errors=tuple(errors), dry_run=dry_run, import_id=import_id,
            seconds=time.perf_counter() - self.started, completed_customers=completed)


def _sql_params(code: str, raw: str | None) -> dict[str, Any]:
    if code == "import.unknown_sku":
        return {"sku": raw or ""}
    if code == "import.order_conflict":
        line, _, order = (raw or "").partition("|")
        return {"line": line, "order": order}
    return {}
