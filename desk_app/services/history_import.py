"""売上履歴の取込 / 顧客情報の取込: a shop's past sales and customer master from CSV or TSV.

The desk (ファイル › 取り込み…) and the CLI (``desk-app import orders|customers``) call the
same three steps:

1. :func:`preview` — the file's format (encoding, delimiter), headers, first rows, the
   mapping recognised from the headers and the one remembered for this header set;
2. :func:`run` — the whole file, as a dry run (counts and every bad row, nothing written)
   or for real; bad rows never stop the rest;
3. :func:`undo` — an import removed as a whole; :func:`history` lists them.

Cancel and checkpoint: **nothing is written on cancel.** The file is streamed into
staging tables that only this import's connection sees, and everything it writes goes in
one transaction at the end; cancelling at any moment (while reading or while writing) rolls
that transaction back, and the store is as it was. On SQLite the store is not locked while
the file is read; it is locked for writing only during the final, set-based step.

Idempotency, matching and aggregates are explained in ``desk_app.store.history_import``.
"""

from __future__ import annotations

import codecs
import csv
import getpass
import hashlib
import io
import itertools
import json
import os
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_app.domain import messages
from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.rows import RowError, RowReader
from desk_app.domain.importing.sniff import SAMPLE_BYTES, FileFormat, sniff
from desk_app.services.base import Changes, Result, ServiceContext, ServiceError
from desk_app.store import history_import as store_import

BATCH = 20_000
PREVIEW_ROWS = 20
# Share of a run's time spent reading the file, as bench/bench_import.py measures it (the
# rest is the set-based writing); progress and the time left are scaled by it.
READ_SHARE = 0.75
WRITE_STEPS = 4

messages.register({
    "import.file_unreadable": ("ファイルを読めません: {reason}", "Cannot read the file: {reason}"),
    "import.file_empty": ("ファイルが空です（見出しの行がありません）。",
                          "The file is empty (no header row)."),
    "import.encoding_unknown": ("文字コード「{encoding}」は使えません（auto / utf-8 / cp932）。",
                                "Unknown encoding “{encoding}” (auto, utf-8 or cp932)."),
    "import.mapping_invalid": ("列の割り当てが読めません: {reason}",
                               "The column mapping cannot be read: {reason}"),
    "import.cancelled": ("取込を中止しました。何も書き込んでいません。",
                         "The import was cancelled. Nothing was written."),
    "import.not_found": ("取込 No.{id} はありません。", "Import No. {id} does not exist."),
    "import.already_undone": ("取込 No.{id} は取り消し済みです。",
                              "Import No. {id} has already been undone."),
    "import.row_unreadable": ("この行は CSV として読めません（NUL 文字など）。",
                              "This row cannot be read as CSV (a NUL character or similar)."),
    "import.kind_unknown": ("取込の種類は orders か customers です。",
                            "The import kind is orders or customers."),
})


class ImportCancelled(ServiceError):
    """The clerk cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__([_problem("import.cancelled")])


def _problem(code: str, **params: Any):
    from desk_app.services.base import Problem
    return Problem(code, params)


# --- results ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RowProblem:
    """A rejected row: its first line in the file (header = line 1) and why."""

    line: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str = "ja") -> str:
        return messages.text(self.code, self.params, lang)


@dataclass(frozen=True)
class ImportReport:
    kind: str
    file_name: str
    file_hash: str
    encoding: str
    delimiter: str
    mapping: dict[str, str | list[str]]  # role → header(s)
    mapping_source: str  # given / remembered / recognised
    rows: int
    imported: int
    skipped_duplicates: int
    new_customers: int
    matched_customers: int
    matched_by_phone: int
    orders: int  # orders written (or that would be): rows per order line share one
    errors: tuple[RowProblem, ...]
    dry_run: bool
    import_id: int | None
    seconds: float

    def to_json_dict(self, lang: str = "ja") -> dict[str, Any]:
        """The CLI contract: counts in data rows (rows = imported + skipped_duplicates +
        len(errors)); each error's line is the row's first line, the header being line 1."""
        return {"rows": self.rows, "imported": self.imported,
                "skipped_duplicates": self.skipped_duplicates,
                "new_customers": self.new_customers,
                "matched_customers": self.matched_customers,
                "errors": [{"line": e.line, "reason": e.reason(lang)} for e in self.errors]}


@dataclass(frozen=True)
class FilePreview:
    path: str
    kind: str
    format: FileFormat
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first data rows
    recognised: dict[str, str | list[str]]
    remembered: dict[str, str | list[str]] | None
    header_key: str

    @property
    def suggested(self) -> dict[str, str | list[str]]:
        """What the dialog starts from: the remembered mapping, else the recognised one."""
        return self.remembered if self.remembered is not None else self.recognised


@dataclass(frozen=True)
class Progress:
    """Where a run is: reading (by bytes of the file) or writing (by its steps)."""

    phase: str  # reading / writing / done
    rows: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    step: int = 0  # writing: steps done of WRITE_STEPS
    steps: int = 1

    @property
    def fraction(self) -> float:
        if self.phase == "done":
            return 1.0
        if self.phase == "reading":
            share = self.bytes_done / self.bytes_total if self.bytes_total else 1.0
            return READ_SHARE * min(share, 1.0)
        return READ_SHARE + (1 - READ_SHARE) * min(self.step / max(self.steps, 1), 1.0)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated from the share done so far (see READ_SHARE)."""
        f = self.fraction
        if f <= 0.01 or self.elapsed <= 0:
            return None
        return max(0.0, self.elapsed * (1 - f) / f)


@dataclass(frozen=True)
class ImportSummary:
    id: int
    kind: str
    file_name: str
    file_hash: str
    rows: int
    imported: int
    skipped_duplicates: int
    new_customers: int
    matched_customers: int
    errors: int
    created_at: Any
    created_by: str | None
    operator_id: int | None
    undone_at: Any


@dataclass(frozen=True)
class UndoReport:
    import_id: int
    orders_removed: int
    customers_removed: int
    customers_kept: int


# --- reading ---------------------------------------------------------------------------

class _Counting(io.RawIOBase):
    """The file's bytes through a SHA-256 and a counter (progress and the import record)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.hash.update(memoryview(buffer)[:n])
            self.done += n
        return n or 0


_BAD_BYTES = [0]


def _count_bad(error: UnicodeError) -> tuple[str, int]:
    _BAD_BYTES[0] += 1
    return "\ufffd", error.end  # type: ignore[attr-defined]


codecs.register_error("desk_import", _count_bad)


class _Rows:
    """(first line, fields) for every row of the file after the header."""

    def __init__(self, path: Path, fmt: FileFormat) -> None:
        self.file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed in close())
        self.size = os.fstat(self.file.fileno()).st_size
        self.counting = _Counting(self.file)
        self.text = io.TextIOWrapper(io.BufferedReader(self.counting, 1 << 20),
                                     encoding=fmt.encoding, errors="desk_import", newline="")
        self.reader = csv.reader(self.text, delimiter=fmt.delimiter)
        self.bad_at_start = _BAD_BYTES[0]
        try:
            self.headers = tuple(h.strip() for h in next(self.reader))
        except StopIteration:
            self.close()
            raise ServiceError.one("import.file_empty") from None
        except csv.Error as exc:
            self.close()
            raise ServiceError.one("import.file_unreadable", reason=str(exc)) from None
        if not any(self.headers):
            self.close()
            raise ServiceError.one("import.file_empty")

    def __iter__(self) -> Iterator[tuple[int, list[str] | None, bool]]:
        """(first line, fields, garbled?) per non-blank row; fields is None for a row the
        csv module could not split."""
        reader = self.reader
        prev = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:  # e.g. a NUL byte; the rest of the file is still read
                first, prev = prev + 1, reader.line_num
                yield first, None, True
                continue
            first, prev = prev + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            garbled = (_BAD_BYTES[0] != self.bad_at_start
                       and any("\ufffd" in f for f in fields))
            yield first, fields, garbled

    def close(self) -> None:
        self.file.close()


def _open(path: str | os.PathLike, encoding: str) -> tuple[Path, FileFormat]:
    p = Path(path)
    try:
        with open(p, "rb") as f:
            sample = f.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ServiceError.one("import.file_unreadable", reason=exc.strerror or str(exc)) from None
    try:
        return p, sniff(sample, encoding)
    except LookupError:
        raise ServiceError.one("import.encoding_unknown", encoding=encoding) from None


def _check_kind(kind: str) -> None:
    if kind not in cols.KINDS:
        raise ServiceError.one("import.kind_unknown")


def preview(ctx: ServiceContext, path: str | os.PathLike, kind: str = cols.ORDERS,
            encoding: str = "auto", n_rows: int = PREVIEW_ROWS) -> FilePreview:
    """The first rows and the suggested mapping; reads only the start of the file."""
    _check_kind(kind)
    p, fmt = _open(path, encoding)
    rows = _Rows(p, fmt)
    try:
        first: list[tuple[str, ...]] = []
        for _line, fields, _bad in rows:
            first.append(tuple(fields or ()))
            if len(first) >= n_rows:
                break
    finally:
        rows.close()
    key = cols.header_key(rows.headers)
    recognised = cols.recognise(rows.headers, kind).by_header(rows.headers)
    with ctx.reading() as session:
        remembered = store_import.remembered_mapping(session.connection(), key, kind)
    if remembered is not None:
        try:
            cols.from_headers(remembered, rows.headers)
        except cols.MappingError:
            remembered = None
    return FilePreview(str(p), kind, fmt, rows.headers, tuple(first), recognised, remembered,
                       key)


def resolve_mapping(headers: Sequence[str], kind: str, given: dict | None,
                    remembered: dict | None) -> tuple[cols.Mapping_, str]:
    if given is not None:
        if not isinstance(given, dict):
            raise ServiceError.one("import.mapping_invalid", reason="JSON object expected")
        mapping, source = cols.from_headers(given, headers), "given"
    elif remembered is not None:
        mapping, source = cols.from_headers(remembered, headers), "remembered"
    else:
        mapping, source = cols.recognise(headers, kind), "recognised"
    cols.check(mapping, kind, headers)
    return mapping, source


# --- the import ------------------------------------------------------------------------

def run(ctx: ServiceContext, path: str | os.PathLike, kind: str = cols.ORDERS, *,
        mapping: dict | None = None, encoding: str = "auto", dry_run: bool = False,
        progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_mapping: Callable[[dict, str], None] | None = None) -> Result[ImportReport]:
    """Import (or, with *dry_run*, check) the whole file. *mapping* is role → header(s);
    without it the remembered mapping of this header set is used, else the recognised one
    (*on_mapping* hears which). Raises :class:`ServiceError` when the file cannot be read
    or a required role is missing, :class:`ImportCancelled` when *cancelled* says so."""
    _check_kind(kind)
    started = time.perf_counter()
    p, fmt = _open(path, encoding)
    rows = _Rows(p, fmt)
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

    def __init__(self, ctx: ServiceContext, conn, rows: _Rows, kind: str, mapping: cols.Mapping_,
                 progress, cancelled, started: float) -> None:
        self.ctx, self.conn, self.rows, self.kind, self.mapping = ctx, conn, rows, kind, mapping
        self.progress = progress or (lambda _p: None)
        self.cancelled = cancelled or (lambda: False)
        self.started = started
        self.customer_ids: list[int] = []
        self.per_line = "product" in mapping

    def _tick(self, phase: str, n: int, step: int = 0) -> None:
        if self.cancelled():
            raise ImportCancelled()
        self.progress(Progress(phase, n, self.rows.counting.done, self.rows.size,
                               time.perf_counter() - self.started, step, WRITE_STEPS))

    def execute(self, path: Path, fmt: FileFormat, by_header: dict, source: str,
                dry_run: bool) -> ImportReport:
        conn, kind, si = self.conn, self.kind, store_import
        orders = kind == cols.ORDERS
        si.create_staging(conn, unique_refs=orders and not self.per_line)
        si.commit(conn)
        st = self._stage()
        si.commit(conn)  # staging rows only: this connection's TEMP tables
        self._tick("writing", st.rows, 0)
        # one transaction from here: resolved against the store as it is now, all written
        # or nothing (on SQLite it takes the write lock at once, so it never works from an
        # older snapshot than the one it writes to)
        si.begin_write(conn, dry_run=dry_run)
        si.match_new_codes(conn)
        new_customers, by_code_since, by_phone = si.code_counts(conn)
        matched = st.known_customers + by_code_since + by_phone
        errors = st.errors
        if orders:
            si.resolve_sales(conn, per_line=self.per_line)
            errors += [RowProblem(line, code, _sql_params(code, params))
                       for line, code, params in si.staged_errors(conn)]
            errors.sort(key=lambda e: e.line)
        self._tick("writing", st.rows, 1)
        import_id = None
        if orders:
            if dry_run or self.per_line:
                si.already_imported(conn)
            dups, to_write = si.sale_counts(conn)
            skipped = st.dropped_repeats + dups
            imported = to_write
            n_orders = si.order_count(conn) if self.per_line or dry_run else to_write
        else:
            imported, skipped, n_orders = new_customers, matched + st.repeats, 0
        if not dry_run:
            import_id = si.create_record(
                conn, kind=kind, file_name=path.name[:255],
                file_hash=self.rows.counting.hash.hexdigest(), file_size=self.rows.size,
                encoding=fmt.encoding, mapping=json.dumps(by_header, ensure_ascii=False),
                rows=st.rows, imported=0, skipped_duplicates=0, new_customers=new_customers,
                matched_customers=matched, errors=len(errors), orders_written=0,
                operator_id=self.ctx.operator_id, created_by=_user())
            si.write_customers(conn, import_id)
            self._tick("writing", st.rows, 2)
            if orders:
                n_orders, written_rows = si.write_orders(conn, import_id, per_line=self.per_line)
                skipped += imported - written_rows  # already in the store
                imported = written_rows
                self._tick("writing", st.rows, 3)
                self._stats(st, exact=(not self.per_line and st.dropped_repeats == 0
                                       and dups == 0 and skipped == 0))
            else:  # new customers start with empty figures
                si.recompute_stats_for(
                    conn, "SELECT customer_id AS id FROM imp_codes WHERE how = 'new'")
            si.finish_record(conn, import_id, imported=imported, skipped_duplicates=skipped,
                             orders_written=n_orders)
            si.remember_mapping(conn, cols.header_key(self.rows.headers), kind, by_header)
            self.customer_ids = st.touched(conn)
        self._tick("done", st.rows)
        if dry_run:
            si.rollback(conn)
        else:
            si.commit(conn)
        return ImportReport(
            kind=kind, file_name=path.name, file_hash=self.rows.counting.hash.hexdigest(),
            encoding=fmt.encoding, delimiter=fmt.delimiter, mapping=by_header,
            mapping_source=source, rows=st.rows, imported=imported, skipped_duplicates=skipped,
            new_customers=new_customers, matched_customers=matched, matched_by_phone=by_phone,
            orders=n_orders, errors=tuple(errors), dry_run=dry_run, import_id=import_id,
            seconds=time.perf_counter() - self.started)

    def _stats(self, st: _Staged, *, exact: bool) -> None:
        """Aggregates: the sums kept while staging, merged into the customers' figures, when
        every staged sale was written; else recomputed from the orders of every customer
        the file touched (a re-import, repeated order ids, rows per order line)."""
        si, conn = store_import, self.conn
        if exact:
            si.bulk_insert(conn, "imp_stats", si.STATS_COLUMNS, list(st.stats_rows()))
            si.map_provisional_stats(conn)
            si.merge_stats(conn)
        else:
            ids = [(i,) for i in st.known_ids()]
            for start in range(0, len(ids), BATCH * 10):
                si.bulk_insert(conn, "imp_touched", ("id",), ids[start:start + BATCH * 10])
            conn.exec_driver_sql("INSERT INTO imp_touched (id) SELECT DISTINCT customer_id FROM"
                                 " imp_codes WHERE customer_id IS NOT NULL AND customer_id NOT IN"
                                 " (SELECT id FROM imp_touched)")
            si.recompute_stats_for(conn, "SELECT id FROM imp_touched")

    def _stage(self) -> _Staged:
        """Stream the file into the staging tables, resolving known customer ids on the way
        and summing each customer's sales."""
        kind, si = self.kind, store_import
        reader = RowReader(self.mapping, self.rows.headers, self.ctx.today())
        orders = kind == cols.ORDERS
        people = reader.has_person or not orders
        width = reader.width
        sale, person, check_width = reader.sale, reader.person, reader.check_width
        codes = si.code_map(self.conn)
        st = _Staged(si.max_customer_id(self.conn))
        bits, counts, totals, firsts, lasts = st.bits, st.counts, st.totals, st.firsts, st.lasts
        new_codes = st.new_codes
        errors = st.errors
        sales: list[tuple] = []
        persons: list[tuple] = []
        phones: list[tuple] = []
        codes_rows: list[tuple] = []
        unique_refs = orders and not self.per_line
        seen_people: set[str] = set()
        n = 0
        for line, fields, garbled in self.rows:
            n += 1
            try:
                if fields is None:
                    raise RowError("import.row_unreadable")
                if garbled:
                    raise RowError("import.undecodable")
                if len(fields) != width:
                    check_width(fields)
                if orders:
                    ref, code, day, amount, sku, qty = sale(fields, line)
                    cid = codes.get(code)
                    if cid is None:
                        pid = new_codes.get(code)
                        if pid is None:
                            if people:
                                self._person(person(fields, line, name_required=False),
                                             persons, phones)
                            pid = -(len(new_codes) + 1)
                            new_codes[code] = pid
                            codes_rows.append((code, pid, line))
                        cid = pid
                        agg = st.provisional.get(cid)
                        if agg is None:
                            st.provisional[cid] = [day, day, 1, amount]
                        else:
                            agg[0] = min(agg[0], day)
                            agg[1] = max(agg[1], day)
                            agg[2] += 1
                            agg[3] += amount
                    else:
                        bits[cid] = 1
                        counts[cid] += 1
                        totals[cid] += amount
                        if day < firsts[cid]:
                            firsts[cid] = day
                        if day > lasts[cid]:
                            lasts[cid] = day
                    sales.append((line, cid, day, amount, ref,
                                  "o:" + ref if ref is not None else None, sku, qty))
                else:
                    pr = person(fields, line, name_required=True)
                    if pr.code in seen_people:
                        st.repeats += 1
                        continue
                    seen_people.add(pr.code)
                    cid = codes.get(pr.code)
                    if cid is not None:
                        bits[cid] = 1
                        continue
                    self._person(pr, persons, phones)
                    pid = -(len(new_codes) + 1)
                    new_codes[pr.code] = pid
                    codes_rows.append((pr.code, pid, line))
            except RowError as exc:
                errors.append(RowProblem(line, exc.code, exc.params))
                continue
            if len(sales) >= BATCH or len(persons) >= BATCH:
                st.dropped_repeats += self._flush(sales, persons, phones, codes_rows,
                                                  unique_refs)
                self._tick("reading", n)
        st.dropped_repeats += self._flush(sales, persons, phones, codes_rows, unique_refs)
        st.rows = n
        st.known_customers = bits.count(1)
        self._tick("reading", n)
        return st

    @staticmethod
    def _person(pr, persons: list, phones: list) -> None:
        persons.append((pr.line, pr.code, pr.name, pr.name_key, pr.kana, pr.kana_key,
                        pr.company, pr.postal_code, pr.prefecture, pr.city, pr.address1,
                        pr.address2, pr.email,
                        pr.birthday.isoformat() if pr.birthday else None, pr.dm_allowed,
                        pr.caution, pr.caution_note))
        for seq, (national, e164) in enumerate(pr.phones):
            kind = "mobile" if national[:3] in ("070", "080", "090") else "home"
            phones.append((pr.code, seq, kind, national, e164, national[::-1]))

    def _flush(self, sales: list, persons: list, phones: list, codes_rows: list,
               unique_refs: bool) -> int:
        """Write the staged batch; returns the rows a repeated order id dropped (SQLite)."""
        si, conn = store_import, self.conn
        kept = si.bulk_insert(conn, "imp_sales", si.SALE_COLUMNS, sales,
                              ignore_duplicates=unique_refs)
        dropped = len(sales) - kept
        si.bulk_insert(conn, "imp_people", si.PERSON_COLUMNS, persons)
        si.bulk_insert(conn, "imp_phones", si.PHONE_COLUMNS, phones)
        si.bulk_insert(conn, "imp_codes", si.CODE_COLUMNS, codes_rows)
        for batch in (sales, persons, phones, codes_rows):
            batch.clear()
        return dropped


class _Staged:
    """What streaming the file found: counts, errors, and per known customer (by id) the
    number, total and first/last date of its sales, in flat arrays (a million customers
    take a few MB); ids not known yet are summed under their provisional (negative) id."""

    def __init__(self, max_id: int) -> None:
        size = max_id + 1
        self.bits = bytearray(size)
        self.counts = array("l", bytes(8 * size))
        self.totals = array("q", bytes(8 * size))
        self.firsts: list[str] = ["~"] * size
        self.lasts: list[str] = [""] * size
        self.provisional: dict[int, list] = {}
        self.new_codes: dict[str, int] = {}
        self.errors: list[RowProblem] = []
        self.rows = 0
        self.repeats = 0
        self.dropped_repeats = 0
        self.known_customers = 0

    def known_ids(self) -> Iterator[int]:
        bits = self.bits
        start = bits.find(1)
        while start >= 0:
            yield start
            start = bits.find(1, start + 1)

    def stats_rows(self) -> Iterator[tuple]:
        for cid in self.known_ids():
            yield (cid, self.firsts[cid], self.lasts[cid], self.counts[cid], self.totals[cid])
        for pid, (first, last, count, total) in self.provisional.items():
            yield (pid, first, last, count, total)

    def touched(self, conn) -> list[int]:
        """Customer ids for the change hub (at most 100,000: beyond that a screen reloads)."""
        ids = list(itertools.islice(self.known_ids(), 100_000))
        ids += conn.exec_driver_sql("SELECT customer_id FROM imp_codes WHERE customer_id IS NOT"
                                    " NULL LIMIT 100000").scalars()
        return ids


def _sql_params(code: str, raw: str | None) -> dict[str, Any]:
    if code == "import.unknown_sku":
        return {"sku": raw or ""}
    if code == "import.order_conflict":
        line, _, order = (raw or "").partition("|")
        return {"line": line, "order": order}
    return {}


def _user() -> str | None:
    try:
        return getpass.getuser()[:60]
    except Exception:  # no login name (a service account): the operator id still says who
        return None


# --- undo, history, rejected rows --------------------------------------------------------

def undo(ctx: ServiceContext, import_id: int) -> Result[UndoReport]:
    from desk_app.store.models import ImportRecord

    with ctx.transaction() as session:
        record = session.get(ImportRecord, import_id)
        if record is None:
            raise ServiceError.one("import.not_found", id=import_id)
        if record.undone_at is not None:
            raise ServiceError.one("import.already_undone", id=import_id)
        counts = store_import.undo(session.connection(), import_id)
        session.expire_all()
    report = UndoReport(import_id, counts.orders, counts.customers_removed,
                        counts.customers_kept)
    return Result(report, Changes(imports=True, customers=frozenset(counts.customer_ids)))


def history(ctx: ServiceContext, limit: int = 100) -> list[ImportSummary]:
    with ctx.reading() as session:
        return [ImportSummary(r.id, r.kind, r.file_name, r.file_hash, r.rows, r.imported,
                              r.skipped_duplicates, r.new_customers, r.matched_customers,
                              r.errors, r.created_at, r.created_by, r.operator_id, r.undone_at)
                for r in store_import.records(session.connection(), limit)]


def write_rejected(report: ImportReport, path: str | os.PathLike, out: str | os.PathLike,
                   lang: str = "ja") -> int:
    """The rejected rows of *report* as a CSV in the file's own encoding, delimiter and
    columns, plus a reason column (エラー理由) and the row's line in the original file: fix
    them in Excel and import the file again. Returns the rows written."""
    reasons = {e.line: e.reason(lang) for e in report.errors}
    fmt = FileFormat(report.encoding, report.delimiter, detected=False)
    rows = _Rows(Path(path), fmt)
    written = 0
    try:
        with open(out, "w", encoding=report.encoding, errors="replace", newline="") as f:
            writer = csv.writer(f, delimiter=report.delimiter, lineterminator="\r\n")
            writer.writerow([*rows.headers, "エラー理由" if lang == "ja" else "reason",
                             "元の行" if lang == "ja" else "line"])
            for line, fields, _bad in rows:
                reason = reasons.get(line)
                if reason is not None:
                    writer.writerow([*(fields or ()), reason, line])
                    written += 1
    finally:
        rows.close()
    return written
